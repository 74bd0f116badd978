import { sql } from 'kysely';
import { stageTable } from '../names.js';
import { referencedValue, targetWords, text, type PlanContext } from './context.js';

/**
 * A date within the dates of the record it names (pack `range`; the loyalty seed's
 * coupon redemption range: a coupon is redeemed while its series is valid). The
 * record is the one this import writes, else the stored one; a bound it lacks is no
 * bound. `checkRanges: false` turns the check off for an import.
 */
export async function checkRange(c: PlanContext): Promise<void> {
  const r = c.entity.range;
  if (!r || !c.options.checkRanges) return;
  const ref = c.entity.fields.find((f) => f.name === r.by)!.reference!;
  const s = stageTable(c.entity);
  const field = c.entity.fields.find((f) => f.name === r.field)!;
  // Dates compare as ISO text; a datetime by its day.
  const day = sql`substr(${text(sql.ref(`s.${r.field}`))}, 1, 10)`;
  const key = sql.ref(`s.${r.by}`);
  const bound = (name: string | undefined) =>
    name ? text(referencedValue(c, ref, key, name)) : sql`NULL`;
  const from = bound(r.from);
  const to = bound(r.to);
  const what = targetWords(ref);
  await sql`
    INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
    SELECT s.import_id, s.row_no, ${r.field}, 'INTAKE_E_OUT_OF_RANGE',
           ${`${field.label} `} || ${day} || ${` is outside the dates of ${what} `} || ${text(key)}
             || ' (' || coalesce('from ' || ${from}, '') || CASE WHEN ${from} IS NOT NULL AND ${to} IS NOT NULL THEN ' ' ELSE '' END
             || coalesce('to ' || ${to}, '') || ')',
           ${text(sql.ref(`s.${r.field}`))}
    FROM ${sql.id(s)} s
    WHERE s.import_id = ${c.importId} AND ${sql.ref(`s.${r.field}`)} IS NOT NULL AND ${key} IS NOT NULL
      AND (${day} < ${from} OR ${day} > ${to})`.execute(c.store.db);
}
