import type { Store } from './connect.js';

/** The import record and its files: what ran, on what, with which result. */
export type ImportStatus = 'running' | 'completed' | 'completed_with_issues' | 'failed' | 'dry_run';

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
