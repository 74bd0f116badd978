import type { Store } from './connect.js';

/** The import record and its files: what ran, on what, with which result. */
export type ImportStatus =
  | 'draft'
  | 'validating'
  | 'awaiting_approval'
  | 'queued'
  | 'running'
  | 'completed'
  | 'completed_with_issues'
  | 'failed'
  | 'cancelled'
  | 'dry_run';

export const FINAL_STATUSES: ImportStatus[] = [
  'completed',
  'completed_with_issues',
  'failed',
  'cancelled',
  'dry_run',
];

export async function ensureWorkspace(store: Store, workspace: string): Promise<void> {
  const found = await store.db
    .selectFrom('intake_workspace')
    .select('id')
    .where('id', '=', workspace)
    .executeTakeFirst();
  if (!found) await store.db.insertInto('intake_workspace').values({ id: workspace }).execute();
}

export async function createImport(
  store: Store,
  row: { id: string; workspace: string; entities: string[]; options: unknown },
): Promise<void> {
  await store.db
    .insertInto('intake_import')
    .values({
      id: row.id,
      workspace_id: row.workspace,
      status: 'running',
      entities: row.entities.join(','),
      options: store.profile.jsonParam(JSON.stringify(row.options)),
    })
    .execute();
}

export async function addImportFile(
  store: Store,
  row: {
    importId: string;
    fileNo: number;
    name: string;
    entity: string;
    facts: unknown;
    header: string[];
    mapping: unknown;
    rows: number;
  },
): Promise<void> {
  const j = (v: unknown) => store.profile.jsonParam(JSON.stringify(v));
  await store.db
    .insertInto('intake_import_file')
    .values({
      import_id: row.importId,
      file_no: row.fileNo,
      name: row.name,
      entity: row.entity,
      facts: j(row.facts),
      header: j(row.header),
      mapping: j(row.mapping),
      rows: row.rows,
    })
    .execute();
}

export async function finishImport(
  store: Store,
  id: string,
  result: { status: ImportStatus; counts: unknown; error?: string },
): Promise<void> {
  await store.db
    .updateTable('intake_import')
    .set({
      status: result.status,
      counts: store.profile.jsonParam(JSON.stringify(result.counts)),
      error: result.error ?? null,
      finished_at: store.profile.now,
    })
    .where('id', '=', id)
    .execute();
}

/** A service import learns its entity types and options when its files are read. */
export async function setImportPlan(
  store: Store,
  row: { id: string; entities: string[]; options: unknown },
): Promise<void> {
  await store.db
    .updateTable('intake_import')
    .set({
      entities: row.entities.join(','),
      options: store.profile.jsonParam(JSON.stringify(row.options)),
    })
    .where('id', '=', row.id)
    .execute();
}

export async function saveCounts(
  store: Store,
  id: string,
  result: { counts: unknown; error?: string },
): Promise<void> {
  await store.db
    .updateTable('intake_import')
    .set({
      counts: store.profile.jsonParam(JSON.stringify(result.counts)),
      error: result.error ?? null,
    })
    .where('id', '=', id)
    .execute();
}

/** What an interrupted run of an import left behind: staged rows, issues, files. */
export async function clearImportRows(store: Store, id: string): Promise<void> {
  const tables = await store.db.selectFrom('intake_entity_table').select('table_name').execute();
  for (const t of tables) {
    await store.db.deleteFrom(`intake_stage_${t.table_name}`).where('import_id', '=', id).execute();
  }
  for (const table of ['intake_issue', 'intake_correction', 'intake_import_file'] as const) {
    await store.db.deleteFrom(table).where('import_id', '=', id).execute();
  }
}
