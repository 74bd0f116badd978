import { sql } from 'kysely';
import type { EntityType } from '../core/schema.js';
import type { Store } from './connect.js';
import { stageTable } from './names.js';

/**
 * Reading staged results back for reports, page by page (keyset on row_no), so that
 * a million refused rows never sit in memory at once.
 */
export type Action = 'create' | 'update' | 'unchanged' | 'skip' | 'error';

export interface RowResult {
  rowNo: number;
  line: number;
  /** Level in a tree of records of the same type (0 when the type has none). */
  depth: number;
  raw: string[];
  action: Action;
  changed: string;
  issues: { field: string | null; code: string; message: string }[];
}

const PAGE = 5000;

/** Staged rows of one file, in file order, with their issues. `onlyErrors` for the rejection file. */
export async function* rowResults(
  store: Store,
  entity: EntityType,
  importId: string,
  fileNo: number,
  onlyErrors: boolean,
): AsyncGenerator<RowResult[]> {
  const s = stageTable(entity);
  let after = 0;
  while (true) {
    const rows = await store.db
      .selectFrom(s)
      .select(['row_no', 'line', 'raw', 'action', 'changed', 'depth'])
      .where('import_id', '=', importId)
      .where('file_no', '=', fileNo)
      .where('row_no', '>', after)
      .$if(onlyErrors, (q) => q.where('action', '=', 'error'))
      .orderBy('row_no')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) return;
    const first = Number(rows[0]!.row_no);
    after = Number(rows[rows.length - 1]!.row_no);
    const issues = await store.db
      .selectFrom('intake_issue')
      .select(['row_no', 'field', 'code', 'message'])
      .where('import_id', '=', importId)
      .where('row_no', '>=', first)
      .where('row_no', '<=', after)
      .orderBy('row_no')
      .execute();
    const byRow = new Map<number, RowResult['issues']>();
    for (const i of issues) {
      const list = byRow.get(Number(i.row_no)) ?? [];
      list.push({ field: i.field, code: i.code, message: i.message });
      byRow.set(Number(i.row_no), list);
    }
    yield rows.map((r) => ({
      rowNo: Number(r.row_no),
      line: Number(r.line),
      depth: Number(r.depth),
      raw: JSON.parse(r.raw) as string[],
      action: r.action as Action,
      changed: (r.changed ?? '').replace(/, $/, ''),
      issues: byRow.get(Number(r.row_no)) ?? [],
    }));
  }
}

export interface CorrectionRow {
  file_no: number;
  line: number;
  field: string;
  from_value: string;
  to_value: string;
  rule: string;
}

export async function* corrections(
  store: Store,
  importId: string,
): AsyncGenerator<CorrectionRow[]> {
  let afterRow = -1;
  let afterId = '';
  // Keyset on (row_no, field, rule): several corrections may share a row.
  while (true) {
    const rows = await store.db
      .selectFrom('intake_correction')
      .select(['row_no', 'file_no', 'line', 'field', 'from_value', 'to_value', 'rule'])
      .where('import_id', '=', importId)
      .where((eb) =>
        eb.or([
          eb('row_no', '>', afterRow),
          eb.and([eb('row_no', '=', afterRow), eb(sql`field || '|' || rule`, '>', afterId)]),
        ]),
      )
      .orderBy('row_no')
      .orderBy(sql`field || '|' || rule`)
      .limit(PAGE)
      .execute();
    if (rows.length === 0) return;
    const last = rows[rows.length - 1]!;
    afterRow = Number(last.row_no);
    afterId = `${last.field}|${last.rule}`;
    yield rows.map((r) => ({ ...r, file_no: Number(r.file_no), line: Number(r.line) }));
  }
}

/** Rows of one import in `table`, counted per value of `column`. */
async function countBy(
  store: Store,
  table: string,
  column: string,
  importId: string,
): Promise<Record<string, number>> {
  const rows = await sql<{ k: string; n: number }>`
    SELECT ${sql.id(column)} AS k, count(*) AS n FROM ${sql.id(table)}
    WHERE import_id = ${importId} GROUP BY ${sql.id(column)} ORDER BY ${sql.id(column)}`.execute(
    store.db,
  );
  return Object.fromEntries(rows.rows.map((r) => [r.k, Number(r.n)]));
}

/** Count of staged rows per planned outcome, per entity. */
export const outcomeCounts = (store: Store, entity: EntityType, importId: string) =>
  countBy(store, stageTable(entity), 'action', importId);

/** Refused rows' issues per code, and corrections per rule, for the summary. */
export const issueCounts = (store: Store, importId: string) =>
  countBy(store, 'intake_issue', 'code', importId);
export const correctionCounts = (store: Store, importId: string) =>
  countBy(store, 'intake_correction', 'rule', importId);

/** Rows to write per depth of an entity type's tree (one entry, depth 0, for other types). */
export async function writesByDepth(
  store: Store,
  entity: EntityType,
  importId: string,
): Promise<{ depth: number; rows: number }[]> {
  const rows = await sql<{ depth: number; n: number }>`
    SELECT depth, count(*) AS n FROM ${sql.id(stageTable(entity))}
    WHERE import_id = ${importId} AND action IN ('create', 'update')
    GROUP BY depth ORDER BY depth`.execute(store.db);
  return rows.rows.map((r) => ({ depth: Number(r.depth), rows: Number(r.n) }));
}

/** Staging is only needed until the reports are written. */
export async function dropStaging(
  store: Store,
  entities: EntityType[],
  importId: string,
): Promise<void> {
  for (const e of entities) {
    await store.db.deleteFrom(stageTable(e)).where('import_id', '=', importId).execute();
  }
  await store.db.deleteFrom('intake_issue').where('import_id', '=', importId).execute();
  await store.db.deleteFrom('intake_correction').where('import_id', '=', importId).execute();
}
