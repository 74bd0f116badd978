import { sql } from 'kysely';
import { stageTable } from '../names.js';
import type { RowsContext } from './context.js';

/**
 * The planned outcome of every row (SPEC V5) is set as rows are staged (create) and
 * matched (update, unchanged, skip); last, every row with an issue becomes an error.
 */
export async function markErrors(c: RowsContext): Promise<void> {
  const s = sql.id(stageTable(c.entity));
  await sql`
    UPDATE ${s} SET action = 'error'
    WHERE import_id = ${c.importId}
      AND row_no IN (SELECT row_no FROM intake_issue
                     WHERE import_id = ${c.importId} AND substr(code, 1, 9) = 'INTAKE_E_')`.execute(
    c.store.db,
  );
  // A row with only a reason to be skipped (a duplicate merged into its first) is skipped.
  await sql`
    UPDATE ${s} SET action = 'skip'
    WHERE import_id = ${c.importId} AND action <> 'error'
      AND row_no IN (SELECT row_no FROM intake_issue
                     WHERE import_id = ${c.importId} AND substr(code, 1, 9) = 'INTAKE_W_')`.execute(
    c.store.db,
  );
}
