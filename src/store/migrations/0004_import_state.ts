import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

/**
 * An import's whole life in the database (issue 11): its plan on the import, a kept
 * result per source row (outcome, record, changed fields, raw cells), the before-image
 * of every record its commit changed, the ranges of rows its commit wrote, and what an
 * undo did per row. Issues and corrections stay keyed by (import, row) and are kept
 * with the row results.
 *
 * These tables take a row per source row in bulk: on SQLite they are clustered on
 * their key (WITHOUT ROWID), one b-tree each instead of a table and an index.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const json = sql.raw(isPg ? 'jsonb' : 'text');
  const ts = sql.raw(isPg ? 'timestamptz' : 'text');
  const now = isPg ? sql`now()` : sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const clustered = <T extends CreateTableBuilder<any, any>>(t: T): T =>
    (isPg ? t : t.modifyEnd(sql`WITHOUT ROWID`)) as T;

  for (const [name, type] of [
    ['plan', json],
    ['error_code', sql`text`],
    ['undo', json],
  ] as const) {
    await db.schema.alterTable('intake_import').addColumn(name, type).execute();
  }

  await clustered(
    db.schema
      .createTable('intake_row')
      .addColumn('import_id', 'text', (c) => c.notNull())
      .addColumn('row_no', 'integer', (c) => c.notNull())
      .addColumn('file_no', 'integer', (c) => c.notNull())
      .addColumn('line', 'integer', (c) => c.notNull())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('depth', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('record_key', 'text')
      .addColumn('record_id', 'bigint')
      .addColumn('changed', 'text')
      .addColumn('raw', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('intake_row_pk', ['import_id', 'row_no']),
  ).execute();
  // Pages of the rarer outcomes (refused, unchanged, skipped) walk this index; created
  // and updated rows, most of an import, pay nothing for it and page by the key.
  await db.schema
    .createIndex('intake_row_outcome')
    .on('intake_row')
    .columns(['import_id', 'outcome', 'row_no'])
    .where(sql.ref('outcome'), 'not in', ['created', 'updated'])
    .execute();

  // Apart from the row results: written once, by the commit, only for updated records.
  await clustered(
    db.schema
      .createTable('intake_before')
      .addColumn('import_id', 'text', (c) => c.notNull())
      .addColumn('row_no', 'integer', (c) => c.notNull())
      .addColumn('image', json, (c) => c.notNull())
      .addPrimaryKeyConstraint('intake_before_pk', ['import_id', 'row_no']),
  ).execute();

  await db.schema
    .createTable('intake_commit_chunk')
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('depth', 'integer')
    .addColumn('from_row', 'integer', (c) => c.notNull())
    .addColumn('to_row', 'integer', (c) => c.notNull())
    .addColumn('created', 'integer', (c) => c.notNull())
    .addColumn('updated', 'integer', (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('intake_commit_chunk_import')
    .on('intake_commit_chunk')
    .columns(['import_id', 'entity'])
    .execute();

  await clustered(
    db.schema
      .createTable('intake_undo')
      .addColumn('import_id', 'text', (c) => c.notNull())
      .addColumn('row_no', 'integer', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('code', 'text')
      .addColumn('message', 'text')
      .addPrimaryKeyConstraint('intake_undo_pk', ['import_id', 'row_no']),
  ).execute();

  // Corrections were a staging side table; now kept, and paged by (row, seq). What an
  // earlier version left in it belonged to imports that ended: not carried over.
  await db.schema.dropTable('intake_correction').execute();
  await clustered(
    db.schema
      .createTable('intake_correction')
      .addColumn('import_id', 'text', (c) => c.notNull())
      .addColumn('row_no', 'integer', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('file_no', 'integer', (c) => c.notNull())
      .addColumn('line', 'integer', (c) => c.notNull())
      .addColumn('field', 'text', (c) => c.notNull())
      .addColumn('from_value', 'text', (c) => c.notNull())
      .addColumn('to_value', 'text', (c) => c.notNull())
      .addColumn('rule', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('intake_correction_pk', ['import_id', 'row_no', 'seq']),
  ).execute();

  // Pages of the rows refused for one code.
  await db.schema
    .createIndex('intake_issue_code')
    .on('intake_issue')
    .columns(['import_id', 'code', 'row_no'])
    .execute();
}
