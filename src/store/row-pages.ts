import { sql, type RawBuilder } from 'kysely';
import type { Store } from './connect.js';
import type { CorrectionTable } from './tables.js';
import { WRITES, inWritten, isWrite, type Outcome, type WrittenRange } from './row-results.js';

const WRITE_LIST = sql.join(WRITES.map((w) => sql.lit(w)));

/**
 * Row results read back a page at a time, by keyset on the row number (`after`), or
 * from an offset: pages of a million-row import cost the same at its end as at its
 * start. Filters by outcome and by problem code walk their own indexes.
 *
 * The outcome a row shows is its plan until its import ends; once it has, a planned
 * write that did not happen is refused, with the reason the import gives (`Ending`).
 */
export interface Ending {
  ranges: WrittenRange[];
  /** Why the planned rows not written were not; undefined while the import may go on. */
  abort?: { code: string; message: string; all: boolean };
}

export interface StoredRow {
  row_no: number;
  file_no: number;
  line: number;
  entity: string;
  depth: number;
  outcome: Outcome;
  changed: string | null;
  raw: string;
  issues: { field: string | null; code: string; message: string }[];
}

export interface RowQuery {
  importId: string;
  outcome?: Outcome;
  code?: string;
  fileNo?: number;
  /** Rows after this row number (keyset). */
  after?: number;
  /** Or: skip this many rows that pass the filter. */
  offset?: number;
  limit: number;
}

/** SQL: row `r` shows `outcome` once the import has ended as `end` says. */
export function showsOutcome(outcome: Outcome, end: Ending): RawBuilder<unknown> {
  const a = end.abort;
  if (!a) return planned(outcome);
  if (a.all) return outcome === 'rejected' ? sql`1 = 1` : sql`1 = 0`;
  const written = inWritten(end.ranges);
  if (isWrite(outcome)) return sql`(r.outcome = ${outcome} AND ${written})`;
  if (outcome === 'rejected') {
    return sql`(r.outcome = 'rejected' OR (r.outcome IN (${WRITE_LIST}) AND NOT ${written}))`;
  }
  return planned(outcome);
}

/**
 * SQL: row `r` was planned with `outcome`. The rarer outcomes say so in the words of
 * their partial index, so that SQLite uses it too.
 */
function planned(outcome: Outcome): RawBuilder<unknown> {
  return outcome === 'created' || outcome === 'updated'
    ? sql`r.outcome = ${outcome}`
    : sql`(r.outcome = ${outcome} AND r.outcome NOT IN ('created', 'updated'))`;
}

/** SQL: row `r` has a problem of `code` (its own, or the import's reason for refusing it). */
function hasCode(importId: string, code: string, end: Ending): RawBuilder<unknown> {
  // Not correlated: both databases read the rows of one code once, from the
  // (import, code, row) index, instead of probing it for every row.
  const own = sql`r.row_no IN (SELECT i.row_no FROM intake_issue i
    WHERE i.import_id = ${importId} AND i.code = ${code})`;
  if (end.abort?.code !== code) return own;
  const none = sql`NOT EXISTS (SELECT 1 FROM intake_issue i
    WHERE i.import_id = r.import_id AND i.row_no = r.row_no)`;
  return sql`(${own} OR (${showsOutcome('rejected', end)} AND ${none}))`;
}

/** One page of rows (limit + 1 are read, to tell whether more follow). */
export async function rowPage(store: Store, q: RowQuery, end: Ending): Promise<StoredRow[]> {
  const filters: RawBuilder<unknown>[] = [sql`r.import_id = ${q.importId}`];
  if (q.outcome) filters.push(showsOutcome(q.outcome, end));
  if (q.code) filters.push(hasCode(q.importId, q.code, end));
  if (q.fileNo !== undefined) filters.push(sql`r.file_no = ${q.fileNo}`);
  let offset = q.offset ?? 0;
  let after = q.after ?? 0;
  // Unfiltered rows are numbered 1, 2, 3...: an offset is a row number.
  if (!q.outcome && !q.code && q.fileNo === undefined && q.after === undefined) {
    after = offset;
    offset = 0;
  }
  filters.push(sql`r.row_no > ${after}`);
  const rows = await sql<Omit<StoredRow, 'issues'>>`
    SELECT r.row_no, r.file_no, r.line, r.entity, r.depth, r.outcome, r.changed, r.raw
    FROM intake_row r WHERE ${sql.join(filters, sql` AND `)}
    ORDER BY r.row_no LIMIT ${q.limit + 1} OFFSET ${offset}`.execute(store.db);
  return withIssues(store, q.importId, rows.rows);
}

async function withIssues(
  store: Store,
  importId: string,
  rows: Omit<StoredRow, 'issues'>[],
): Promise<StoredRow[]> {
  if (rows.length === 0) return [];
  const first = Number(rows[0]!.row_no);
  const last = Number(rows[rows.length - 1]!.row_no);
  const issues = await store.db
    .selectFrom('intake_issue')
    .select(['row_no', 'field', 'code', 'message'])
    .where('import_id', '=', importId)
    .where('row_no', '>=', first)
    .where('row_no', '<=', last)
    .orderBy('row_no')
    .execute();
  const byRow = new Map<number, StoredRow['issues']>();
  for (const i of issues) {
    const list = byRow.get(Number(i.row_no)) ?? [];
    list.push({ field: i.field, code: i.code, message: i.message });
    byRow.set(Number(i.row_no), list);
  }
  return rows.map((r) => ({
    ...r,
    row_no: Number(r.row_no),
    file_no: Number(r.file_no),
    line: Number(r.line),
    depth: Number(r.depth),
    issues: byRow.get(Number(r.row_no)) ?? [],
  }));
}

/** Every row of a query, page after page, for the reports (never all in memory). */
export async function* allRows(
  store: Store,
  q: Omit<RowQuery, 'after' | 'offset' | 'limit'>,
  end: Ending,
): AsyncGenerator<StoredRow[]> {
  let after = 0;
  for (;;) {
    const page = await rowPage(store, { ...q, after, limit: 5000 }, end);
    if (page.length === 0) return;
    const rows = page.slice(0, 5000);
    yield rows;
    if (page.length <= 5000) return;
    after = rows[rows.length - 1]!.row_no;
  }
}

/** A correction as its table holds it (the import is the caller's). */
export type StoredCorrection = Omit<CorrectionTable, 'import_id'>;

/** A page of corrections, by keyset on (row, seq) or from an offset. */
export async function correctionPage(
  store: Store,
  q: { importId: string; after?: [number, number]; offset?: number; limit: number },
): Promise<StoredCorrection[]> {
  const [row, seq] = q.after ?? [0, -1];
  const rows = await store.db
    .selectFrom('intake_correction')
    .select(['row_no', 'seq', 'file_no', 'line', 'field', 'from_value', 'to_value', 'rule'])
    .where('import_id', '=', q.importId)
    // A row value: both databases walk the (import, row, seq) index from there.
    .where((eb) => eb(eb.refTuple('row_no', 'seq'), '>', eb.tuple(row, seq)))
    .orderBy('row_no')
    .orderBy('seq')
    .limit(q.limit + 1)
    .offset(q.offset ?? 0)
    .execute();
  return rows.map((r) => ({
    ...r,
    row_no: Number(r.row_no),
    seq: Number(r.seq),
    file_no: Number(r.file_no),
    line: Number(r.line),
  }));
}

/** The corrections of a page's rows, in one statement. */
export async function rowCorrections(
  store: Store,
  importId: string,
  rows: number[],
): Promise<Map<number, { field: string; from: string; to: string; rule: string }[]>> {
  const out = new Map<number, { field: string; from: string; to: string; rule: string }[]>();
  if (rows.length === 0) return out;
  const found = await store.db
    .selectFrom('intake_correction')
    .select(['row_no', 'field', 'from_value', 'to_value', 'rule'])
    .where('import_id', '=', importId)
    .where('row_no', 'in', rows)
    .orderBy('row_no')
    .orderBy('seq')
    .execute();
  for (const c of found) {
    const list = out.get(Number(c.row_no)) ?? [];
    list.push({ field: c.field, from: c.from_value, to: c.to_value, rule: c.rule });
    out.set(Number(c.row_no), list);
  }
  return out;
}

/** How many rows have each problem, by code and field, most first. */
export async function problemCounts(
  store: Store,
  importId: string,
): Promise<{ code: string; field: string; rows: number }[]> {
  const rows = await store.db
    .selectFrom('intake_issue')
    .select(['code', 'field', (eb) => eb.fn.count<number>('row_no').distinct().as('rows')])
    .where('import_id', '=', importId)
    .groupBy(['code', 'field'])
    .execute();
  return rows
    .map((r) => ({ code: r.code, field: r.field ?? '', rows: Number(r.rows) }))
    .sort((a, b) => b.rows - a.rows || a.code.localeCompare(b.code));
}

/** The values refused for one code in one field, most rows first. */
export async function refusedValues(
  store: Store,
  importId: string,
  code: string,
  field: string,
  limit = 50,
): Promise<{ value: string; rows: number }[]> {
  const rows = await store.db
    .selectFrom('intake_issue')
    .select(['value', (eb) => eb.fn.count<number>('row_no').distinct().as('rows')])
    .where('import_id', '=', importId)
    .where('code', '=', code)
    .where('field', '=', field)
    .where('value', 'is not', null)
    .groupBy('value')
    .orderBy('rows', 'desc')
    .orderBy('value')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ value: r.value!, rows: Number(r.rows) }));
}

/**
 * The widest row of a file (cells), to give extra cells columns of their own: only rows
 * refused for their shape can be wider than the header.
 */
export async function widestRow(store: Store, importId: string, fileNo: number): Promise<number> {
  const len =
    store.profile.dialect === 'postgres'
      ? sql`jsonb_array_length(r.raw::jsonb)`
      : sql`json_array_length(r.raw)`;
  const res = await sql<{ n: number | null }>`
    SELECT max(${len}) AS n FROM intake_row r
    WHERE r.import_id = ${importId} AND r.file_no = ${fileNo}
      AND r.row_no IN (SELECT i.row_no FROM intake_issue i
                       WHERE i.import_id = ${importId} AND i.code = 'INTAKE_E_ROW_SHAPE')`.execute(
    store.db,
  );
  return Number(res.rows[0]?.n ?? 0);
}

export interface UndoRow {
  row_no: number;
  result: string;
  code: string | null;
  message: string | null;
}

/** What an undo did, row by row, with the row results it undid. */
export async function* undoRows(
  store: Store,
  importId: string,
): AsyncGenerator<
  (UndoRow & { file_no: number; line: number; entity: string; record_key: string | null })[]
> {
  let after = 0;
  for (;;) {
    const rows = await store.db
      .selectFrom('intake_undo as u')
      .innerJoin('intake_row as r', (j) =>
        j.onRef('r.import_id', '=', 'u.import_id').onRef('r.row_no', '=', 'u.row_no'),
      )
      .select([
        'u.row_no',
        'u.result',
        'u.code',
        'u.message',
        'r.file_no',
        'r.line',
        'r.entity',
        'r.record_key',
      ])
      .where('u.import_id', '=', importId)
      .where('u.row_no', '>', after)
      .orderBy('u.row_no')
      .limit(5000)
      .execute();
    if (rows.length === 0) return;
    after = Number(rows[rows.length - 1]!.row_no);
    yield rows.map((r) => ({
      ...r,
      row_no: Number(r.row_no),
      file_no: Number(r.file_no),
      line: Number(r.line),
    }));
  }
}
