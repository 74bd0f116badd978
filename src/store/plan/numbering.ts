import { sql, type RawBuilder } from 'kysely';
import { stageTable } from '../names.js';
import { referencedValue, text, type PlanContext } from './context.js';

/**
 * A number that must fit its series (the loyalty seed's cards: "the unique number of
 * the card as per the card series configuration"): it starts with the series' prefix,
 * ends with its suffix and has its length, each when the series has one. The series
 * is the stored one, or the one this import writes (its staged row).
 */
export async function checkNumbering(c: PlanContext): Promise<void> {
  const n = c.entity.numbering;
  if (!n) return;
  const ref = c.entity.fields.find((f) => f.name === n.by)!.reference!;
  const s = stageTable(c.entity);
  const number = sql.ref(`s.${n.field}`);
  const key = sql.ref(`s.${n.by}`);
  const of = (field: string) => referencedValue(c, ref, key, field);
  const misfits: RawBuilder<unknown>[] = [];
  const expects: RawBuilder<unknown>[] = [];
  if (n.prefix) {
    const p = of(n.prefix);
    misfits.push(sql`(${p} IS NOT NULL AND substr(${number}, 1, length(${p})) <> ${p})`);
    expects.push(sql`CASE WHEN ${p} IS NULL THEN '' ELSE 'start with ' || ${p} || '; ' END`);
  }
  if (n.suffix) {
    const x = of(n.suffix);
    misfits.push(
      sql`(${x} IS NOT NULL AND substr(${number}, length(${number}) - length(${x}) + 1) <> ${x})`,
    );
    expects.push(sql`CASE WHEN ${x} IS NULL THEN '' ELSE 'end with ' || ${x} || '; ' END`);
  }
  if (n.length) {
    const l = of(n.length);
    misfits.push(sql`(${l} IS NOT NULL AND length(${number}) <> ${l})`);
    expects.push(sql`CASE WHEN ${l} IS NULL THEN '' ELSE ${text(l)} || ' characters; ' END`);
  }
  if (misfits.length === 0) return;
  const label = c.entity.fields.find((f) => f.name === n.field)!.label;
  await sql`
    INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
    SELECT s.import_id, s.row_no, ${n.field}, 'INTAKE_E_NUMBER_SERIES',
           ${`${label} "`} || ${number} || '" does not fit ' || ${text(key)} || ' (its numbers: '
             || rtrim(${sql.join(expects, sql` || `)}, '; ') || ')',
           ${number}
    FROM ${sql.id(s)} s
    WHERE s.import_id = ${c.importId} AND ${number} IS NOT NULL AND ${key} IS NOT NULL
      AND (${sql.join(misfits, sql` OR `)})`.execute(c.store.db);
}
