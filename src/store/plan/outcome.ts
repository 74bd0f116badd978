import { sql } from 'kysely';
import { stageTable } from '../names.js';
import type { RowsContext } from './context.js';

/**
 * The planned outcome of every row (SPEC V5) is set as rows are staged (create) and
 * matched (update, unchanged, skip); last, every row with an issue becomes an error.
 */
export async function markErrors(c: RowsContext): Promise<void> {
  await sql`
    UPDATE ${sql.id(stageTable(c.entity))} SET action = 'error'
    WHERE import_id = ${c.importId}
      AND row_no IN (SELECT row_no FROM intake_issue WHERE import_id = ${c.importId})`.execute(
    c.store.db,
  );
}
