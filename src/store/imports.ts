import { sql } from 'kysely';
import type { Store } from './connect.js';
import { readJson, writeJson } from './json.js';
import { inWritten, writtenRanges } from './row-results.js';

export type { ImportStatus } from '../core/import-status.js';

/** The import record and its files: what ran, on what, with which result. */
export async function ensureWorkspace(store: Store, workspace: string): Promise<void> {
  const found = await store.db
    .selectFrom('intake_workspace')
    .select('id')
    .where('id', '=', workspace)
    .executeTakeFirst();
  // Two first requests of a new workspace at the same moment: one inserts it.
  if (!found) {
    await store.db
      .insertInto('intake_workspace')
      .values({ id: workspace })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
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
  const j = (v: unknown) => writeJson(store.profile, v);
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

export interface StoredFile {
  fileNo: number;
  name: string;
  entity: string;
  header: string[];
  facts: { delimiter: string; encoding: string } & Record<string, unknown>;
  rows: number;
}

export async function importFiles(store: Store, id: string): Promise<StoredFile[]> {
  const rows = await store.db
    .selectFrom('intake_import_file')
    .select(['file_no', 'name', 'entity', 'header', 'facts', 'rows'])
    .where('import_id', '=', id)
    .orderBy('file_no')
    .execute();
  return rows.map((f) => ({
    fileNo: Number(f.file_no),
    name: f.name,
    entity: f.entity,
    header: readJson<string[]>(f.header),
    facts: readJson<StoredFile['facts']>(f.facts),
    rows: Number(f.rows),
  }));
}

/** A validated import learns its entity types, options and plan. */
export async function savePlan(
  store: Store,
  id: string,
  row: { entities: string[]; options: unknown; plan: unknown; counts: unknown },
): Promise<void> {
  await store.db
    .updateTable('intake_import')
    .set({
      entities: row.entities.join(','),
      options: writeJson(store.profile, row.options),
      plan: writeJson(store.profile, row.plan),
      counts: writeJson(store.profile, row.counts),
      error: null,
      error_code: null,
    })
    .where('id', '=', id)
    .execute();
}

export async function saveCounts(
  store: Store,
  id: string,
  result: { counts: unknown; plan?: unknown; error?: string; errorCode?: string },
): Promise<void> {
  await store.db
    .updateTable('intake_import')
    .set({
      counts: writeJson(store.profile, result.counts),
      ...(result.plan === undefined ? {} : { plan: writeJson(store.profile, result.plan) }),
      ...(result.error === undefined
        ? {}
        : { error: result.error, error_code: result.errorCode ?? null }),
    })
    .where('id', '=', id)
    .execute();
}

/** Staging rows of an import, in every entity's staging table (done with after commit). */
export async function dropStaging(store: Store, id: string): Promise<void> {
  const tables = await store.db.selectFrom('intake_entity_table').select('table_name').execute();
  for (const t of tables) {
    await store.db.deleteFrom(`intake_stage_${t.table_name}`).where('import_id', '=', id).execute();
  }
  // How the staging was split among workers (stage-chunks.ts) goes with it.
  for (const table of ['intake_stage_chunk', 'intake_stage_plan'] as const) {
    await store.db.deleteFrom(table).where('import_id', '=', id).execute();
  }
}

/**
 * What a validation made, before it runs again (a retry, a replay, a validation after
 * a crash): staging, files, issues, corrections, and the row results of rows not
 * written yet. Rows a commit already wrote keep their results (their before-images
 * are what undo needs); the new plan finds their records as they are now.
 */
export async function clearValidation(store: Store, id: string): Promise<void> {
  await dropStaging(store, id);
  const ranges = await writtenRanges(store.db, id);
  await sql`DELETE FROM intake_row WHERE import_id = ${id}
              AND NOT ${inWritten(ranges, 'intake_row')}`.execute(store.db);
  for (const table of ['intake_issue', 'intake_correction', 'intake_import_file'] as const) {
    await store.db.deleteFrom(table).where('import_id', '=', id).execute();
  }
}
