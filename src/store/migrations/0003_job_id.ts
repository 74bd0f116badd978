import type { Kysely } from 'kysely';

/**
 * Each import remembers its current job, by the queue's id: the job may live in
 * `intake_job` (SQLite) or in pg-boss's tables (PostgreSQL), so no foreign key.
 * Cancel drops that job; the orphan sweep asks the queue whether it is still pending.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('intake_import').addColumn('job_id', 'text').execute();
}
