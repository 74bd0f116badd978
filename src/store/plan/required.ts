import { sql } from 'kysely';
import { stageTable } from '../names.js';
import type { PlanContext } from './context.js';
import { rowOp } from './operations.js';

/**
 * Required fields bind new records only: an update may leave a column out (SPEC M3,
 * empty cells never overwrite), so the check waits until matching has told which
 * rows create a record. The same holds for groups of which one field must be given
 * (a counter belongs to a subscription or to a service instance).
 */
export async function checkRequired(c: PlanContext): Promise<void> {
  // Only rows that may create a record: create and upsert.
  const creates = sql`${rowOp(c, 's')} IN ('create', 'upsert')`;
  const s = sql`${sql.id(stageTable(c.entity))} s`;
  const what = `required for a new ${c.entity.label.toLowerCase()}`;
  await sql`
    INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
    SELECT import_id, row_no, missing, 'INTAKE_E_REQUIRED', ${`${what} and empty: `} || missing, NULL
    FROM ${s}
    WHERE import_id = ${c.importId} AND missing IS NOT NULL AND target_id IS NULL AND ${creates}`.execute(
    c.store.db,
  );
  for (const group of c.entity.requireOneOf) {
    const labels = group.map((f) => c.entity.fields.find((x) => x.name === f)!.label);
    await sql`
      INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
      SELECT import_id, row_no, ${group.join(', ')}, 'INTAKE_E_REQUIRED',
             ${`one of ${labels.join(' or ')} is ${what}, and all are empty`}, NULL
      FROM ${s}
      WHERE import_id = ${c.importId} AND target_id IS NULL AND ${creates}
        AND ${sql.join(
          group.map((f) => sql`${sql.id(f)} IS NULL`),
          sql` AND `,
        )}`.execute(c.store.db);
  }
}
