import { sql } from 'kysely';
import { stageTable } from '../names.js';
import { holdsOneOf } from '../labels.js';
import { text, type PlanContext } from './context.js';
import { isInactive } from './operations.js';

/**
 * Stored states that refuse changes (SPEC V3; Capillary refuses changes to inactive or
 * fraud-flagged customers): a row that would change a stored record whose protected
 * field holds one of the declared values is refused, naming the state, unless the
 * import allows it (`allowProtected`). A row that changes nothing stays unchanged.
 */
export async function checkProtected(c: PlanContext): Promise<void> {
  if (c.options.allowProtected || c.entity.protect.length === 0) return;
  const s = stageTable(c.entity);
  const what = c.entity.label.toLowerCase();
  // Reactivate is how an inactive record comes back: its inactive states do not hold it.
  const a = c.entity.activity;
  const reactivates = a
    ? sql`OR (s.action = 'reactivate' AND NOT ${isInactive(c.entity, c.store.profile, c.workspace)})`
    : sql``;
  for (const p of c.entity.protect) {
    const field = c.entity.fields.find((f) => f.name === p.field);
    const label = field?.label ?? p.field;
    await sql`
      INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
      SELECT s.import_id, s.row_no, ${p.field}, 'INTAKE_E_RECORD_PROTECTED',
             ${`the stored ${what} has ${label} `} || ${text(sql.ref(`t.${p.field}`))} ||
             ${`, a state that refuses changes by import (allow it with --allow-protected)`},
             ${text(sql.ref(`t.${p.field}`))}
      FROM ${sql.id(s)} s JOIN ${sql.id(c.entity.table)} t ON t.id = s.target_id
      WHERE s.import_id = ${c.importId}
        AND (s.action IN ('update', 'inactivate', 'anonymize', 'delete', 'erase') ${reactivates})
        AND ${holdsOneOf(field, sql.ref(`t.${p.field}`), c.workspace, sql.join(p.values))}`.execute(
      c.store.db,
    );
  }
}
