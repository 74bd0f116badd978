import { sql, type RawBuilder } from 'kysely';
import { IntakeError } from '../core/codes.js';
import type { CommitMode, ImportOptions } from '../core/options.js';
import { selfReference, type EntityType, type FieldDef } from '../core/schema.js';
import { recordColumns, writeOperations, type OperationCounts } from './commit-operations.js';
import type { RecordOperation } from '../core/operations.js';
import type { Store } from './connect.js';
import { applyEvents } from './commit-applies.js';
import { stageTable } from './names.js';
import { WRITING } from './stage.js';
import { passingFault } from './faults.js';
import { cascadeRefused, replanChunk } from './plan/index.js';
import { clearableFields, listsChange } from './plan/clear.js';
import { verifiedFields } from './plan/verify.js';
import { recordRefused } from './row-results.js';
import { PROVENANCE } from './undo.js';
import type { Db } from './tables.js';

/**
 * Commit: planned creates and updates go from staging into the entity tables with
 * set-based statements (INSERT ... SELECT, UPDATE ... FROM), entity types in write
 * order, and the rows of a tree (user accounts under user accounts) by depth, so a
 * parent always lands before its children. Atomic: one transaction for the whole
 * import. Partial: one transaction per chunk of rows, so a chunk the database refuses
 * does not undo the others; its rows are then refused with the database's reason
 * (SPEC C1).
 *
 * In the transaction of each write: the before-image of every record it updates goes
 * into its row result (undo), each record it writes names the import and the row
 * (`import_id`, `import_row`: undo finds what an import created, and what a later one
 * changed), and the range it wrote is recorded with what the database counted. A retry
 * after a crash skips the ranges recorded, so nothing is written twice.
 */
export interface CommitRequest {
  importId: string;
  workspace: string;
  entities: EntityType[];
  mode: CommitMode;
  /** The import's options and match keys, to plan each chunk again as it is written. */
  options: ImportOptions;
  keys: Record<string, string | null>;
  /** Per entity type, the highest record id when the plan was made. */
  plannedUpTo: Record<string, number>;
  /** Key of the stable hashes anonymize writes. */
  hashKey: string;
  /** Per entity type, the types whose records go with a deleted one (cascade). */
  cascades: Record<string, [EntityType, FieldDef][]>;
  /** Per event type, the type whose records its events change (`applies`). */
  targets: Record<string, EntityType>;
  /** The record operations the plan has rows for. */
  operations: Set<RecordOperation>;
  /** Per entity type, the types with a reference to it (erase looks at their rows). */
  referencing: Record<string, string[]>;
  /** Rows per transaction in partial mode. */
  chunkRows?: number;
  /** Told after each partial chunk lands: the rows it wrote (progress). */
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
  chunk: Chunk,
  recheck = false,
): Promise<{ created: number; updated: number } & OperationCounts> {
  const { from, to, depth } = chunk;
  const p = store.profile;
  const s = stageTable(e);
  // One writer per entity type at a time, and it plans its chunk again against what is
  // stored now: two imports planned before either committed both land, each row once.
  await p.lock(db, `commit:${r.workspace}:${e.qualified}`);
  const key = r.keys[e.qualified];
  const replanned = await replanChunk(
    {
      store: { ...store, db },
      importId: r.importId,
      workspace: r.workspace,
      entity: e,
      options: r.options,
      match: key ? e.fields.find((f) => f.name === key) : undefined,
      imported: new Set(r.entities.map((x) => x.qualified)),
      chunk,
      plannedUpTo: r.plannedUpTo[e.qualified] ?? 0,
    },
    recheck,
  );
  if (replanned) await recordReplanned(db, e, r.importId, chunk);
  const fields = e.fields.map((f) => f.name);
  const inRange = (table: string) =>
    sql`${sql.ref(`${table}.row_no`)} BETWEEN ${from} AND ${to} ${
      depth === undefined ? sql`` : sql`AND ${sql.ref(`${table}.depth`)} = ${depth}`
    }`;
  // A verified field's column is compared, never written (plan/verify.ts).
  const verified = new Set(verifiedFields(e, r.options));
  const given = (f: string) => (verified.has(f) ? sql`NULL` : sql.ref(`${s}.${f}`));
  const inserted = e.fields.map((f) =>
    f.default === undefined ? given(f.name) : sql`coalesce(${given(f.name)}, ${p.bind(f.default)})`,
  );
  const created = await sql`
    INSERT INTO ${sql.id(e.table)} (workspace_id, ${sql.join(fields.map((f) => sql.id(f)))}, custom, import_id, import_row)
    SELECT ${r.workspace}, ${sql.join(inserted)}, ${sql.ref(`${s}.custom`)}, ${r.importId}, ${sql.ref(`${s}.row_no`)}
    FROM ${sql.id(s)}
    WHERE ${sql.ref(`${s}.import_id`)} = ${r.importId} AND ${sql.ref(`${s}.action`)} = 'create' AND ${inRange(s)}
    ORDER BY ${sql.ref(`${s}.depth`)}, ${sql.ref(`${s}.row_no`)}`.execute(db);
  if (e.applies) {
    const target = r.targets[e.qualified]!;
    await applyEvents({
      store,
      db,
      importId: r.importId,
      workspace: r.workspace,
      entity: e,
      target,
      inRange,
    });
  }
  // A field no updated row of the chunk changes (as planned: plan/changes.ts) keeps its
  // stored value: left out of the SET, so that its indexes are not rewritten for nothing
  // (SQLite rewrites the index entries of every column it sets, changed or not; on
  // PostgreSQL an update that sets no indexed column can stay on its page, HOT).
  const written = await changedInRange(db, s, r.importId, inRange);
  // The stored record as it is before this import changes (or deletes) it, for undo:
  // appended beside the row results, never rewriting them. Erase keeps nothing. A deleted
  // record comes back whole, and an operation's image is whole; an update's holds what
  // undo puts back (undo.ts): the fields rows of the chunk change, and the provenance. A
  // fraction of the work on a wide type, and no more of a person kept than undo needs.
  const whole = recordColumns(e);
  const undone = whole.filter((c) => c === 'id' || written.has(c) || PROVENANCE.includes(c));
  await sql`
    INSERT INTO intake_before (import_id, row_no, image)
    SELECT ${sql.ref(`${s}.import_id`)}, ${sql.ref(`${s}.row_no`)},
           CASE WHEN ${sql.ref(`${s}.action`)} = 'update' THEN ${p.rowImage('t', undone)}
                ELSE ${p.rowImage('t', whole)} END
    FROM ${sql.id(s)} JOIN ${sql.id(e.table)} t ON t.id = ${sql.ref(`${s}.target_id`)}
    WHERE ${sql.ref(`${s}.import_id`)} = ${r.importId}
      AND ${sql.ref(`${s}.action`)} IN ('update', 'inactivate', 'reactivate', 'anonymize', 'delete')
      AND ${inRange(s)}`.execute(db);
  // An empty cell keeps the stored value, unless the plan listed the field as changed:
  // then it is one the import clears (clearEmpty).
  const clearable = new Set(clearableFields(e, r.options, key ?? undefined));
  const sets = [
    ...fields
      .filter((f) => !verified.has(f) && written.has(f))
      .map((f) => {
        const kept = sql`coalesce(${sql.ref(`${s}.${f}`)}, ${sql.ref(`${e.table}.${f}`)})`;
        return clearable.has(f)
          ? sql`${sql.id(f)} = CASE WHEN ${sql.ref(`${s}.${f}`)} IS NULL AND ${listsChange(s, f)} THEN NULL ELSE ${kept} END`
          : sql`${sql.id(f)} = ${kept}`;
      }),
    sql`custom = CASE WHEN ${sql.ref(`${s}.custom`)} IS NULL THEN ${sql.ref(`${e.table}.custom`)} ELSE ${p.jsonMerge(sql.ref(`${e.table}.custom`), sql.ref(`${s}.custom`))} END`,
    sql`import_id = ${r.importId}`,
    sql`import_row = ${sql.ref(`${s}.row_no`)}`,
    sql`updated_at = ${p.now}`,
  ];
  const updated = await sql`
    UPDATE ${sql.id(e.table)} SET ${sql.join(sets)}
    FROM ${sql.id(s)}
    WHERE ${sql.ref(`${s}.import_id`)} = ${r.importId} AND ${sql.ref(`${s}.action`)} = 'update'
      AND ${sql.ref(`${e.table}.id`)} = ${sql.ref(`${s}.target_id`)} AND ${inRange(s)}`.execute(db);
  const operations = await writeOperations({
    store,
    db,
    importId: r.importId,
    entity: e,
    inRange,
    hashKey: r.hashKey,
    cascades: r.cascades[e.qualified] ?? [],
    planned: r.operations,
    referencing: r.referencing[e.qualified] ?? [],
  });
  const counts = {
    created: Number(created.numAffectedRows ?? 0),
    updated: Number(updated.numAffectedRows ?? 0),
    ...operations,
  };
  await db
    .insertInto('intake_commit_chunk')
    .values({
      import_id: r.importId,
      entity: e.qualified,
      depth: depth ?? null,
      from_row: from,
      to_row: to,
      ...counts,
    })
    .execute();
  return counts;
}

/**
 * The fields that some row to update in this range changes: its `changed` list (exact
 * comparisons with the stored record: plan/changes.ts) names every value the update
 * writes, a cleared one included; another field's value is the stored one. The lists
 * are few (rows change the same fields), so their distinct values are read.
 */
async function changedInRange(
  db: Store['db'],
  s: string,
  importId: string,
  inRange: (table: string) => RawBuilder<unknown>,
): Promise<Set<string>> {
  const r = await sql<{ changed: string | null }>`
    SELECT DISTINCT ${sql.ref(`${s}.changed`)} AS changed FROM ${sql.id(s)}
    WHERE ${sql.ref(`${s}.import_id`)} = ${importId} AND ${sql.ref(`${s}.action`)} = 'update'
      AND ${inRange(s)}`.execute(db);
  return new Set(r.rows.flatMap((x) => (x.changed ?? '').split(', ').filter(Boolean)));
}

async function maxRow(store: Store, r: CommitRequest): Promise<number> {
  const row = await store.db
    .selectFrom('intake_row')
    .select((eb) => eb.fn.max('row_no').as('m'))
    .where('import_id', '=', r.importId)
    .executeTakeFirst();
  return Number(row?.m ?? 0);
}

/**
 * What a commit is about to write must be what was planned: staging tables may be
 * unlogged, and PostgreSQL empties those in crash recovery. Every entity type's
 * staged rows are counted against its row results.
 */
async function checkStaging(store: Store, r: CommitRequest): Promise<void> {
  for (const e of r.entities) {
    const staged = await sql<{ n: number | string }>`
      SELECT count(*) AS n FROM ${sql.id(stageTable(e))} WHERE import_id = ${r.importId}`.execute(
      store.db,
    );
    const planned = await store.db
      .selectFrom('intake_row')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('import_id', '=', r.importId)
      .where('entity', '=', e.qualified)
      .executeTakeFirst();
    if (Number(staged.rows[0]?.n ?? 0) !== Number(planned?.n ?? 0)) {
      throw new IntakeError(
        'INTAKE_E_STAGING_LOST',
        `the rows staged for the commit of ${e.qualified} are not all there (${staged.rows[0]?.n ?? 0} of ${planned?.n ?? 0}): the database lost them, most likely in a crash`,
      );
    }
  }
}

const WRITER_GAP_MS = 15;

/** Returns the number of rows refused when partial chunks failed (0 when all landed). */
export async function commitImport(store: Store, r: CommitRequest): Promise<number> {
  await checkStaging(store, r);
  const last = await maxRow(store, r);
  if (r.mode === 'atomic') {
    // One statement per entity type and kind of write: the database checks references
    // at the end of each, and the inserts go in depth order all the same.
    // The import is marked committed in the same transaction: a retry after a crash
    // that follows the commit knows not to write again.
    const written = new Map<string, number>();
    await store.db.transaction().execute(async (trx) => {
      for (const e of r.entities) {
        written.set(e.table, total(await writeRange(store, trx, r, e, { from: 0, to: last })));
      }
      if (r.cancellable && (await cancelled(trx, r.importId))) throw new CommitCancelled();
      await trx
        .updateTable('intake_import')
        .set({ committed_at: store.profile.now })
        .where('id', '=', r.importId)
        .execute();
    });
    await refreshStatistics(store, written);
    return 0;
  }
  // Entity types one after the other, in write order, then tree levels, then chunks
  // of rows: a chunk never holds rows whose referenced rows wait in a later chunk
  // (child files and rows may come first, so row numbers alone do not give that order).
  // Chunks lie on a fixed grid of row numbers, so a retry finds the ones written.
  const size = r.chunkRows ?? 50_000;
  const done = await writtenChunks(store, r.importId);
  const written = new Map<string, number>();
  let refused = 0;
  for (const e of r.entities) {
    const levels = selfReference(e)
      ? await depthLevels(store, r, e)
      : [{ depth: undefined, first: 1, last }];
    for (const level of levels) {
      const start = Math.floor((level.first - 1) / size) * size + 1;
      for (let from = start; from <= level.last; from += size) {
        const chunk = { from, to: from + size - 1, depth: level.depth };
        if (done.has(`${e.qualified}|${chunk.depth ?? ''}|${from}`)) continue;
        if (r.cancellable && (await cancelled(store.db, r.importId))) throw new CommitCancelled();
        try {
          let n;
          try {
            n = await store.db.transaction().execute((trx) => writeRange(store, trx, r, e, chunk));
          } catch (err) {
            // An identifier taken since the plan (by another import): its rows are
            // refused by name, and the rest of the chunk is written.
            if (!uniqueViolation(err)) throw err;
            n = await store.db
              .transaction()
              .execute((trx) => writeRange(store, trx, r, e, chunk, true));
            await recordRefused(store, e, r.importId);
          }
          r.onChunk?.(total(n));
          written.set(e.table, (written.get(e.table) ?? 0) + total(n));
        } catch (err) {
          if (passingFault(err)) throw err;
          refused += await refuseChunk(store, r, e, chunk, (err as Error).message);
          await cascade(store, r, e);
        }
        // SQLite has no queue of writers: one waiting for the lock (a cancel, an
        // approval, another process's import) polls now and then, and would miss the
        // instant between two chunks until its busy timeout ran out. A short pause
        // between chunks lets it in (20 chunks per million rows by default).
        if (store.profile.dialect === 'sqlite')
          await new Promise((ok) => setTimeout(ok, WRITER_GAP_MS));
      }
    }
  }
  // Everything is written: from now on a cancel is too late.
  await store.db
    .updateTable('intake_import')
    .set({ committed_at: store.profile.now })
    .where('id', '=', r.importId)
    .execute();
  await refreshStatistics(store, written);
  return refused;
}

/** Records a write touched, whatever it did to them. */
const total = (counts: object): number =>
  Object.values(counts as Record<string, number>).reduce((a, b) => a + b, 0);

/** The written tables' statistics, when the import changed them much (a failure is no loss). */
async function refreshStatistics(store: Store, written: Map<string, number>): Promise<void> {
  for (const [table, n] of written) {
    await store.profile.refreshStatistics(store.db, table, n).catch(() => {});
  }
}

async function writtenChunks(store: Store, importId: string): Promise<Set<string>> {
  const rows = await store.db
    .selectFrom('intake_commit_chunk')
    .select(['entity', 'depth', 'from_row'])
    .where('import_id', '=', importId)
    .execute();
  return new Set(rows.map((c) => `${c.entity}|${c.depth ?? ''}|${c.from_row}`));
}

function uniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Rows a chunk's new plan changed (a create become an update...): their results follow. */
async function recordReplanned(db: Db, e: EntityType, importId: string, chunk: Chunk) {
  const s = stageTable(e);
  await sql`
    UPDATE intake_row SET
      outcome = CASE s.action WHEN 'update' THEN 'updated' WHEN 'unchanged' THEN 'unchanged'
                              WHEN 'skip' THEN 'skipped' ELSE 'rejected' END,
      record_id = s.target_id, changed = NULLIF(s.changed, '')
    FROM ${sql.id(s)} s
    WHERE intake_row.import_id = ${importId} AND intake_row.entity = ${e.qualified}
      AND intake_row.outcome = 'created' AND s.import_id = ${importId}
      AND s.row_no = intake_row.row_no AND s.action <> 'create'
      AND s.row_no BETWEEN ${chunk.from} AND ${chunk.to}
      ${chunk.depth === undefined ? sql`` : sql`AND s.depth = ${chunk.depth}`}`.execute(db);
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
    await recordRefused(store, later, r.importId);
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
    WHERE import_id = ${r.importId} AND action IN (${WRITING})
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
  const where = sql`import_id = ${r.importId} AND row_no BETWEEN ${from} AND ${to} AND action IN (${WRITING})
    ${depth === undefined ? sql`` : sql`AND depth = ${depth}`}`;
  await sql`
    INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
    SELECT import_id, row_no, NULL, 'INTAKE_E_COMMIT_FAILED', ${`the database refused this chunk of rows: ${reason}`}, NULL
    FROM ${s} WHERE ${where}`.execute(store.db);
  const res = await sql`UPDATE ${s} SET action = 'error' WHERE ${where}`.execute(store.db);
  return Number(res.numAffectedRows ?? 0);
}
