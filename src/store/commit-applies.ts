import { sql, type RawBuilder } from 'kysely';
import type { EntityType } from '../core/schema.js';
import { recordColumns } from './commit-operations.js';
import type { Store } from './connect.js';
import { stageTable } from './names.js';
import type { Db } from './tables.js';

/**
 * Events that change the record they name (schema.ts `Applies`: a customer status
 * change sets the customer's status, a fraud mark its fraud status). In the transaction
 * that creates a chunk's events, each named record keeps its before-image under the
 * event's row (undo gives it back), then takes the values of the chunk's last event for
 * it. An empty cell changes nothing, as in any update. The record names the import and
 * the event's row as the last that wrote it.
 */
export async function applyEvents(c: {
  store: Store;
  db: Db;
  importId: string;
  workspace: string;
  entity: EntityType;
  target: EntityType;
  inRange: (alias: string) => RawBuilder<unknown>;
}): Promise<void> {
  const { entity: e, target, importId } = c;
  const a = e.applies!;
  const key = e.fields.find((f) => f.name === a.to)!.reference!.field;
  const p = c.store.profile;
  const s = sql.id(stageTable(e));
  const created = (x: string) =>
    sql`${sql.ref(`${x}.import_id`)} = ${importId} AND ${sql.ref(`${x}.action`)} = 'create' AND ${c.inRange(x)}`;
  const names = (t: string) =>
    sql`${sql.ref(`${t}.workspace_id`)} = ${c.workspace} AND ${sql.ref(`${t}.${key}`)} = ${sql.ref(`s.${a.to}`)}`;
  await sql`
    INSERT INTO intake_before (import_id, row_no, image)
    SELECT s.import_id, s.row_no, ${p.rowImage('t', recordColumns(target))}
    FROM ${s} s JOIN ${sql.id(target.table)} t ON ${names('t')}
    WHERE ${created('s')}`.execute(c.db);
  const sets = Object.entries(a.set).map(
    ([field, own]) =>
      sql`${sql.id(field)} = coalesce(${sql.ref(`s.${own}`)}, ${sql.ref(`${target.table}.${field}`)})`,
  );
  await sql`
    UPDATE ${sql.id(target.table)} SET ${sql.join(sets)}, import_id = ${importId},
      import_row = s.row_no, updated_at = ${p.now}
    FROM ${s} s
    WHERE ${created('s')} AND ${names(target.table)}
      AND NOT EXISTS (SELECT 1 FROM ${s} s2 WHERE ${created('s2')}
                        AND ${sql.ref(`s2.${a.to}`)} = ${sql.ref(`s.${a.to}`)} AND s2.row_no > s.row_no)`.execute(
    c.db,
  );
}
