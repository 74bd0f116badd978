import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker as Thread } from 'node:worker_threads';
import type { Config } from './config/index.js';
import { busyHealth, type JobWorker, type WorkerHealth } from './jobs/worker.js';

/** What the thread says (worker-thread-main.ts). */
export type ThreadMessage =
  | { type: 'health'; name: string; health: WorkerHealth; at: number }
  | { type: 'warn'; message: string }
  | { type: 'stopped' };

/** What the thread is told. */
export type ThreadCommand = { type: 'poke' } | { type: 'stop'; graceMs: number };

const MAIN = fileURLToPath(new URL('./worker-thread-main.js', import.meta.url));

/** The thread can run: it is compiled (not so when running from the TypeScript sources). */
export const threadAvailable = (): boolean => existsSync(MAIN);

/**
 * `intake serve`'s worker, in a thread of its own with its own database connection
 * (issue 15): an import's parsing, cleaning and statements (better-sqlite3's are
 * synchronous, a commit's INSERT of 50,000 rows 0.4 s) never hold the event loop that
 * answers the API. The thread opens its own Intake on the same configuration and runs
 * the same Worker; this side forwards pokes and stops, and keeps the last health the
 * thread reported for /ready. A thread that ends on its own (it could not open the
 * database) is started again after a pause, and the reason is logged.
 */
export class ThreadWorker implements JobWorker {
  name = 'worker thread (starting)';
  private thread?: Thread;
  private last?: { health: WorkerHealth; at: number };
  private stopping = false;
  private restart?: NodeJS.Timeout;

  constructor(
    private readonly config: Config,
    private readonly warn: (message: string) => void,
  ) {}

  start(): void {
    if (this.thread || this.stopping) return;
    const thread = new Thread(MAIN, { workerData: { config: this.config } });
    this.thread = thread;
    thread.on('message', (m: ThreadMessage) => {
      if (m.type === 'health') {
        this.name = m.name;
        this.last = { health: m.health, at: m.at };
      } else if (m.type === 'warn') this.warn(m.message);
    });
    thread.on('error', (e) => this.warn(`worker thread: ${e.message}`));
    thread.once('exit', (code) => {
      this.thread = undefined;
      this.last = undefined;
      if (this.stopping) return;
      this.warn(`worker thread ended (exit code ${code}); starting it again in 5 s`);
      this.restart = setTimeout(() => this.start(), 5000);
      this.restart.unref();
    });
  }

  poke(): void {
    this.thread?.postMessage({ type: 'poke' } satisfies ThreadCommand);
  }

  /** The job in hand, as last reported; quiet for as long as the thread has not spoken since. */
  health(now = Date.now()): WorkerHealth {
    const job = this.last?.health.job;
    if (!job) return { state: 'idle' };
    return busyHealth(
      job,
      job.quietMs + Math.max(0, now - this.last!.at),
      this.config.jobs.stallMs,
    );
  }

  /** The thread finishes its job in hand (told to stop after `graceMs`), closes, ends. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restart);
    const thread = this.thread;
    if (!thread) return;
    const ended = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
    thread.postMessage({ type: 'stop', graceMs } satisfies ThreadCommand);
    await ended;
  }
}
