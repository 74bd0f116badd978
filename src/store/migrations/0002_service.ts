import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * The service's tables: imports as durable jobs (who asked, what, progress, every
 * status change), the job queue, templates, API tokens, webhooks with their deliveries, and the
 * audit log.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const json = sql.raw(isPg ? 'jsonb' : 'text');
  const ts = sql.raw(isPg ? 'timestamptz' : 'text');
  const now = isPg ? sql`now()` : sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

  // SQLite adds one column per statement.
  for (const [name, type] of [
    ['created_by', sql`text`],
    ['request', json],
    ['progress', json],
    ['approval', sql`text`],
    ['committed_at', ts],
    ['updated_at', ts],
    ['fingerprint', sql`text`],
    ['idempotency_key', sql`text`],
  ] as const) {
    await db.schema.alterTable('intake_import').addColumn(name, type).execute();
  }

  await db.schema
    .createIndex('intake_import_fingerprint')
    .on('intake_import')
    .columns(['workspace_id', 'fingerprint'])
    .execute();
  await db.schema
    .createIndex('intake_import_idempotency')
    .on('intake_import')
    .columns(['workspace_id', 'idempotency_key'])
    .unique()
    .execute();

  await db.schema
    .createTable('intake_import_event')
    .addColumn('import_id', 'text', (c) =>
      c.notNull().references('intake_import.id').onDelete('cascade'),
    )
    .addColumn('at', ts, (c) => c.notNull().defaultTo(now))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('intake_import_event_import')
    .on('intake_import_event')
    .columns(['import_id', 'at'])
    .execute();

  await db.schema
    .createTable('intake_job')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) =>
      c.notNull().references('intake_import.id').onDelete('cascade'),
    )
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('run_at', ts, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', ts)
    .addColumn('last_error', 'text')
    .addColumn('created_at', ts, (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('intake_job_due')
    .on('intake_job')
    .columns(['status', 'run_at'])
    .execute();

  await db.schema
    .createTable('intake_token')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('intake_workspace.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', ts, (c) => c.notNull().defaultTo(now))
    .addColumn('revoked_at', ts)
    .execute();

  // Uploaded files, kept in the database where several machines share the work.
  await db.schema
    .createTable('intake_blob')
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('file_no', 'integer', (c) => c.notNull())
    .addColumn('chunk_no', 'integer', (c) => c.notNull())
    .addColumn('data', sql.raw(isPg ? 'bytea' : 'blob'), (c) => c.notNull())
    .addPrimaryKeyConstraint('intake_blob_pk', ['import_id', 'file_no', 'chunk_no'])
    .execute();

  await db.schema
    .createTable('intake_template')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('intake_workspace.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('settings', json, (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('intake_template_pk', ['workspace_id', 'name'])
    .execute();

  await db.schema
    .createTable('intake_webhook')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('intake_workspace.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createTable('intake_webhook_delivery')
    .addColumn('webhook_id', 'text', (c) =>
      c.notNull().references('intake_webhook.id').onDelete('cascade'),
    )
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('at', ts, (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('intake_audit')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull().defaultTo(now))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('details', json)
    .execute();
  await db.schema
    .createIndex('intake_audit_ws')
    .on('intake_audit')
    .columns(['workspace_id', 'at'])
    .execute();
}
