import { IntakeError } from '../core/codes.js';
import type { EntityType, Value } from '../core/schema.js';
import { sql } from 'kysely';
import type { Store } from './connect.js';
import { readJson } from './json.js';

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

const TEXT_KINDS = new Set(['string', 'email', 'phone', 'enum', 'multienum', 'reference']);

function toRecord(store: Store, entity: EntityType, r: Record<string, unknown>): StoredRecord {
  const out: StoredRecord = {};
  for (const f of entity.fields) out[f.name] = store.profile.read(f.type, r[f.name]);
  const custom = r.custom;
  out.custom = (readJson(custom) ?? {}) as Record<string, unknown>;
  return out;
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
    yield rows.map((r) => toRecord(store, entity, r));
  }
}

export interface RecordPage {
  total: number;
  rows: StoredRecord[];
}

/**
 * One page of stored records for a person browsing them: equality filters, and `q`
 * found (case-insensitively) in any text field, newest first.
 */
export async function pageRecords(
  store: Store,
  entity: EntityType,
  workspace: string,
  opts: { where?: RecordFilter; q?: string; offset: number; limit: number },
): Promise<RecordPage> {
  const names = entity.fields.map((f) => f.name);
  let base = store.db.selectFrom(entity.table).where('workspace_id', '=', workspace);
  for (const [k, v] of Object.entries(opts.where ?? {})) {
    base = base.where(k, '=', store.profile.bind(filterValue(entity, k, v) as Value));
  }
  const q = opts.q?.trim().toLowerCase();
  const texts = entity.fields.filter((f) => TEXT_KINDS.has(f.type)).map((f) => f.name);
  if (q && texts.length > 0) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) =>
      eb.or(texts.map((t) => eb(sql`lower(${sql.ref(t)})`, 'like', sql`${like} ESCAPE '\\'`))),
    );
  }
  const counted = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const rows = await base
    .select(['id', ...names, 'custom'])
    .orderBy('id', 'desc')
    .offset(opts.offset)
    .limit(opts.limit)
    .execute();
  return {
    total: Number(counted?.n ?? 0),
    rows: rows.map((r) => toRecord(store, entity, r)),
  };
}
