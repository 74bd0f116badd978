import { sql, type RawBuilder } from 'kysely';
import type { EntityType } from '../core/schema.js';
import type { Store } from './connect.js';
import { stageTable } from './names.js';
import { PLAN_SEQ } from './plan/context.js';

/**
 * The database side of a validation again after the user's fixes only
 * (jobs/import-recheck.ts): the rows staged by the last validation stay; what its plan
 * made of them is forgotten, and the rows a fix touches are staged again.
 */

/** Row numbers as ranges of consecutive numbers, for statements of bounded size. */
function ranges(rowNos: readonly number[]): [number, number][] {
  const sorted = [...rowNos].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && n <= last[1] + 1) last[1] = Math.max(last[1], n);
    else out.push([n, n]);
  }
  return out;
}

const inRanges = (part: [number, number][]): RawBuilder<unknown> =>
  sql`(${sql.join(
    part.map(([a, b]) => sql`row_no BETWEEN ${a} AND ${b}`),
    sql` OR `,
  )})`;

/** Staged rows removed, with their problems and corrections, to be staged again. */
export function unstageRows(
  store: Store,
  entity: Pick<EntityType, 'table'>,
  importId: string,
  rowNos: readonly number[],
): Promise<void> {
  return unstageRanges(store, entity, importId, ranges(rowNos));
}

/** The same, for ranges of row numbers (a chunk a dead worker staged part of). */
export async function unstageRanges(
  store: Store,
  entity: Pick<EntityType, 'table'>,
  importId: string,
  all: [number, number][],
): Promise<void> {
  for (let i = 0; i < all.length; i += 200) {
    const where = inRanges(all.slice(i, i + 200));
    for (const t of [stageTable(entity), 'intake_issue', 'intake_correction']) {
      await sql`DELETE FROM ${sql.id(t)} WHERE import_id = ${importId} AND ${where}`.execute(
        store.db,
      );
    }
  }
}

/**
 * Rows whose staged values the plan rewrote: a lookup put the record it found (or
 * nothing) in place of the value, a reference default in place of an unknown one. They
 * are cleaned again, since their staged values are no longer the cleaner's.
 */
export async function rewrittenRows(
  store: Store,
  importId: string,
  /** Fields looked up by another of their target's fields (plan/lookup.ts). */
  lookups: string[],
): Promise<number[]> {
  // A value a lookup did not find is emptied, its problem said.
  const notFound = lookups.length
    ? sql`UNION SELECT row_no FROM intake_issue WHERE import_id = ${importId} AND staged = 0
            AND code IN ('INTAKE_E_REFERENCE', 'INTAKE_E_REFERENCE_AMBIGUOUS')
            AND field IN (${sql.join(lookups)})`
    : sql``;
  const rows = await sql<{ row_no: number }>`
    SELECT row_no FROM intake_correction WHERE import_id = ${importId} AND seq >= ${PLAN_SEQ}
    ${notFound}`.execute(store.db);
  return rows.rows.map((r) => Number(r.row_no));
}

/**
 * Rows a problem fix of `field` answers or answered: refused by the cleaner for a
 * problem of that field, or corrected by such a fix.
 */
export async function rowsWithProblemsOf(
  store: Store,
  importId: string,
  fields: string[],
): Promise<number[]> {
  if (fields.length === 0) return [];
  const names = sql.join(fields);
  const rows = await sql<{ row_no: number }>`
    SELECT row_no FROM intake_issue WHERE import_id = ${importId} AND staged = 1
      AND field IN (${names})
    UNION
    SELECT row_no FROM intake_correction WHERE import_id = ${importId} AND rule = 'user_fix'
      AND field IN (${names})`.execute(store.db);
  return rows.rows.map((r) => Number(r.row_no));
}

/**
 * What the last validation made after staging is forgotten, so that the plan can run
 * again over the staged rows as they were after staging: the rows it generated (numbered
 * after the files' rows), its problems and corrections, the rows' results and their
 * planned actions. The files' rows and the cleaner's findings stay.
 */
export async function forgetPlan(
  store: Store,
  importId: string,
  entities: EntityType[],
  fileRows: number,
): Promise<void> {
  for (const e of entities) {
    const s = sql.id(stageTable(e));
    await sql`DELETE FROM ${s} WHERE import_id = ${importId} AND row_no > ${fileRows}`.execute(
      store.db,
    );
    // Only the rows the plan changed are written (most are planned creates).
    await sql`UPDATE ${s} SET action = 'create', target_id = NULL, changed = NULL, depth = 0,
                done = 0 WHERE import_id = ${importId} AND (action <> 'create'
                OR target_id IS NOT NULL OR changed IS NOT NULL OR depth <> 0 OR done <> 0)`.execute(
      store.db,
    );
  }
  await sql`DELETE FROM intake_issue WHERE import_id = ${importId}
              AND (staged = 0 OR row_no > ${fileRows})`.execute(store.db);
  await sql`DELETE FROM intake_correction WHERE import_id = ${importId}
              AND (seq >= ${PLAN_SEQ} OR row_no > ${fileRows})`.execute(store.db);
  for (const table of ['intake_row', 'intake_import_file'] as const) {
    await store.db.deleteFrom(table).where('import_id', '=', importId).execute();
  }
}

/** How many rows of the files are staged for an import, over its entity types. */
export async function stagedFileRows(
  store: Store,
  importId: string,
  entities: EntityType[],
  fileRows: number,
): Promise<number> {
  let n = 0;
  for (const e of entities) {
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.id(stageTable(e))}
      WHERE import_id = ${importId} AND row_no <= ${fileRows}`.execute(store.db);
    n += Number(r.rows[0]?.n ?? 0);
  }
  return n;
}
