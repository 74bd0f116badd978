import { sql, type Kysely } from 'kysely';
import type { CommitMode } from '../core/options.js';
import { selfReference, type EntityType } from '../core/schema.js';
import type { Store } from './connect.js';
import { stageTable } from './names.js';
import { cascadeRefused } from './plan/index.js';

/**
 * Commit: planned creates and updates go from staging into the entity tables with
 * set-based statements (INSERT ... SELECT, UPDATE ... FROM), entity types in write
 * order, and the rows of a tree (user accounts under user accounts) by depth, so a
 * parent always lands before its children. Atomic: one transaction for the whole
 * import. Partial: one transaction per chunk of rows, so a chunk the database refuses
 * does not undo the others; its rows are then refused with the database's reason
 * (SPEC C1).
 */
export interface CommitRequest {
  importId: string;
  workspace: string;
  entities: EntityType[];
  mode: CommitMode;
  /** Rows per transaction in partial mode. */
  chunkRows?: number;
  /** Told after each partial chunk lands: the rows it held (progress). */
  onChunk?: (rows: number) => void;
  /**
   * Stop when the import was cancelled meanwhile: checked before every partial chunk,
   * and inside the atomic transaction just before it commits (which then rolls back).
   */
  cancellable?: boolean;
}

/** The import was cancelled while it was being written; what the mode allows was undone. */
export class CommitCancelled extends Error {
  constructor() {
    super('cancelled while writing');
  }
}

async function cancelled(db: Db, importId: string): Promise<boolean> {
  const row = await db
    .selectFrom('intake_import')
    .select('status')
    .where('id', '=', importId)
    .executeTakeFirst();
  return row?.status === 'cancelled';
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/** Rows of one chunk: a range of row numbers, at one depth of a tree when given. */
interface Chunk {
  from: number;
  to: number;
  depth?: number;
}

async function writeRange(
  store: Store,
  db: Db,
  r: CommitRequest,
  e: EntityType,
  { from, to, depth }: Chunk,
): Promise<void> {
  const p = store.profile;
  const s = stageTable(e);
  const fields = e.fields.map((f) => f.name);
  // Rows a partial chunk wrote before a crash are marked done: a retry skips them.
  const range = sql`AND ${sql.ref(`${s}.row_no`)} BETWEEN ${from} AND ${to} ${
    depth === undefined ? sql`` : sql`AND ${sql.ref(`${s}.depth`)} = ${depth}`
  } ${r.mode === 'partial' ? sql`AND ${sql.ref(`${s}.done`)} = 0` : sql``}`;
  const inserted = e.fields.map((f) =>
    f.default === undefined
      ? sql.ref(`${s}.${f.name}`)
      : sql`coalesce(${sql.ref(`${s}.${f.name}`)}, ${p.bind(f.default)})`,
  );
  await sql`
    INSERT INTO ${sql.id(e.table)} (workspace_id, ${sql.join(fields.map((f) => sql.id(f)))}, custom, import_id)
    SELECT ${r.workspace}, ${sql.join(inserted)}, ${sql.ref(`${s}.custom`)}, ${r.importId}
    FROM ${sql.id(s)}
    WHERE ${sql.ref(`${s}.import_id`)} = ${r.importId} AND ${sql.ref(`${s}.action`)} = 'create' ${range}
    ORDER BY ${sql.ref(`${s}.depth`)}, ${sql.ref(`${s}.row_no`)}`.execute(db);
  const sets = [
    ...fields.map(
      (f) => sql`${sql.id(f)} = coalesce(${sql.ref(`${s}.${f}`)}, ${sql.ref(`${e.table}.${f}`)})`,
    ),
    sql`custom = CASE WHEN ${sql.ref(`${s}.custom`)} IS NULL THEN ${sql.ref(`${e.table}.custom`)} ELSE ${p.jsonMerge(sql.ref(`${e.table}.custom`), sql.ref(`${s}.custom`))} END`,
    sql`import_id = ${r.importId}`,
    sql`updated_at = ${p.now}`,
  ];
  await sql`
    UPDATE ${sql.id(e.table)} SET ${sql.join(sets)}
    FROM ${sql.id(s)}
    WHERE ${sql.ref(`${s}.import_id`)} = ${r.importId} AND ${sql.ref(`${s}.action`)} = 'update'
      AND ${sql.ref(`${e.table}.id`)} = ${sql.ref(`${s}.target_id`)} ${range}`.execute(db);
  if (r.mode === 'partial') {
    await sql`UPDATE ${sql.id(s)} SET done = 1
      WHERE ${sql.ref(`${s}.import_id`)} = ${r.importId}
        AND ${sql.ref(`${s}.action`)} IN ('create', 'update') ${range}`.execute(db);
  }
}

async function maxRow(store: Store, r: CommitRequest): Promise<number> {
  let max = 0;
  for (const e of r.entities) {
    const row = await sql<{
      m: number | null;
    }>`SELECT max(row_no) AS m FROM ${sql.id(stageTable(e))} WHERE import_id = ${r.importId}`.execute(
      store.db,
    );
    max = Math.max(max, Number(row.rows[0]?.m ?? 0));
  }
  return max;
}

/** Returns the number of rows a failed partial chunk refused (0 when all landed). */
export async function commitImport(store: Store, r: CommitRequest): Promise<number> {
  const last = await maxRow(store, r);
  if (r.mode === 'atomic') {
    // One statement per entity type and kind of write: the database checks references
    // at the end of each, and the inserts go in depth order all the same.
    // The import is marked committed in the same transaction: a retry after a crash
    // that follows the commit knows not to write again.
    await store.db.transaction().execute(async (trx) => {
      for (const e of r.entities) await writeRange(store, trx, r, e, { from: 0, to: last });
      if (r.cancellable && (await cancelled(trx, r.importId))) throw new CommitCancelled();
      await trx
        .updateTable('intake_import')
        .set({ committed_at: store.profile.now })
        .where('id', '=', r.importId)
        .execute();
    });
    return 0;
  }
  // Entity types one after the other, in write order, then tree levels, then chunks
  // of rows: a chunk never holds rows whose referenced rows wait in a later chunk
  // (child files and rows may come first, so row numbers alone do not give that order).
  const size = r.chunkRows ?? 50_000;
  let refused = 0;
  for (const e of r.entities) {
    const levels = selfReference(e)
      ? await depthLevels(store, r, e)
      : [{ depth: undefined, first: 1, last }];
    for (const level of levels) {
      for (let from = level.first; from <= level.last; from += size) {
        const chunk = { from, to: from + size - 1, depth: level.depth };
        if (r.cancellable && (await cancelled(store.db, r.importId))) throw new CommitCancelled();
        try {
          await store.db.transaction().execute((trx) => writeRange(store, trx, r, e, chunk));
          r.onChunk?.(chunk.to - chunk.from + 1);
        } catch (err) {
          refused += await refuseChunk(store, r, e, chunk, (err as Error).message);
          await cascade(store, r, e);
        }
      }
    }
  }
  // Everything is written: from now on a cancel is too late.
  await store.db
    .updateTable('intake_import')
    .set({ committed_at: store.profile.now })
    .where('id', '=', r.importId)
    .execute();
  return refused;
}

/** Refuse what depends on a refused chunk: `e`'s own tree, and the types written after it. */
async function cascade(store: Store, r: CommitRequest, e: EntityType): Promise<void> {
  const imported = new Set(r.entities.map((x) => x.qualified));
  for (const later of r.entities.slice(r.entities.indexOf(e))) {
    await cascadeRefused({
      store,
      importId: r.importId,
      workspace: r.workspace,
      entity: later,
      imported,
    });
  }
}

/** The depths of a tree's rows to write, top first, with the row numbers they span. */
async function depthLevels(
  store: Store,
  r: CommitRequest,
  e: EntityType,
): Promise<{ depth: number; first: number; last: number }[]> {
  const rows = await sql<{ depth: number; first: number; last: number }>`
    SELECT depth, min(row_no) AS first, max(row_no) AS last FROM ${sql.id(stageTable(e))}
    WHERE import_id = ${r.importId} AND action IN ('create', 'update')
    GROUP BY depth ORDER BY depth`.execute(store.db);
  return rows.rows.map((x) => ({
    depth: Number(x.depth),
    first: Number(x.first),
    last: Number(x.last),
  }));
}

async function refuseChunk(
  store: Store,
  r: CommitRequest,
  e: EntityType,
  { from, to, depth }: Chunk,
  reason: string,
): Promise<number> {
  const s = sql.id(stageTable(e));
  const where = sql`import_id = ${r.importId} AND row_no BETWEEN ${from} AND ${to} AND action IN ('create', 'update')
    ${depth === undefined ? sql`` : sql`AND depth = ${depth}`}`;
  await sql`
    INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
    SELECT import_id, row_no, NULL, 'INTAKE_E_COMMIT_FAILED', ${`the database refused this chunk of rows: ${reason}`}, NULL
    FROM ${s} WHERE ${where}`.execute(store.db);
  const res = await sql`UPDATE ${s} SET action = 'error' WHERE ${where}`.execute(store.db);
  return Number(res.numAffectedRows ?? 0);
}
