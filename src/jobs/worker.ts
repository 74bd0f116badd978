import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Job, JobQueue } from '../store/queue.js';

/**
 * A worker takes due jobs from the queue one at a time and runs them, renewing the
 * job's lease while it runs; a worker killed mid-job leaves the lease to expire and
 * the job is taken again. `serve` runs one in process; `intake worker` runs one
 * alone, and on PostgreSQL several on other machines share the queue.
 */
export interface WorkerOptions {
  leaseMs: number;
  pollMs: number;
  /** `beat`: the job made progress (the watchdog's sign of life). */
  run: (job: Job, signal: AbortSignal, beat: () => void) => Promise<void>;
  onError?: (job: Job, error: unknown, outcome: 'retry' | 'failed') => void;
  /** Tasks run now and then between jobs (purging expired files, due schedules). */
  periodic?: { everyMs: number; run: () => Promise<unknown> }[];
  /** A job without progress for this long is stalled: said in the logs and in /ready. */
  stallMs?: number;
  onStall?: (message: string) => void;
  /** The queue could not be read (the database away), and when it answers again. */
  onQueue?: (message: string) => void;
}

/** What the watchdog sees of a worker. */
export interface WorkerHealth {
  state: 'idle' | 'busy' | 'stalled';
  /** The job in hand, and how long since it last made progress. */
  job?: { kind: string; importId: string; quietMs: number };
}

/** A worker with a job in hand, quiet for `quietMs`: stalled past `stallMs` (10 minutes). */
export function busyHealth(
  job: { kind: string; importId: string },
  quietMs: number,
  stallMs = 600_000,
): WorkerHealth {
  return {
    state: quietMs > stallMs ? 'stalled' : 'busy',
    job: { kind: job.kind, importId: job.importId, quietMs },
  };
}

/** What the service holds of its worker: in this thread (`Worker`) or in one of its own. */
export interface JobWorker {
  readonly name: string;
  start(): void;
  stop(graceMs?: number): Promise<void>;
  poke(): void;
  health(): WorkerHealth;
}

export class Worker implements JobWorker {
  readonly name = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private stopped = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly queue: JobQueue,
    private readonly opts: WorkerOptions,
  ) {}

  start(): void {
    this.loop ??= this.run();
    // The watchdog: a job that makes no progress (a stuck statement, a reader in a loop)
    // is said once in the logs, and /ready reports the worker stalled until it moves.
    const every = Math.max(50, Math.min(30_000, (this.opts.stallMs ?? 600_000) / 4));
    this.watchdog ??= setInterval(() => this.watch(), every);
    this.watchdog.unref();
  }

  private watchdog?: NodeJS.Timeout;
  private said?: string;

  private watch(): void {
    const h = this.health();
    if (h.state !== 'stalled' || !h.job) return;
    const key = `${h.job.importId}|${h.job.kind}`;
    if (this.said === key) return;
    this.said = key;
    this.opts.onStall?.(
      `worker ${this.name}: the ${h.job.kind} job of ${h.job.importId} has made no progress for ${Math.round(h.job.quietMs / 1000)} s`,
    );
  }

  health(now = Date.now()): WorkerHealth {
    const c = this.inHand;
    if (!c) return { state: 'idle' };
    return busyHealth(c.job, now - c.beat, this.opts.stallMs);
  }

  /** The job being run: when it last made progress, and how to tell it to stop. */
  private inHand?: { job: Job; beat: number; stop: AbortController };

  /** Look at the queue now rather than at the next poll. */
  poke(): void {
    this.wake?.();
  }

  /**
   * Finish the job in hand, then stop. A job still running after `graceMs` is told to
   * stop (a long validation stops at its next chunk) and goes back to the queue.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    this.wake?.();
    if (this.watchdog) clearInterval(this.watchdog);
    const timer = setTimeout(() => this.inHand?.stop.abort(), graceMs);
    try {
      await this.loop;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Run due jobs until the queue is empty (tests, `intake worker --once`). */
  async drain(): Promise<number> {
    let n = 0;
    while (await this.runOne()) n++;
    return n;
  }

  /** When each periodic task last ran. */
  private lastRun = new Map<number, number>();
  private queueDown = false;

  private async run(): Promise<void> {
    while (!this.stopped) {
      for (const [i, task] of (this.opts.periodic ?? []).entries()) {
        if (Date.now() - (this.lastRun.get(i) ?? 0) < task.everyMs) continue;
        this.lastRun.set(i, Date.now());
        await task.run().catch(() => {});
      }
      let ran = false;
      try {
        ran = await this.runOne();
        if (this.queueDown) this.opts.onQueue?.(`worker ${this.name}: the job queue answers again`);
        this.queueDown = false;
      } catch (e) {
        // The database may be away for a moment: the next poll tries again, and the
        // logs say so once, not once per poll.
        if (!this.queueDown) {
          this.opts.onQueue?.(
            `worker ${this.name}: cannot reach the job queue (${(e as Error).message}); trying again every ${this.opts.pollMs} ms`,
          );
        }
        this.queueDown = true;
      }
      if (!ran && !this.stopped) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.opts.pollMs);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    }
  }

  private async runOne(): Promise<boolean> {
    const job = await this.queue.take(this.name);
    if (!job) return false;
    const every = Math.max(500, this.opts.leaseMs / 3);
    // Renewed from a thread the job cannot starve where the queue has one, and from this
    // thread's timers too (a thread that could not connect is no loss).
    const kept = job.keepAlive?.(every);
    const beat = setInterval(() => job.renew().catch(() => {}), every);
    const hand = { job: job as Job, beat: Date.now(), stop: new AbortController() };
    this.inHand = hand;
    try {
      await this.opts.run(job, hand.stop.signal, () => (hand.beat = Date.now()));
      await job.complete();
    } catch (e) {
      const outcome = await job.fail(e instanceof Error ? e.message : String(e));
      this.opts.onError?.(job, e, outcome);
    } finally {
      // Its thread ends on its own; the next job need not wait for it.
      void kept?.();
      clearInterval(beat);
      this.inHand = undefined;
      this.said = undefined;
    }
    return true;
  }
}
