import { sql, type RawBuilder } from 'kysely';
import { OPERATION_OUTCOMES } from '../core/operations.js';
import { NO_COUNTS, WRITES, writes, type Counts, type Outcome } from '../core/outcomes.js';
import type { EntityType, FieldDef } from '../core/schema.js';
import type { Store } from './connect.js';
import { stageTable } from './names.js';
import type { Db } from './tables.js';

/**
 * Row results: what happened to every source row of an import, kept in the database
 * (`intake_row`, with `intake_issue` and `intake_correction`) for as long as the import
 * may be reported on or undone. Staging is the working copy of a validation; this is
 * its record, copied once the plan is made, so reports, pages and undo never need a
 * file or the staging tables.
 *
 * A row's `outcome` is its plan: created, updated, unchanged, skipped or rejected.
 * Whether a planned write happened is told by the ranges its commit wrote
 * (`intake_commit_chunk`), recorded in the transaction of each write; an import that
 * ended without writing some planned rows says why in its plan's `abort`.
 */
export {
  NO_COUNTS,
  OUTCOMES,
  WRITES,
  isWrite,
  writes,
  type Counts,
  type Outcome,
  type Written,
} from '../core/outcomes.js';

/** Staging's actions and the outcomes they plan. */
export const PLANNED = sql`CASE s.action WHEN 'create' THEN 'created' WHEN 'update' THEN 'updated'
  ${sql.join(
    Object.entries(OPERATION_OUTCOMES).map(
      ([op, out]) => sql`WHEN ${sql.lit(op)} THEN ${sql.lit(out)}`,
    ),
    sql` `,
  )}
  WHEN 'unchanged' THEN 'unchanged' WHEN 'skip' THEN 'skipped' ELSE 'rejected' END`;

/**
 * After the plan of one entity type: its staged rows become row results. Rows a
 * commit already wrote (a validation again after a crash) keep the results they have.
 */
export async function recordPlan(
  store: Store,
  entity: EntityType,
  importId: string,
  match: FieldDef | undefined,
  /** Rows written before (a validation again after a crash) keep their results. */
  keepWritten: boolean,
): Promise<void> {
  const key = match ? sql`CAST(${sql.ref(`s.${match.name}`)} AS text)` : sql`NULL`;
  await sql`
    INSERT INTO intake_row (import_id, row_no, file_no, line, entity, depth, outcome,
                            record_key, record_id, changed, raw)
    SELECT s.import_id, s.row_no, s.file_no, s.line, ${entity.qualified}, s.depth, ${PLANNED},
           ${key}, s.target_id, NULLIF(s.changed, ''), s.raw
    FROM ${sql.id(stageTable(entity))} s
    WHERE s.import_id = ${importId}
    ${keepWritten ? sql`ON CONFLICT (import_id, row_no) DO NOTHING` : sql``}`.execute(store.db);
}

/** Rows refused after the plan (by the database, at commit, and the rows below them). */
export async function recordRefused(
  store: Store,
  entity: EntityType,
  importId: string,
): Promise<void> {
  await sql`
    UPDATE intake_row SET outcome = 'rejected'
    WHERE import_id = ${importId} AND entity = ${entity.qualified}
      AND outcome IN (${sql.join(WRITES.map((w) => sql.lit(w)))})
      AND row_no IN (SELECT row_no FROM ${sql.id(stageTable(entity))}
                     WHERE import_id = ${importId} AND action = 'error')`.execute(store.db);
}

/** What the plan says, from the row results. */
export async function plannedCounts(store: Store, importId: string): Promise<Counts> {
  const rows = await store.db
    .selectFrom('intake_row')
    .select(['outcome', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('import_id', '=', importId)
    .groupBy('outcome')
    .execute();
  const c = { ...NO_COUNTS };
  for (const r of rows) {
    c[r.outcome as Outcome] = Number(r.n);
    c.rows += Number(r.n);
  }
  return c;
}

/**
 * What is written: the rows the database took, as each chunk of the commit counted them
 * in its own transaction; every planned row not written is refused (by the reason of
 * the plan's `abort`, or because the database refused its chunk).
 */
export async function writtenCounts(store: Store, importId: string): Promise<Counts> {
  const planned = await plannedCounts(store, importId);
  const w = await store.db
    .selectFrom('intake_commit_chunk')
    .select(WRITES.map((k) => (eb) => eb.fn.sum<number | string>(k).as(k)))
    .where('import_id', '=', importId)
    .executeTakeFirst();
  const out = { ...planned };
  for (const k of WRITES) out[k] = Number((w as Record<string, unknown> | undefined)?.[k] ?? 0);
  out.rejected = planned.rows - writes(out) - planned.unchanged - planned.skipped;
  return out;
}

export interface WrittenRange {
  entity: string;
  depth: number | null;
  from: number;
  to: number;
}

export async function writtenRanges(db: Db, importId: string): Promise<WrittenRange[]> {
  const rows = await db
    .selectFrom('intake_commit_chunk')
    .select(['entity', 'depth', 'from_row', 'to_row'])
    .where('import_id', '=', importId)
    .execute();
  return rows.map((r) => ({
    entity: r.entity,
    depth: r.depth === null ? null : Number(r.depth),
    from: Number(r.from_row),
    to: Number(r.to_row),
  }));
}

/** SQL: row `r` lies in a range a commit wrote. */
export function inWritten(ranges: WrittenRange[], r = 'r'): RawBuilder<unknown> {
  if (ranges.length === 0) return sql`1 = 0`;
  const one = (w: WrittenRange) =>
    sql`(${sql.ref(`${r}.entity`)} = ${w.entity} AND ${sql.ref(`${r}.row_no`)} BETWEEN ${w.from} AND ${w.to}${
      w.depth === null ? sql`` : sql` AND ${sql.ref(`${r}.depth`)} = ${w.depth}`
    })`;
  return sql`(${sql.join(ranges.map(one), sql` OR `)})`;
}

export const isWritten = (
  ranges: WrittenRange[],
  row: { entity: string; row_no: number; depth: number },
) =>
  ranges.some(
    (w) =>
      w.entity === row.entity &&
      row.row_no >= w.from &&
      row.row_no <= w.to &&
      (w.depth === null || w.depth === row.depth),
  );

/** Rows per problem code, and corrections per rule, for the summary. */
export async function countBy(
  store: Store,
  table: 'intake_issue' | 'intake_correction',
  column: 'code' | 'rule',
  importId: string,
): Promise<Record<string, number>> {
  const rows = await sql<{ k: string; n: number }>`
    SELECT ${sql.id(column)} AS k, count(*) AS n FROM ${sql.id(table)}
    WHERE import_id = ${importId} GROUP BY ${sql.id(column)} ORDER BY ${sql.id(column)}`.execute(
    store.db,
  );
  return Object.fromEntries(rows.rows.map((r) => [r.k, Number(r.n)]));
}

/** Everything an import kept about its rows (the purge after the retention). */
export async function dropRowResults(store: Store, importId: string): Promise<void> {
  for (const table of [
    'intake_row',
    'intake_before',
    'intake_issue',
    'intake_correction',
    'intake_commit_chunk',
    'intake_undo',
    'intake_cascade',
    'intake_erased_from',
  ] as const) {
    await store.db.deleteFrom(table).where('import_id', '=', importId).execute();
  }
}
