import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * The system tables: workspaces, imports, their files, and the staging side tables
 * (issues and corrections per row). Entity tables are not here: they are generated
 * from pack declarations (entity-tables.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const json = isPg ? 'jsonb' : 'text';
  const ts = isPg ? 'timestamptz' : 'text';
  const now = isPg ? sql`now()` : sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

  await db.schema
    .createTable('intake_workspace')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', sql.raw(ts), (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('intake_import')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('intake_workspace.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('entities', 'text', (c) => c.notNull())
    .addColumn('options', sql.raw(json), (c) => c.notNull())
    .addColumn('counts', sql.raw(json))
    .addColumn('error', 'text')
    .addColumn('created_at', sql.raw(ts), (c) => c.notNull().defaultTo(now))
    .addColumn('finished_at', sql.raw(ts))
    .execute();
  await db.schema
    .createIndex('intake_import_ws')
    .on('intake_import')
    .columns(['workspace_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('intake_import_file')
    .addColumn('import_id', 'text', (c) =>
      c.notNull().references('intake_import.id').onDelete('cascade'),
    )
    .addColumn('file_no', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('facts', sql.raw(json), (c) => c.notNull())
    .addColumn('header', sql.raw(json), (c) => c.notNull())
    .addColumn('mapping', sql.raw(json), (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('intake_import_file_pk', ['import_id', 'file_no'])
    .execute();

  await db.schema
    .createTable('intake_issue')
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .addColumn('field', 'text')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('value', 'text')
    .execute();
  await db.schema
    .createIndex('intake_issue_row')
    .on('intake_issue')
    .columns(['import_id', 'row_no'])
    .execute();

  await db.schema
    .createTable('intake_correction')
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .addColumn('file_no', 'integer', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('from_value', 'text', (c) => c.notNull())
    .addColumn('to_value', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('intake_correction_row')
    .on('intake_correction')
    .columns(['import_id', 'row_no'])
    .execute();

  await db.schema
    .createTable('intake_entity_table')
    .addColumn('table_name', 'text', (c) => c.primaryKey())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('columns', sql.raw(json), (c) => c.notNull())
    .addColumn('updated_at', sql.raw(ts), (c) => c.notNull().defaultTo(now))
    .execute();
}
