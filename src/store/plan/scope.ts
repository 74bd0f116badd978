import { sql } from 'kysely';
import { stageTable } from '../names.js';
import { referencedValue, targetKeys, targetWords, text, type PlanContext } from './context.js';

/**
 * References scoped by a field the named record shares (`scopedBy`; the loyalty seed's
 * channel subscriptions: "Account Name: required for channels with multiple accounts"):
 * a record named must share the row's value (an account of the row's channel), and a
 * row whose scope has several records must name one. Records are the stored ones and
 * this import's rows.
 */
export async function checkScopes(c: PlanContext): Promise<void> {
  const s = stageTable(c.entity);
  for (const f of c.entity.fields.filter((x) => x.scopedBy && x.reference)) {
    const ref = f.reference!;
    const by = f.scopedBy!;
    const scopeLabel = c.entity.fields.find((x) => x.name === by)!.label.toLowerCase();
    const value = sql.ref(`s.${f.name}`);
    const scope = sql.ref(`s.${by}`);
    const theirs = text(referencedValue(c, ref, value, by));
    const what = targetWords(ref);
    await sql`
      INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
      SELECT s.import_id, s.row_no, ${f.name}, 'INTAKE_E_REFERENCE_SCOPE',
             ${`${f.label}: "`} || ${text(value)} || ${`" is a ${what} of ${scopeLabel} `} || ${theirs}
               || ', not of ' || ${text(scope)},
             ${text(value)}
      FROM ${sql.id(s)} s
      WHERE s.import_id = ${c.importId} AND ${value} IS NOT NULL AND ${scope} IS NOT NULL
        AND ${theirs} <> ${text(scope)}`.execute(c.store.db);
    // The scope's records: stored, and this import's rows (a record in both counts once).
    const many = sql`(SELECT count(*) FROM ${targetKeys(
      c,
      ref,
      (a) => sql`CAST(${sql.ref(`${a}.${by}`)} AS text) = ${text(scope)}`,
    )})`;
    await sql`
      INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
      SELECT s.import_id, s.row_no, ${f.name}, 'INTAKE_E_REQUIRED',
             ${`${f.label}: ${scopeLabel} `} || ${text(scope)} || ' has ' || CAST(${many} AS text)
               || ${` records of ${what}; name one`},
             NULL
      FROM ${sql.id(s)} s
      WHERE s.import_id = ${c.importId} AND ${value} IS NULL AND ${scope} IS NOT NULL
        AND ${many} > 1
        -- A value a lookup could not find is emptied, and refused already.
        AND NOT EXISTS (SELECT 1 FROM intake_issue i WHERE i.import_id = s.import_id
                          AND i.row_no = s.row_no AND i.field = ${f.name})`.execute(c.store.db);
  }
}
