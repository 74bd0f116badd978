import { sql, type RawBuilder } from 'kysely';
import { CUSTOM_TYPES, type EntityType, type FieldDef } from '../core/schema.js';
import type { Store } from './connect.js';
import { stageTable } from './names.js';
import { notRefused } from './stage.js';

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
  /**
   * The file about to be cleaned: only the files before it count (without, every staged
   * row), so that its rows read the same values when some are cleaned again later.
   */
  fileNo?: number,
): Promise<EntityType> {
  if (!entity.fields.some((f) => f.labels || f.optionsFrom) && !entity.customFields) {
    return entity;
  }
  const before = fileNo === undefined ? sql`` : sql`AND file_no < ${fileNo}`;
  // Stored values, and those of this import's files staged before this one.
  const values = async (table: string, column: string): Promise<string[]> => {
    const c = sql.ref(column);
    const rows = await sql<{ v: string }>`
      SELECT ${c} AS v FROM ${sql.id(table)} WHERE workspace_id = ${workspace}
      UNION
      SELECT ${c} AS v FROM ${sql.id(stageTable({ table }))} WHERE import_id = ${importId} AND ${c} IS NOT NULL ${before}
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
  if (!entity.customFields) return { ...entity, fields };
  return {
    ...entity,
    fields,
    customDefs: await declaredFields(store, workspace, importId, entity.customFields, before),
  };
}

/**
 * The fields declared as records (schema.ts `CustomFields`), by the value of `by`:
 * stored, then those of this import's files staged before (which win), each a field
 * its cleaner checks. A declaration a row refused is not among them.
 */
async function declaredFields(
  store: Store,
  workspace: string,
  importId: string,
  c: NonNullable<EntityType['customFields']>,
  before: RawBuilder<unknown>,
): Promise<Record<string, FieldDef[]>> {
  const cols = sql.join(
    [c.by, 'name', 'type', 'options', 'separator', 'required'].map((x) => sql.ref(x)),
  );
  const rows = await sql<Record<string, unknown>>`
    SELECT 0 AS late, ${cols} FROM ${sql.id(c.table!)} WHERE workspace_id = ${workspace}
    UNION ALL
    SELECT 1 AS late, ${cols} FROM ${sql.id(stageTable({ table: c.table! }))} x
    WHERE import_id = ${importId} AND action <> 'error' AND ${notRefused('x')} ${before}
    ORDER BY 1`.execute(store.db);
  const out: Record<string, Map<string, FieldDef>> = {};
  for (const r of rows.rows) {
    const scope = String(r[c.by]);
    const name = String(r.name).trim();
    const type = CUSTOM_TYPES[String(r.type)];
    if (!type || !name) continue;
    const options =
      r.options == null
        ? undefined
        : String(r.options)
            .split(';')
            .map((o) => o.trim())
            .filter(Boolean);
    (out[scope] ??= new Map()).set(name.toLowerCase(), {
      name,
      type,
      label: name,
      required: store.profile.read('boolean', r.required) === true,
      unique: false,
      aliases: [],
      notInFuture: false,
      ...(options && (type === 'enum' || type === 'multienum') ? { options, match: 'exact' } : {}),
      ...(type === 'multienum'
        ? { separator: r.separator == null ? ';' : String(r.separator) }
        : {}),
    } as FieldDef);
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v.values()]]));
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
