import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * The mapping and options last used for a set of columns and an entity type, per
 * workspace (issue 17: remembered mappings): the next file with the same columns is
 * offered them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = sql.raw(isPg ? 'timestamptz' : 'text');
  const now = isPg ? sql`now()` : sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
  await db.schema
    .createTable('intake_mapping_memory')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    // A hash of the columns, in any order, as mapping compares them.
    .addColumn('columns', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('intake_mapping_memory_pk', ['workspace_id', 'entity', 'columns'])
    .execute();
}
