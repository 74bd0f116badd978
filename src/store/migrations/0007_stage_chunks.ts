import type { Kysely } from 'kysely';

/**
 * Scale-out (issue 15): a large import's rows staged by chunk, by any worker. One row
 * per chunk of a file's rows (global row numbers `first_row`..`last_row`; `skip` data
 * rows of its file come before it). A chunk is pending, taken by a job's attempt (which
 * holds it while that attempt's worker lives), or done. `intake_stage_plan` holds what
 * every worker needs to stage a chunk exactly as the validation that split it would:
 * each file's entity type, mapping, options and the column facts of the whole file.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('intake_stage_chunk')
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('chunk_no', 'integer', (c) => c.notNull())
    .addColumn('file_no', 'integer', (c) => c.notNull())
    .addColumn('first_row', 'integer', (c) => c.notNull())
    .addColumn('last_row', 'integer', (c) => c.notNull())
    .addColumn('skip', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text')
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('worker', 'text')
    .addColumn('takes', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('intake_stage_chunk_pk', ['import_id', 'chunk_no'])
    .execute();
  await db.schema
    .createTable('intake_stage_plan')
    .addColumn('import_id', 'text', (c) => c.primaryKey())
    .addColumn('plan', 'text', (c) => c.notNull())
    .execute();
}
