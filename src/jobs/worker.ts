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
  run: (job: Job, signal: AbortSignal) => Promise<void>;
  onError?: (job: Job, error: unknown, outcome: 'retry' | 'failed') => void;
  /** Housekeeping run now and then between jobs (purging expired files). */
  sweep?: { everyMs: number; run: () => Promise<unknown> };
}

export class Worker {
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
  }

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
    const timer = setTimeout(() => this.current?.abort(), graceMs);
    try {
      await this.loop;
    } finally {
      clearTimeout(timer);
    }
  }

  private current?: AbortController;

  /** Run due jobs until the queue is empty (tests, `intake worker --once`). */
  async drain(): Promise<number> {
    let n = 0;
    while (await this.runOne()) n++;
    return n;
  }

  private lastSweep = 0;

  private async run(): Promise<void> {
    while (!this.stopped) {
      const sweep = this.opts.sweep;
      if (sweep && Date.now() - this.lastSweep >= sweep.everyMs) {
        this.lastSweep = Date.now();
        await sweep.run().catch(() => {});
      }
      let ran = false;
      try {
        ran = await this.runOne();
      } catch {
        // The database may be away for a moment; the next poll tries again.
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
    const beat = setInterval(
      () => job.renew().catch(() => {}),
      Math.max(500, this.opts.leaseMs / 3),
    );
    this.current = new AbortController();
    try {
      await this.opts.run(job, this.current.signal);
      await job.complete();
    } catch (e) {
      const outcome = await job.fail(e instanceof Error ? e.message : String(e));
      this.opts.onError?.(job, e, outcome);
    } finally {
      clearInterval(beat);
      this.current = undefined;
    }
    return true;
  }
}
