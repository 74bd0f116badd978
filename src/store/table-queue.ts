import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Store } from './connect.js';
import type { WorkerLocks } from './worker-alive.js';
import type {
  JobKind,
  JobQueue,
  JobState,
  JobStatus,
  NewJob,
  QueuePolicy,
  TakenJob,
} from './queue.js';

/**
 * The queue as a table (`intake_job`), for SQLite: the process that serves runs the
 * jobs itself, and an `intake worker` on the same file can too, since SQLite takes
 * one writer at a time. A claim sets a lease (`locked_until`) that the worker renews;
 * a job whose lease ran out is claimed again once its worker is known to be gone
 * (`locks`; without them, at once).
 */
export class TableQueue implements JobQueue {
  readonly engine = 'table';

  constructor(
    private readonly store: Store,
    private readonly policy: QueuePolicy,
    private readonly locks?: WorkerLocks,
  ) {}

  /** Running jobs whose lease ran out and whose worker is gone: theirs to take again. */
  private async abandoned(at: string): Promise<string[]> {
    const lapsed = await this.store.db
      .selectFrom('intake_job')
      .select(['id', 'locked_by'])
      .where('status', '=', 'running')
      .where('locked_until', '<', at)
      .execute();
    return lapsed
      .filter((j) => !j.locked_by || !this.locks || !this.locks.alive(j.locked_by))
      .map((j) => j.id);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a store's Kysely or its transaction
  async enqueue(db: Kysely<any>, job: NewJob): Promise<string> {
    const id = randomUUID();
    await db
      .insertInto('intake_job')
      .values({
        id,
        kind: job.kind,
        import_id: job.importId,
        status: 'queued',
        run_at: (job.runAt ?? new Date()).toISOString(),
        max_attempts: this.policy.maxAttempts,
      })
      .execute();
    return id;
  }

  async ready(): Promise<void> {}

  async take(worker: string, now = new Date()): Promise<TakenJob | undefined> {
    this.locks?.hold(worker);
    const at = now.toISOString();
    const until = new Date(now.getTime() + this.policy.leaseMs).toISOString();
    const gone = await this.abandoned(at);
    const isGone = gone.length
      ? sql`(status = 'running' AND locked_until < ${at} AND id IN (${sql.join(gone)}))`
      : sql`1 = 0`;
    // A job whose worker died with its attempts spent fails here, as pg-boss fails it:
    // an import that kills its worker every time does not loop for ever.
    await sql`UPDATE intake_job SET status = 'failed', locked_until = NULL,
                last_error = 'its worker stopped (killed or crashed) on every attempt'
              WHERE ${isGone} AND attempts >= max_attempts`.execute(this.store.db);
    const r = await sql<{
      id: string;
      kind: JobKind;
      import_id: string;
      attempts: number;
      max_attempts: number;
    }>`
      UPDATE intake_job SET status = 'running', locked_by = ${worker}, locked_until = ${until},
        attempts = attempts + 1
      WHERE id = (SELECT id FROM intake_job
                  WHERE (status = 'queued' AND run_at <= ${at}) OR ${isGone}
                  ORDER BY run_at LIMIT 1)
      RETURNING id, kind, import_id, attempts, max_attempts`.execute(this.store.db);
    const row = r.rows[0];
    if (!row) return undefined;
    const attempts = Number(row.attempts);
    const maxAttempts = Number(row.max_attempts);
    const db = this.store.db;
    const { leaseMs, backoffMs } = this.policy;
    return {
      id: row.id,
      kind: row.kind,
      importId: row.import_id,
      attempts,
      maxAttempts,
      renew: async () => {
        await db
          .updateTable('intake_job')
          .set({ locked_until: new Date(Date.now() + leaseMs).toISOString() })
          .where('id', '=', row.id)
          .where('status', '=', 'running')
          .execute();
      },
      complete: async () => {
        await db
          .updateTable('intake_job')
          .set({ status: 'done', locked_until: null })
          .where('id', '=', row.id)
          .execute();
      },
      fail: async (error) => {
        const retry = attempts < maxAttempts;
        await db
          .updateTable('intake_job')
          .set({
            status: retry ? 'queued' : 'failed',
            run_at: new Date(Date.now() + backoffMs * 2 ** (attempts - 1)).toISOString(),
            locked_until: null,
            last_error: error,
          })
          .where('id', '=', row.id)
          .execute();
        return retry ? 'retry' : 'failed';
      },
    };
  }

  async status(id: string): Promise<JobStatus | undefined> {
    const row = await this.store.db
      .selectFrom('intake_job')
      .select(['status', 'attempts'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row && { state: row.status as JobState, attempts: Number(row.attempts) };
  }

  async holds(id: string, attempts: number): Promise<boolean> {
    const row = await this.store.db
      .selectFrom('intake_job')
      .select(['status', 'attempts', 'locked_by', 'locked_until'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || row.status !== 'running' || Number(row.attempts) !== attempts) return false;
    // A lapsed lease is a death only when the worker's lock says so (worker-alive.ts).
    if (row.locked_until && row.locked_until >= new Date().toISOString()) return true;
    return Boolean(row.locked_by && this.locks?.alive(row.locked_by));
  }

  async cancel(id: string): Promise<boolean> {
    const r = await this.store.db
      .updateTable('intake_job')
      .set({ status: 'cancelled' })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async close(): Promise<void> {
    this.locks?.release();
  }
}
