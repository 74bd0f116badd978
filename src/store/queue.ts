import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Store } from './connect.js';

/**
 * A durable job queue in a table, the same on SQLite and PostgreSQL: a job is claimed
 * with a lease; a worker that dies (kill -9) leaves its lease to expire, and another
 * claim takes the job again. A failed attempt is retried with exponential backoff
 * until its attempts are spent. On PostgreSQL claims skip rows other workers hold,
 * so several `intake worker` processes share one queue.
 */
export type JobKind = 'validate' | 'commit';

export interface Job {
  id: string;
  kind: JobKind;
  importId: string;
  attempts: number;
  maxAttempts: number;
}

export async function enqueue(
  store: Store,
  job: { kind: JobKind; importId: string; runAt?: Date; maxAttempts: number },
): Promise<string> {
  const id = randomUUID();
  await store.db
    .insertInto('intake_job')
    .values({
      id,
      kind: job.kind,
      import_id: job.importId,
      status: 'queued',
      run_at: (job.runAt ?? new Date()).toISOString(),
      max_attempts: job.maxAttempts,
    })
    .execute();
  return id;
}

/** Take the next due job (or one whose worker's lease ran out), or none. */
export async function claim(
  store: Store,
  worker: string,
  leaseMs: number,
  now = new Date(),
): Promise<Job | undefined> {
  const at = now.toISOString();
  const until = new Date(now.getTime() + leaseMs).toISOString();
  const lock = store.profile.dialect === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
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
                WHERE (status = 'queued' AND run_at <= ${at})
                   OR (status = 'running' AND locked_until < ${at})
                ORDER BY run_at LIMIT 1 ${lock})
    RETURNING id, kind, import_id, attempts, max_attempts`.execute(store.db);
  const row = r.rows[0];
  return row
    ? {
        id: row.id,
        kind: row.kind,
        importId: row.import_id,
        attempts: Number(row.attempts),
        maxAttempts: Number(row.max_attempts),
      }
    : undefined;
}

/** Keep a long job's lease. */
export async function extendLease(store: Store, id: string, leaseMs: number): Promise<void> {
  await store.db
    .updateTable('intake_job')
    .set({ locked_until: new Date(Date.now() + leaseMs).toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

export async function complete(store: Store, id: string): Promise<void> {
  await store.db
    .updateTable('intake_job')
    .set({ status: 'done', locked_until: null })
    .where('id', '=', id)
    .execute();
}

/** Back to the queue after 2^attempts seconds (times `backoffMs`/1000), or failed for good. */
export async function fail(
  store: Store,
  job: Job,
  error: string,
  backoffMs: number,
): Promise<'retry' | 'failed'> {
  const retry = job.attempts < job.maxAttempts;
  await store.db
    .updateTable('intake_job')
    .set({
      status: retry ? 'queued' : 'failed',
      run_at: new Date(Date.now() + backoffMs * 2 ** (job.attempts - 1)).toISOString(),
      locked_until: null,
      last_error: error,
    })
    .where('id', '=', job.id)
    .execute();
  return retry ? 'retry' : 'failed';
}

/** Jobs of an import that have not run: cancelled with it. */
export async function dropQueued(store: Store, importId: string): Promise<number> {
  const r = await store.db
    .updateTable('intake_job')
    .set({ status: 'cancelled' })
    .where('import_id', '=', importId)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
