import { sql, type RawBuilder } from 'kysely';
import { IntakeError } from '../core/codes.js';
import type { EntityType, FieldDef, FieldKind } from '../core/schema.js';
import { selfReference, uniqueFields } from '../core/schema.js';
import type { Store } from './connect.js';
import { stageTable } from './names.js';
import { readJson } from './json.js';

/**
 * Each entity type is a real table (DESIGN.md, Storage): a column per field, `custom`
 * JSON for extra columns, a unique index per identifier within a workspace, and a
 * foreign key per reference. The declaration is recorded, so a later pack version is
 * migrated: new fields become new columns and new unique fields new indexes; a change
 * that would lose data (a field's type) is refused with a clear message.
 */
type Recorded = Record<string, FieldKind>;

/** Per database: each table's declaration as this process last made sure of it. */
const ensured = new WeakMap<object, Map<string, string>>();

export async function ensureEntityTables(store: Store, ordered: EntityType[]): Promise<void> {
  const known = ensured.get(store.db) ?? new Map<string, string>();
  ensured.set(store.db, known);
  const declared = (e: EntityType) => JSON.stringify([e.qualified, e.fields]);
  const todo = ordered.filter((e) => known.get(e.table) !== declared(e));
  if (todo.length === 0) return;
  await exclusively(store, async (s) => {
    for (const entity of todo) await ensureOne(s, entity);
  });
  for (const e of todo) known.set(e.table, declared(e));
}

/** PostgreSQL's answers when another process made the same table, index or row first. */
const MADE_BY_ANOTHER = new Set(['42P07', '42710', '23505']);

/**
 * Two processes (or an API request and the worker) making the same table at once: on
 * SQLite, one write transaction excludes every other writer. On PostgreSQL the loser
 * finds it made ("relation already exists") and reads again what the winner recorded.
 * (Not a lock held across the DDL: a process holding a lock the DDL waits for, while it
 * waits for that lock in turn, would stall both.)
 */
async function exclusively(store: Store, work: (s: Store) => Promise<void>): Promise<void> {
  if (store.profile.dialect !== 'postgres') {
    await store.db.transaction().execute((trx) => work({ ...store, db: trx }));
    return;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(store);
    } catch (e) {
      const code = (e as { code?: string }).code;
      // The other process records what it made once it has made all of it: wait for
      // that (a busy machine can take seconds), not for ever.
      if (attempt === 300 || !code || !MADE_BY_ANOTHER.has(code)) throw e;
      await new Promise((ok) => setTimeout(ok, 100));
    }
  }
}

async function ensureOne(store: Store, entity: EntityType): Promise<void> {
  const row = await store.db
    .selectFrom('intake_entity_table')
    .select(['columns', 'entity'])
    .where('table_name', '=', entity.table)
    .executeTakeFirst();
  const recorded: Recorded | undefined = row ? parseJson(row.columns) : undefined;
  if (!recorded) await createTables(store, entity);
  else await migrateTables(store, entity, recorded);
  const columns = JSON.stringify(Object.fromEntries(entity.fields.map((f) => [f.name, f.type])));
  if (row) {
    await store.db
      .updateTable('intake_entity_table')
      .set({
        columns: store.profile.jsonParam(columns),
        entity: entity.qualified,
        updated_at: store.profile.now,
      })
      .where('table_name', '=', entity.table)
      .execute();
  } else {
    await store.db
      .insertInto('intake_entity_table')
      .values({
        table_name: entity.table,
        entity: entity.qualified,
        columns: store.profile.jsonParam(columns),
      })
      .execute();
  }
}

function parseJson<T>(v: unknown): T {
  return readJson<T>(v);
}

function columnDef(store: Store, f: FieldDef): RawBuilder<unknown> {
  return sql`${sql.id(f.name)} ${sql.raw(store.profile.types[f.type])}`;
}

async function createTables(store: Store, e: EntityType): Promise<void> {
  const p = store.profile;
  const fk = (f: FieldDef) =>
    sql`FOREIGN KEY (workspace_id, ${sql.id(f.name)}) REFERENCES ${sql.id(refTable(e, f))} (workspace_id, ${sql.id(f.reference!.field)}) ON UPDATE CASCADE`;
  // A reference to the table's own key (a parent) needs that key's unique index, made
  // below: PostgreSQL takes the key afterwards, SQLite only inside CREATE TABLE (and
  // checks the index when rows are written).
  const parent = selfReference(e);
  const later = parent && p.addForeignKeyLater ? parent : undefined;
  const parts = [
    sql.raw(p.idColumn),
    sql`workspace_id text NOT NULL REFERENCES intake_workspace (id)`,
    ...e.fields.map((f) => columnDef(store, f)),
    sql`custom ${sql.raw(p.json)}`,
    // Provenance: the import and its row that last wrote the record (undo reads it).
    sql`import_id text`,
    sql`import_row integer`,
    sql`created_at ${sql.raw(p.timestamp)} NOT NULL DEFAULT (${p.now})`,
    sql`updated_at ${sql.raw(p.timestamp)} NOT NULL DEFAULT (${p.now})`,
    ...e.fields.filter((f) => f.reference && f !== later).map(fk),
  ];
  await sql`CREATE TABLE ${sql.id(e.table)} (${sql.join(parts)}) ${sql.raw(p.entityTableOptions)}`.execute(
    store.db,
  );
  for (const f of uniqueFields(e)) await createUniqueIndex(store, e, f);
  if (later) await sql`ALTER TABLE ${sql.id(e.table)} ADD ${fk(later)}`.execute(store.db);
  for (const f of e.fields.filter((f) => f.reference)) {
    await sql`CREATE INDEX ${sql.id(`${e.table}_${f.name}_ref`)} ON ${sql.id(e.table)} (workspace_id, ${sql.id(f.name)})`.execute(
      store.db,
    );
  }
  await createStage(store, e);
}

function refTable(e: EntityType, f: FieldDef): string {
  return f.reference!.table ?? e.table;
}

/**
 * Whether an index exists, read from the catalog: no lock on its table. A CREATE INDEX
 * IF NOT EXISTS locks the table first (SHARE) and so waits for every write in progress
 * on it; another process's commit could then queue behind it (issue 17's restart test
 * stalled two workers for a minute this way).
 */
async function indexExists(store: Store, name: string): Promise<boolean> {
  const r =
    store.profile.dialect === 'postgres'
      ? await sql`SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ${name}`.execute(
          store.db,
        )
      : await sql`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ${name}`.execute(
          store.db,
        );
  return r.rows.length > 0;
}

async function createUniqueIndex(store: Store, e: EntityType, f: FieldDef): Promise<void> {
  if (await indexExists(store, `${e.table}_${f.name}_key`)) return;
  try {
    await sql`CREATE UNIQUE INDEX IF NOT EXISTS ${sql.id(`${e.table}_${f.name}_key`)} ON ${sql.id(e.table)} (workspace_id, ${sql.id(f.name)})`.execute(
      store.db,
    );
  } catch (err) {
    throw new IntakeError(
      'INTAKE_E_SCHEMA_CHANGE',
      `${e.qualified}.${f.name} is now unique, but stored records share values: ${(err as Error).message}`,
    );
  }
}

async function createStage(store: Store, e: EntityType): Promise<void> {
  const p = store.profile;
  const parts = [
    sql`import_id text NOT NULL`,
    sql`row_no integer NOT NULL`,
    sql`file_no integer NOT NULL`,
    sql`line integer NOT NULL`,
    ...e.fields.map((f) => columnDef(store, f)),
    sql`custom ${sql.raw(p.json)}`,
    sql`raw text NOT NULL`,
    sql`missing text`,
    sql`op text`,
    sql`target_id bigint`,
    sql`action text`,
    sql`changed text`,
    sql`depth integer NOT NULL DEFAULT 0`,
    sql`done integer NOT NULL DEFAULT 0`,
    sql`PRIMARY KEY (import_id, row_no)`,
  ];
  await sql`${sql.raw(p.stagingTable)} ${sql.id(stageTable(e))} (${sql.join(parts)})`.execute(
    store.db,
  );
  await createTreeIndexes(store, e);
}

/** A tree is walked by key and by parent, level after level: both need an index. */
async function createTreeIndexes(store: Store, e: EntityType): Promise<void> {
  const parent = selfReference(e);
  if (!parent) return;
  const s = stageTable(e);
  for (const column of [parent.reference!.field, parent.name]) {
    if (await indexExists(store, `${s}_${column}`)) continue;
    await sql`CREATE INDEX IF NOT EXISTS ${sql.id(`${s}_${column}`)} ON ${sql.id(s)} (import_id, ${sql.id(column)})`.execute(
      store.db,
    );
  }
}

/** Staging made by an earlier version lacks later columns; add them. */
async function upgradeStage(store: Store, e: EntityType): Promise<void> {
  const s = sql.id(stageTable(e));
  for (const column of ['depth', 'done']) {
    try {
      await sql`SELECT ${sql.id(column)} FROM ${s} WHERE 1 = 0`.execute(store.db);
    } catch {
      await sql`ALTER TABLE ${s} ADD COLUMN ${sql.id(column)} integer NOT NULL DEFAULT 0`.execute(
        store.db,
      );
    }
  }
  try {
    await sql`SELECT op FROM ${s} WHERE 1 = 0`.execute(store.db);
  } catch {
    await sql`ALTER TABLE ${s} ADD COLUMN op text`.execute(store.db);
  }
  await createTreeIndexes(store, e);
}

/** Entity tables made before undo lack the row that wrote each record; add it. */
async function upgradeTable(store: Store, e: EntityType): Promise<void> {
  try {
    await sql`SELECT import_row FROM ${sql.id(e.table)} WHERE 1 = 0`.execute(store.db);
  } catch {
    await sql`ALTER TABLE ${sql.id(e.table)} ADD COLUMN import_row integer`.execute(store.db);
  }
}

async function migrateTables(store: Store, e: EntityType, recorded: Recorded): Promise<void> {
  await upgradeTable(store, e);
  for (const f of e.fields) {
    const was = recorded[f.name];
    if (was === undefined) {
      for (const table of [e.table, stageTable(e)]) {
        await sql`ALTER TABLE ${sql.id(table)} ADD COLUMN ${columnDef(store, f)}`.execute(store.db);
      }
    } else if (store.profile.types[was] !== store.profile.types[f.type]) {
      throw new IntakeError(
        'INTAKE_E_SCHEMA_CHANGE',
        `${e.qualified}.${f.name} was declared ${was} and is now ${f.type}: stored values could be lost. Declare a new field instead.`,
      );
    }
  }
  for (const f of uniqueFields(e)) await createUniqueIndex(store, e, f);
  await upgradeStage(store, e);
}
