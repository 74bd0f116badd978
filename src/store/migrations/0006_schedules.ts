import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Recurring sources (issue 14): each run of a template's schedule, one row per due
 * time. The key claims the run: of several workers that find it due, one inserts it,
 * the others see it taken. A run imported a file (its import and the file's hash),
 * skipped it (the same hash as the last file fetched), or failed to fetch it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = sql.raw(isPg ? 'timestamptz' : 'text');
  const now = isPg ? sql`now()` : sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
  await db.schema
    .createTable('intake_schedule_run')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text')
    .addColumn('hash', 'text')
    .addColumn('message', 'text')
    .addColumn('at', ts, (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('intake_schedule_run_pk', ['workspace_id', 'template', 'due_at'])
    .execute();
}
