import { IntakeError } from '../core/codes.js';
import type { EntityType, Value } from '../core/schema.js';
import type { Store } from './connect.js';

/** Stored records of one entity type, page by page, as `{field: value, custom}` objects. */
export interface StoredRecord {
  [field: string]: Value | null | Record<string, unknown>;
}

/** Equality filters, field -> value as text; checked against the entity's fields. */
export type RecordFilter = Record<string, string>;

function filterValue(entity: EntityType, field: string, text: string): unknown {
  const f = entity.fields.find((x) => x.name === field);
  if (!f) {
    throw new IntakeError(
      'INTAKE_E_FIELD_UNKNOWN',
      `${entity.qualified} has no field "${field}" (fields: ${entity.fields.map((x) => x.name).join(', ')})`,
    );
  }
  if (f.type === 'integer') return Number(text);
  if (f.type === 'boolean') return text === 'true' || text === '1';
  return text;
}

export async function* readRecords(
  store: Store,
  entity: EntityType,
  workspace: string,
  where: RecordFilter = {},
  page = 5000,
): AsyncGenerator<StoredRecord[]> {
  let after = 0;
  const names = entity.fields.map((f) => f.name);
  const filters = Object.entries(where).map(
    ([k, v]) => [k, store.profile.bind(filterValue(entity, k, v) as Value)] as const,
  );
  while (true) {
    let q = store.db
      .selectFrom(entity.table)
      .select(['id', ...names, 'custom'])
      .where('workspace_id', '=', workspace);
    for (const [k, v] of filters) q = q.where(k, '=', v);
    const rows = await q.where('id', '>', after).orderBy('id').limit(page).execute();
    if (rows.length === 0) return;
    after = Number(rows[rows.length - 1]!.id);
    yield rows.map((r) => {
      const out: StoredRecord = {};
      for (const f of entity.fields) out[f.name] = store.profile.read(f.type, r[f.name]);
      const custom = r.custom;
      out.custom = (typeof custom === 'string' ? JSON.parse(custom) : (custom ?? {})) as Record<
        string,
        unknown
      >;
      return out;
    });
  }
}
