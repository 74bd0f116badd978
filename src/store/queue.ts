import { dirname, join } from 'node:path';
import type { Kysely } from 'kysely';
import { BossQueue } from './boss-queue.js';
import type { Store } from './connect.js';
import { TableQueue } from './table-queue.js';
import { WorkerLocks } from './worker-alive.js';

/**
 * The durable job queue of imports (SPEC J1, J2), one interface on two engines:
 * on PostgreSQL pg-boss, so that `intake worker` processes on other machines share the
 * work; on SQLite a jobs table that the one process runs itself (DESIGN.md, "Jobs and
 * scale"). Either way a job is taken with a lease that the worker renews while it
 * runs; a worker killed mid-job (kill -9) stops renewing, the lease runs out and the
 * job is taken again (on SQLite, once the worker is known to be gone). A failed attempt is retried with exponential backoff until its
 * attempts are spent.
 */
export type JobKind = 'validate' | 'commit' | 'undo' | 'stage';

export interface NewJob {
  kind: JobKind;
  importId: string;
  runAt?: Date;
}

export interface Job {
  id: string;
  kind: JobKind;
  importId: string;
  /** This attempt's number, from 1. */
  attempts: number;
  maxAttempts: number;
}

/** A job in a worker's hands. */
export interface TakenJob extends Job {
  /** Keep the lease: the worker is alive and still at it. */
  renew(): Promise<void>;
  /**
   * Keep renewing the lease from a thread the job's own work cannot starve, until the
   * returned function is called (PostgreSQL; SQLite knows its workers live otherwise).
   */
  keepAlive?(everyMs: number): () => Promise<void>;
  complete(): Promise<void>;
  /** Back to the queue after a backoff, or failed for good once the attempts are spent. */
  fail(error: string): Promise<'retry' | 'failed'>;
}

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobStatus {
  state: JobState;
  /** Attempts started so far (a retry after a lost lease counts). */
  attempts: number;
}

export interface QueuePolicy {
  maxAttempts: number;
  /** The first retry waits about this long; each next one twice as long. */
  backoffMs: number;
  /** A job whose worker stops renewing is taken again after this long. */
  leaseMs: number;
}

export interface JobQueue {
  readonly engine: 'table' | 'pg-boss';
  /**
   * Queue a job. `db` may be a transaction: the job then exists only if it commits,
   * so an import and its first job are written together.
   */
  enqueue(db: Kysely<any>, job: NewJob): Promise<string>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a store's Kysely or its transaction
  /**
   * Make the queue ready to take jobs in a transaction (pg-boss installs itself on first
   * use): called before one is opened, since the start needs connections of its own.
   */
  ready(): Promise<void>;
  /** The next due job (or one whose lease ran out), or none. */
  take(worker: string): Promise<TakenJob | undefined>;
  /** Where a job stands; undefined once it is gone from the queue. */
  status(id: string): Promise<JobStatus | undefined>;
  /**
   * Attempt `attempts` of job `id` still runs: its worker lives (its lease is kept). What
   * a job's attempt holds (a chunk of rows to stage) is given up only when this is false.
   */
  holds(id: string, attempts: number): Promise<boolean>;
  /** Cancel a job that has not started. False when it runs, ran or is gone. */
  cancel(id: string): Promise<boolean>;
  close(): Promise<void>;
}

/** `log` hears what the queue cannot tell a caller (pg-boss's maintenance failing). */
export function openQueue(
  store: Store,
  policy: QueuePolicy,
  log?: (message: string) => void,
): JobQueue {
  return store.profile.dialect === 'postgres'
    ? new BossQueue(store, policy, log)
    : new TableQueue(
        store,
        policy,
        // Beside the database file: every worker of a SQLite database runs where it is.
        store.file ? new WorkerLocks(join(dirname(store.file), 'workers')) : undefined,
      );
}

/** Jobs that may still run: an import holding one of these is not orphaned. */
export function pending(status: JobStatus | undefined): boolean {
  return status?.state === 'queued' || status?.state === 'running';
}
