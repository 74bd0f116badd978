import { sql } from 'kysely';
import { stageTable } from '../names.js';
import { changedFields } from './changes.js';
import { clearing } from './clear.js';
import { inChunk, text, type PlanContext } from './context.js';

/**
 * Match rows to stored records by the import's match key, and plan them, in one
 * UPDATE ... FROM over the matched rows only: the stored id, the changed fields and
 * the outcome (skip in create mode, else update or unchanged). Unmatched rows keep
 * the outcome they were staged with, create, so no statement rewrites every staged
 * row. In update mode a row that matches nothing is refused.
 */
export async function matchStored(c: PlanContext): Promise<void> {
  if (!c.match) return;
  const s = stageTable(c.entity);
  const m = c.match.name;
  const changed = changedFields(c, await clearing(c));
  await sql`
    UPDATE ${sql.id(s)} SET target_id = t.id, changed = ${changed},
      action = ${c.options.mode === 'create' ? sql`'skip'` : sql`CASE WHEN ${changed} = '' THEN 'unchanged' ELSE 'update' END`}
    FROM ${sql.id(c.entity.table)} t
    WHERE ${sql.ref(`${s}.import_id`)} = ${c.importId}
      AND t.workspace_id = ${c.workspace}
      AND ${sql.ref(`t.${m}`)} = ${sql.ref(`${s}.${m}`)}
      ${c.chunk ? sql`AND ${sql.ref(`${s}.action`)} = 'create' AND ${inChunk(c, s)}` : sql``}
      ${c.plannedUpTo === undefined ? sql`` : sql`AND t.id > ${c.plannedUpTo}`}`.execute(
    c.store.db,
  );
  if (c.options.mode !== 'update' || c.chunk) return;
  await sql`
    INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
    SELECT import_id, row_no, ${m}, 'INTAKE_E_RECORD_NOT_FOUND',
           ${`${c.match.label} "`} || ${text(sql.id(m))} || ${`" matches no stored ${c.entity.label.toLowerCase()}`},
           ${text(sql.id(m))}
    FROM ${sql.id(s)}
    WHERE import_id = ${c.importId} AND target_id IS NULL AND ${sql.id(m)} IS NOT NULL`.execute(
    c.store.db,
  );
}
