import { sql, type RawBuilder } from 'kysely';
import type { EntityType, Value } from '../core/schema.js';
import type { Store } from './connect.js';
import { stageTable } from './names.js';

/**
 * The queries of record generation (schema.ts `Generates`; jobs/import-generate.ts
 * makes the records): which staged rows ask for records, what their series has, and
 * which numbers are taken.
 */

/** A staged row that asks for records, with what its series has already. */
export interface Asking {
  rowNo: number;
  fileNo: number;
  line: number;
  /** The row's declared identifier: what the generated records reference. */
  key: string;
  count: number;
  prefix: string;
  suffix: string;
  length: number | null;
  /** The fields the records copy, by the row's field name. */
  values: Record<string, Value | null>;
  /** Records of the series, stored or staged by this import. */
  have: number;
  /** The highest sequence among the series' numbers that have the generated form. */
  highest: string | null;
}

interface Ctx {
  store: Store;
  importId: string;
  workspace: string;
}

/**
 * The series' numbers: stored, and staged by this import (rows of a card file) that
 * fit its form (`fits`), since the plan refuses the others (and they would count).
 */
function numbersOf(
  c: Ctx,
  target: EntityType,
  key: RawBuilder<unknown>,
  fits: (num: RawBuilder<unknown>) => RawBuilder<unknown>,
): RawBuilder<unknown> {
  const n = target.numbering!;
  const staged = sql.ref(`x.${n.field}`);
  return sql`(SELECT ${sql.ref(`t.${n.field}`)} AS num FROM ${sql.id(target.table)} t
      WHERE t.workspace_id = ${c.workspace} AND ${sql.ref(`t.${n.by}`)} = ${key}
    UNION SELECT ${staged} FROM ${sql.id(stageTable(target))} x
      WHERE x.import_id = ${c.importId} AND ${sql.ref(`x.${n.by}`)} = ${key}
        AND ${staged} IS NOT NULL AND ${fits(staged)}
        AND NOT EXISTS (SELECT 1 FROM intake_issue i
                        WHERE i.import_id = x.import_id AND i.row_no = x.row_no))`;
}

export async function askingRows(
  c: Ctx,
  series: EntityType,
  target: EntityType,
): Promise<Asking[]> {
  const g = series.generates!;
  const n = target.numbering!;
  const p = c.store.profile;
  const s = stageTable(series);
  const key = sql.ref(`s.${series.identifiers[0]!}`);
  const field = (name: string | undefined) => (name ? sql.ref(`s.${name}`) : sql`NULL`);
  const prefix = sql`coalesce(${field(n.prefix)}, '')`;
  const suffix = sql`coalesce(${field(n.suffix)}, '')`;
  const length = field(n.length);
  const middle = sql`substr(u.num, length(${prefix}) + 1, CAST(${length} AS integer) - length(${prefix}) - length(${suffix}))`;
  // A number of the series' form: its length (when it has one), prefix and suffix.
  const fits = (num: RawBuilder<unknown>) =>
    sql`(${length} IS NULL OR length(${num}) = ${length}) AND substr(${num}, 1, length(${prefix})) = ${prefix}
        AND substr(${num}, length(${num}) - length(${suffix}) + 1) = ${suffix}`;
  const copies = Object.values(g.copy);
  // The row's count, else the one its pack declares (the count field's default).
  const declared = series.fields.find((f) => f.name === g.count)!.default;
  const count = sql`coalesce(${sql.ref(`s.${g.count}`)}, ${declared ?? null})`;
  const rows = await sql<Record<string, unknown>>`
    SELECT s.row_no, s.file_no, s.line, ${key} AS key, ${count} AS count,
           ${prefix} AS prefix, ${suffix} AS suffix, ${length} AS length,
           ${sql.join([sql`1`, ...copies.map((f) => sql`${sql.ref(`s.${f}`)} AS ${sql.id(`copy_${f}`)}`)])},
           (SELECT count(*) FROM ${numbersOf(c, target, key, fits)} u) AS have,
           (SELECT max(${middle}) FROM ${numbersOf(c, target, key, fits)} u
             WHERE ${fits(sql.ref('u.num'))} AND ${p.digitsOnly(middle)}) AS highest
    FROM ${sql.id(s)} s
    WHERE s.import_id = ${c.importId} AND ${sql.ref(`s.${g.when}`)} = ${p.bind(true)}
      AND ${count} > 0 AND ${key} IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM intake_issue i WHERE i.import_id = s.import_id AND i.row_no = s.row_no)
    ORDER BY s.row_no`.execute(c.store.db);
  return rows.rows.map((r) => ({
    rowNo: Number(r.row_no),
    fileNo: Number(r.file_no),
    line: Number(r.line),
    key: String(r.key),
    count: Number(r.count),
    prefix: String(r.prefix),
    suffix: String(r.suffix),
    length: r.length === null ? null : Number(r.length),
    values: Object.fromEntries(
      copies.map((f) => [
        f,
        c.store.profile.read(series.fields.find((x) => x.name === f)!.type, r[`copy_${f}`]),
      ]),
    ),
    have: Number(r.have),
    highest: r.highest === null ? null : String(r.highest),
  }));
}

/** Which of `numbers` a record of `target` has already, stored or staged (any series). */
export async function takenNumbers(
  c: Ctx,
  target: EntityType,
  numbers: string[],
): Promise<Set<string>> {
  if (numbers.length === 0) return new Set();
  const f = target.numbering!.field;
  const list = sql.join(numbers);
  const rows = await sql<{ num: string }>`
    SELECT ${sql.ref(`t.${f}`)} AS num FROM ${sql.id(target.table)} t
      WHERE t.workspace_id = ${c.workspace} AND ${sql.ref(`t.${f}`)} IN (${list})
    UNION SELECT ${sql.ref(`x.${f}`)} FROM ${sql.id(stageTable(target))} x
      WHERE x.import_id = ${c.importId} AND ${sql.ref(`x.${f}`)} IN (${list})`.execute(c.store.db);
  return new Set(rows.rows.map((r) => r.num));
}

/** A problem with a row's request, refusing the row (a series that cannot number its cards). */
export async function refuseAsking(
  c: Ctx,
  rowNo: number,
  field: string,
  message: string,
): Promise<void> {
  await c.store.db
    .insertInto('intake_issue')
    .values({
      import_id: c.importId,
      row_no: rowNo,
      field,
      code: 'INTAKE_E_GENERATE',
      message,
      value: null,
    })
    .execute();
}
