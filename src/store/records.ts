import type { EntityType, Value } from '../core/schema.js';
import type { Store } from './connect.js';

/** Stored records of one entity type, page by page, as `{field: value, custom}` objects. */
export interface StoredRecord {
  [field: string]: Value | null | Record<string, unknown>;
}

export async function* readRecords(
  store: Store,
  entity: EntityType,
  workspace: string,
  page = 5000,
): AsyncGenerator<StoredRecord[]> {
  let after = 0;
  const names = entity.fields.map((f) => f.name);
  while (true) {
    const rows = await store.db
      .selectFrom(entity.table)
      .select(['id', ...names, 'custom'])
      .where('workspace_id', '=', workspace)
      .where('id', '>', after)
      .orderBy('id')
      .limit(page)
      .execute();
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
