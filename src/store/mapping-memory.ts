import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { ImportOptions } from '../core/options.js';
import { compact, isReportColumn } from '../core/pipeline/map.js';
import type { Store } from './connect.js';
import { readJson } from './json.js';

/**
 * Remembered mappings (issue 17): the options an import used for a file's columns and
 * entity type, kept per workspace, so that the next file with the same columns is
 * offered them. Only what belongs to the columns and the import's way of working is
 * kept: never the fixes of one file's cells, its removed members or its header rows.
 */
const NOT_REMEMBERED = [
  'fixes',
  'exclude',
  'only',
  'headerRows',
  'sheet',
  'dryRun',
  'confirmErase',
] as const;

/** The columns as mapping compares them, in any order; Intake's report columns left out. */
export function columnsKey(header: string[]): string {
  const names = header
    .filter((h) => h !== '' && !isReportColumn(h))
    .map(compact)
    .sort();
  return createHash('sha256').update(JSON.stringify(names)).digest('hex').slice(0, 32);
}

export function rememberable(options: Partial<ImportOptions>): Partial<ImportOptions> {
  const out: Record<string, unknown> = { ...options };
  for (const k of NOT_REMEMBERED) delete out[k];
  return out as Partial<ImportOptions>;
}

export async function rememberMapping(
  store: Store,
  m: {
    workspace: string;
    entity: string;
    header: string[];
    options: Partial<ImportOptions>;
    importId: string;
  },
): Promise<void> {
  const row = {
    workspace_id: m.workspace,
    entity: m.entity,
    columns: columnsKey(m.header),
    options: JSON.stringify(rememberable(m.options)),
    import_id: m.importId,
  };
  await store.db
    .insertInto('intake_mapping_memory')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'entity', 'columns']).doUpdateSet({
        options: row.options,
        import_id: row.import_id,
        updated_at: sql`${store.profile.now}`,
      }),
    )
    .execute();
}

export interface Remembered {
  importId: string;
  at: string;
  options: Partial<ImportOptions>;
}

export async function rememberedMapping(
  store: Store,
  workspace: string,
  entity: string,
  header: string[],
): Promise<Remembered | undefined> {
  const r = await store.db
    .selectFrom('intake_mapping_memory')
    .select(['import_id', 'updated_at', 'options'])
    .where('workspace_id', '=', workspace)
    .where('entity', '=', entity)
    .where('columns', '=', columnsKey(header))
    .executeTakeFirst();
  return r
    ? {
        importId: r.import_id,
        at: new Date(r.updated_at).toISOString(),
        options: readJson<Partial<ImportOptions>>(r.options) ?? {},
      }
    : undefined;
}
