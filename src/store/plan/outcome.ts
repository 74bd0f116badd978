import { sql } from 'kysely';
import { stageTable } from '../names.js';
import type { PlanContext } from './context.js';

/**
 * The planned outcome of every row (SPEC V5): error when it has an issue; create
 * when nothing stored matched; in create mode a matched row is skipped; else update
 * or unchanged, by the changed fields.
 */
export async function decideOutcomes(c: PlanContext): Promise<void> {
  const s = sql.id(stageTable(c.entity));
  const skip = c.options.mode === 'create';
  await sql`
    UPDATE ${s} SET action = CASE
      WHEN EXISTS (SELECT 1 FROM intake_issue i WHERE i.import_id = ${c.importId} AND i.row_no = ${sql.ref(`${stageTable(c.entity)}.row_no`)}) THEN 'error'
      WHEN target_id IS NULL THEN 'create'
      WHEN ${skip ? sql`1 = 1` : sql`1 = 0`} THEN 'skip'
      WHEN changed = '' THEN 'unchanged'
      ELSE 'update' END
    WHERE import_id = ${c.importId}`.execute(c.store.db);
}
