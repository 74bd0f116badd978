import { sql, type RawBuilder } from 'kysely';
import type { EntityType, FieldDef } from '../core/schema.js';
import type { Store } from './connect.js';
import { stageTable } from './names.js';

/**
 * User-defined labels (schema.ts `Labels`): the import reads the workspace's labels
 * before it cleans each file, so its cleaners (which run on worker threads, away from the
 * database) accept them; and the plan's state checks see through a label to the
 * standard option it means.
 */
export async function withLabels(
  store: Store,
  workspace: string,
  importId: string,
  entity: EntityType,
): Promise<EntityType> {
  if (!entity.fields.some((f) => f.labels)) return entity;
  const fields = await Promise.all(
    entity.fields.map(async (f): Promise<FieldDef> => {
      if (!f.labels) return f;
      // Stored labels, and those of this import's files staged before this one.
      const label = sql.ref(f.labels.label);
      const staged = stageTable({ table: f.labels.table! });
      const rows = await sql<{ label: string }>`
        SELECT ${label} AS label FROM ${sql.id(f.labels.table!)} WHERE workspace_id = ${workspace}
        UNION
        SELECT ${label} AS label FROM ${sql.id(staged)} WHERE import_id = ${importId} AND ${label} IS NOT NULL
        ORDER BY 1`.execute(store.db);
      return { ...f, labelValues: rows.rows.map((r) => r.label) };
    }),
  );
  return { ...entity, fields };
}

/**
 * SQL: the standard option stored value `v` of `field` means: itself, or, when it is a
 * label of the record's workspace (`workspace`: a column), the option the label means.
 */
export function meaning(
  field: FieldDef | undefined,
  v: RawBuilder<unknown>,
  workspace: RawBuilder<unknown>,
): RawBuilder<unknown> {
  const l = field?.labels;
  if (!l) return v;
  return sql`coalesce((SELECT ${sql.ref(`l.${l.means}`)} FROM ${sql.id(l.table!)} l
    WHERE l.workspace_id = ${workspace} AND ${sql.ref(`l.${l.label}`)} = ${v}), ${v})`;
}
