import { sql } from 'kysely';
import { stageTable } from '../names.js';
import type { PlanContext } from './context.js';

/**
 * Required fields bind new records only: an update may leave a column out (SPEC M3,
 * empty cells never overwrite), so the check waits until matching has told which
 * rows create a record.
 */
export async function checkRequired(c: PlanContext): Promise<void> {
  if (c.options.mode === 'update') return; // update mode creates nothing
  await sql`
    INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
    SELECT import_id, row_no, missing, 'INTAKE_E_REQUIRED',
           ${`required for a new ${c.entity.label.toLowerCase()} and empty: `} || missing, NULL
    FROM ${sql.id(stageTable(c.entity))}
    WHERE import_id = ${c.importId} AND missing IS NOT NULL AND target_id IS NULL`.execute(
    c.store.db,
  );
}
