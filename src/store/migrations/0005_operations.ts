import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Operations on stored records (issue 12): the commit counts what each chunk
 * inactivated, reactivated, anonymized, deleted and erased beside what it created and
 * updated; records deleted along with a deleted record (cascade) keep their
 * before-image for undo; an erase lists the imports whose kept rows and files held
 * the erased records, so their files go too.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const json = sql.raw(isPg ? 'jsonb' : 'text');
  for (const c of ['inactivated', 'reactivated', 'anonymized', 'deleted', 'erased']) {
    await db.schema
      .alterTable('intake_commit_chunk')
      .addColumn(c, 'integer', (col) => col.notNull().defaultTo(0))
      .execute();
  }
  await db.schema
    .createTable('intake_cascade')
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('record_id', 'bigint', (c) => c.notNull())
    .addColumn('image', json, (c) => c.notNull())
    .addPrimaryKeyConstraint('intake_cascade_pk', ['import_id', 'entity', 'record_id'])
    .execute();
  await db.schema
    .createTable('intake_erased_from')
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('other_import', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('intake_erased_from_pk', ['import_id', 'other_import'])
    .execute();
}
