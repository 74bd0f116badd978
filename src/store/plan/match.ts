import { sql } from 'kysely';
import { stageTable } from '../names.js';
import { changedFields } from './changes.js';
import { clearing } from './clear.js';
import { inChunk, type PlanContext } from './context.js';
import { plannedAction } from './operations.js';

/**
 * Match rows to stored records by the import's match key, and plan them, in one
 * UPDATE ... FROM over the matched rows only: the stored id, the changed fields and
 * the outcome (skip for a create, the row's operation, update, or unchanged:
 * plan/operations.ts). Unmatched rows keep the outcome they were staged with, create,
 * so no statement rewrites every staged row; checkOperations refuses those whose
 * operation needed a stored record. At commit (`plannedUpTo`), false when no record was
 * stored since the plan: nothing to match again.
 */
export async function matchStored(c: PlanContext): Promise<boolean> {
  if (!c.match) return false;
  const s = stageTable(c.entity);
  if (c.plannedUpTo !== undefined && !(await storedSince(c, c.plannedUpTo))) return false;
  const m = c.match.name;
  const planned = plannedAction(c, s, changedFields(c, await clearing(c)));
  const update = sql`
    UPDATE ${sql.id(s)} SET target_id = t.id, changed = ${planned.changed}, action = ${planned.action}
    FROM ${sql.id(c.entity.table)} t
    WHERE ${sql.ref(`${s}.import_id`)} = ${c.importId}
      AND t.workspace_id = ${c.workspace}
      AND ${sql.ref(`t.${m}`)} = ${sql.ref(`${s}.${m}`)}
      ${c.chunk ? sql`AND ${sql.ref(`${s}.action`)} = 'create' AND ${inChunk(c, s)}` : sql``}
      ${c.plannedUpTo === undefined ? sql`` : sql`AND t.id > ${c.plannedUpTo}`}`;
  if (c.plannedUpTo === undefined) await update.execute(c.store.db);
  // At commit, only records stored since the plan: the statistics may not know them yet
  // (another import's 150,000 just committed), and a nested loop planned for one such
  // record scanned the staged rows once per record (a minute instead of a second).
  else await c.store.profile.withoutNestedLoops(c.store.db, () => update.execute(c.store.db));
  return true;
}

/** A record of the entity's table has an id above `id` (one probe of its key). */
async function storedSince(c: PlanContext, id: number): Promise<boolean> {
  const r =
    await sql`SELECT 1 AS x FROM ${sql.id(c.entity.table)} WHERE id > ${id} LIMIT 1`.execute(
      c.store.db,
    );
  return r.rows.length > 0;
}
