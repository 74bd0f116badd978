import { sql, type RawBuilder } from 'kysely';
import type { EntityType, FieldDef } from '../core/schema.js';
import type { Store } from './connect.js';
import { stageTable } from './names.js';

/**
 * Values a workspace keeps as records: user-defined labels (schema.ts `Labels`) and
 * options (`OptionsFrom`). The import reads them before it cleans each file, so its
 * cleaners (which run on worker threads, away from the database) accept them; and the
 * plan's state checks see through a label to the standard option it means.
 */
export async function withWorkspaceValues(
  store: Store,
  workspace: string,
  importId: string,
  entity: EntityType,
): Promise<EntityType> {
  if (!entity.fields.some((f) => f.labels || f.optionsFrom)) return entity;
  // Stored values, and those of this import's files staged before this one.
  const values = async (table: string, column: string): Promise<string[]> => {
    const c = sql.ref(column);
    const rows = await sql<{ v: string }>`
      SELECT ${c} AS v FROM ${sql.id(table)} WHERE workspace_id = ${workspace}
      UNION
      SELECT ${c} AS v FROM ${sql.id(stageTable({ table }))} WHERE import_id = ${importId} AND ${c} IS NOT NULL
      ORDER BY 1`.execute(store.db);
    return rows.rows.map((r) => r.v);
  };
  const fields = await Promise.all(
    entity.fields.map(async (f): Promise<FieldDef> => {
      let out = f;
      if (f.labels) out = { ...out, labelValues: await values(f.labels.table!, f.labels.label) };
      if (f.optionsFrom) {
        const more = await values(f.optionsFrom.table!, f.optionsFrom.value);
        out = { ...out, options: [...new Set([...(f.options ?? []), ...more])] };
      }
      return out;
    }),
  );
  return { ...entity, fields };
}

/**
 * SQL: stored value `v` of `field` is one of `values`, or a label of the workspace
 * that means one of them. Not correlated (the workspace is a value): both databases
 * read the labels once for the whole statement, not once per record.
 */
export function holdsOneOf(
  field: FieldDef | undefined,
  v: RawBuilder<unknown>,
  workspace: string,
  values: RawBuilder<unknown>,
): RawBuilder<unknown> {
  const l = field?.labels;
  if (!l) return sql`${v} IN (${values})`;
  return sql`(${v} IN (${values}) OR ${v} IN (SELECT ${sql.ref(`l.${l.label}`)} FROM ${sql.id(l.table!)} l
    WHERE l.workspace_id = ${workspace} AND ${sql.ref(`l.${l.means}`)} IN (${values})))`;
}
