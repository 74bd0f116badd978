import { sql, type RawBuilder } from 'kysely';
import type { Registry } from '../core/registry.js';
import { selfReference, type EntityType } from '../core/schema.js';
import type { Store } from './connect.js';
import { inWritten, writtenRanges, type WrittenRange } from './row-results.js';
import { recordColumns } from './commit-operations.js';
import type { Db } from './tables.js';
import { recordName } from './plan/context.js';

/**
 * Undo (SPEC C4), set-based, in one transaction: records an import updated get their
 * before-image back, field by field (custom fields included); records it created are
 * deleted, children before parents and trees bottom-up. Restores go first, so records
 * that the import had pointed at its new records let go of them before those go.
 *
 * A record changed since by another import (its `import_id` names another one) or gone
 * is a conflict: its row is refused with a code that names the later change, and the
 * rest is undone; undoing imports newest first therefore always works. `force`
 * restores and deletes conflicting records all the same. A created record that others
 * still reference cannot be deleted, forced or not: refused with the referencing
 * records named. What was done per row is kept in `intake_undo`.
 */
export interface UndoRequest {
  importId: string;
  workspace: string;
  /** The import's entity types, in write order. */
  entities: EntityType[];
  /** The match key each entity type's rows used, to find a created record by key. */
  keys: Record<string, string | null>;
  force: boolean;
}

export interface UndoCounts {
  deleted: number;
  restored: number;
  refused: number;
}

export interface UndoRefusal {
  rowNo: number;
  code: string;
  message: string;
}

/** Columns a before-image restores besides the fields the import changed. */
export const PROVENANCE = ['import_id', 'import_row'];

export async function undoImport(
  store: Store,
  registry: Registry,
  req: UndoRequest,
  db: Db = store.db,
): Promise<UndoCounts> {
  const ranges = await writtenRanges(db, req.importId);
  // Refusals of an earlier undo are looked at again: a later import undone since may
  // have cleared them. Rows deleted or restored before stay so.
  await db
    .deleteFrom('intake_undo')
    .where('import_id', '=', req.importId)
    .where('result', '=', 'refused')
    .execute();
  const tables = await db.selectFrom('intake_entity_table').select('table_name').execute();
  const existing = new Set(tables.map((t) => t.table_name));
  const u = new Undo(store, registry, req, db, ranges, existing);
  const counts: UndoCounts = { deleted: 0, restored: 0, refused: 0 };
  for (const e of req.entities) if (e.applies) await u.unapply(e);
  for (const e of req.entities) counts.restored += await u.restore(e);
  // Deleted records come back parents first, each with the records deleted along.
  for (const e of req.entities) counts.restored += await u.reinsert(e);
  for (const e of req.entities) await u.keepErased(e);
  for (const e of [...req.entities].reverse()) {
    const depths = selfReference(e) ? await u.depths(e) : [undefined];
    for (const depth of depths) counts.deleted += await u.remove(e, depth);
  }
  const refused = await db
    .selectFrom('intake_undo')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('import_id', '=', req.importId)
    .where('result', '=', 'refused')
    .executeTakeFirst();
  counts.refused = Number(refused?.n ?? 0);
  return counts;
}

class Undo {
  constructor(
    private readonly store: Store,
    private readonly registry: Registry,
    private readonly req: UndoRequest,
    private readonly db: Db,
    private readonly ranges: WrittenRange[],
    /** Tables that exist: a type never imported has no records to hold references. */
    private readonly existing: Set<string>,
  ) {}

  /** Rows of `e` the import wrote with `outcome`, that no undo has settled yet. */
  private pending(e: EntityType, outcome: string | string[], depth?: number): RawBuilder<unknown> {
    const outcomes = typeof outcome === 'string' ? [outcome] : outcome;
    return sql`r.import_id = ${this.req.importId} AND r.entity = ${e.qualified}
      AND r.outcome IN (${sql.join(outcomes)}) AND ${inWritten(this.ranges, 'r')}
      ${depth === undefined ? sql`` : sql`AND r.depth = ${depth}`}
      AND NOT EXISTS (SELECT 1 FROM intake_undo u WHERE u.import_id = r.import_id AND u.row_no = r.row_no)`;
  }

  private async run(q: RawBuilder<unknown>): Promise<number> {
    const r = await q.execute(this.db);
    return Number(r.numAffectedRows ?? 0);
  }

  private refuse(select: RawBuilder<unknown>): Promise<number> {
    return this.run(sql`
      INSERT INTO intake_undo (import_id, row_no, result, code, message) ${select}`);
  }

  /** "changed since by import imp-..." or "changed since outside Intake's imports". */
  private changedBy(t: string): RawBuilder<unknown> {
    return sql`CASE WHEN ${sql.ref(`${t}.import_id`)} IS NULL
      THEN 'changed since outside an import'
      ELSE 'changed since by import ' || ${sql.ref(`${t}.import_id`)} END`;
  }

  async restore(e: EntityType): Promise<number> {
    const t = sql.id(e.table);
    const X = this.req.importId;
    const RESTORED = ['updated', 'inactivated', 'reactivated', 'anonymized'];
    // Gone since: nothing to restore, forced or not.
    await this.refuse(sql`
      SELECT r.import_id, r.row_no, 'refused', 'INTAKE_E_UNDO_CONFLICT',
             ${`this ${e.label.toLowerCase()} was deleted since; its before-image cannot be restored`}
      FROM intake_row r WHERE ${this.pending(e, RESTORED)}
        AND NOT EXISTS (SELECT 1 FROM ${t} x WHERE x.id = r.record_id)`);
    // Written by a version of Intake that kept no before-image: nothing to restore.
    await this.refuse(sql`
      SELECT r.import_id, r.row_no, 'refused', 'INTAKE_E_UNDO_CONFLICT',
             'no before-image of this record was kept, so its values cannot be restored'
      FROM intake_row r WHERE ${this.pending(e, RESTORED)}
        AND NOT EXISTS (SELECT 1 FROM intake_before b
                        WHERE b.import_id = r.import_id AND b.row_no = r.row_no)`);
    if (!this.req.force) {
      await this.refuse(sql`
        SELECT r.import_id, r.row_no, 'refused', 'INTAKE_E_UNDO_CONFLICT',
               ${`this ${e.label.toLowerCase()} was `} || ${this.changedBy('x')}
                 || '; undo that one first, or undo with --force'
        FROM intake_row r JOIN ${t} x ON x.id = r.record_id
        WHERE ${this.pending(e, RESTORED)}
          AND (x.import_id IS NULL OR x.import_id <> ${X} OR x.import_row IS NULL OR x.import_row <> r.row_no)`);
    }
    const p = this.store.profile;
    const image = sql.ref('b.image');
    const changed = (f: string) => sql`(', ' || r.changed) LIKE ${`%, ${f}, %`}`;
    const mine = sql`${sql.ref(`${e.table}.import_id`)} = ${X}`;
    const sets = [
      ...e.fields.map(
        (f) =>
          sql`${sql.id(f.name)} = CASE WHEN ${changed(f.name)} THEN ${p.fromImage(image, f.name, p.types[f.type])} ELSE ${sql.ref(`${e.table}.${f.name}`)} END`,
      ),
      sql`custom = CASE WHEN ${changed('custom')} THEN ${p.fromImage(image, 'custom', p.json === 'jsonb' ? 'jsonb' : 'text')} ELSE ${sql.ref(`${e.table}.custom`)} END`,
      // Provenance goes back too, unless a later import (forced past) holds the record.
      ...PROVENANCE.map(
        (c) =>
          sql`${sql.id(c)} = CASE WHEN ${mine} THEN ${p.fromImage(image, c, c === 'import_row' ? p.types.integer : 'text')} ELSE ${sql.ref(`${e.table}.${c}`)} END`,
      ),
      sql`updated_at = ${p.now}`,
    ];
    await this.run(sql`
      UPDATE ${t} SET ${sql.join(sets)}
      FROM intake_row r JOIN intake_before b ON b.import_id = r.import_id AND b.row_no = r.row_no
      WHERE ${this.pending(e, RESTORED)} AND ${sql.ref(`${e.table}.id`)} = r.record_id`);
    return this.run(sql`
      INSERT INTO intake_undo (import_id, row_no, result, code, message)
      SELECT r.import_id, r.row_no, 'restored', NULL, NULL
      FROM intake_row r WHERE ${this.pending(e, RESTORED)}`);
  }

  /**
   * The records an import's events changed (`applies`) get their values back from the
   * before-image under the first event for each; the events themselves are deleted
   * later, as created records. A record changed since by another import refuses all its
   * events, unless forced.
   */
  async unapply(e: EntityType): Promise<void> {
    const target = this.registry.appliesTo(e)!;
    const t = sql.id(target.table);
    const X = this.req.importId;
    const p = this.store.profile;
    const idOf = (img: string) => p.fromImage(sql.ref(img), 'id', 'bigint');
    const events = sql`FROM intake_row r
      JOIN intake_before b ON b.import_id = r.import_id AND b.row_no = r.row_no
      WHERE ${this.pending(e, 'created')}`;
    if (!this.req.force) {
      await this.refuse(sql`
        SELECT r.import_id, r.row_no, 'refused', 'INTAKE_E_UNDO_CONFLICT',
               ${`the ${target.label.toLowerCase()} it changed was `} || ${this.changedBy('x')}
                 || '; undo that one first, or undo with --force'
        FROM intake_row r
        JOIN intake_before b ON b.import_id = r.import_id AND b.row_no = r.row_no
        JOIN ${t} x ON x.id = ${idOf('b.image')}
        WHERE ${this.pending(e, 'created')} AND (x.import_id IS NULL OR x.import_id <> ${X})`);
    }
    const fields = Object.keys(e.applies!.set).map((n) => target.fields.find((f) => f.name === n)!);
    const mine = sql`${sql.ref(`${target.table}.import_id`)} = ${X}`;
    const image = sql.ref('b.image');
    const sets = [
      ...fields.map((f) => sql`${sql.id(f.name)} = ${p.fromImage(image, f.name, p.types[f.type])}`),
      ...PROVENANCE.map(
        (c) =>
          sql`${sql.id(c)} = CASE WHEN ${mine} THEN ${p.fromImage(image, c, c === 'import_row' ? p.types.integer : 'text')} ELSE ${sql.ref(`${target.table}.${c}`)} END`,
      ),
      sql`updated_at = ${p.now}`,
    ];
    // The first event of the import for a record holds its image from before the import.
    await this.run(sql`
      UPDATE ${t} SET ${sql.join(sets)}
      ${events} AND ${sql.ref(`${target.table}.id`)} = ${idOf('b.image')}
        AND NOT EXISTS (SELECT 1 FROM intake_row r2
          JOIN intake_before b2 ON b2.import_id = r2.import_id AND b2.row_no = r2.row_no
          WHERE r2.import_id = r.import_id AND r2.entity = r.entity AND r2.row_no < r.row_no
            AND ${idOf('b2.image')} = ${idOf('b.image')})`);
  }

  /**
   * Records the import deleted are inserted again from their before-images, with their
   * ids, so whatever referenced them by id finds them; then the records deleted with
   * them (cascade). One stored since with the same identifier is a conflict, forced or
   * not: two records cannot share it.
   */
  async reinsert(e: EntityType): Promise<number> {
    const t = sql.id(e.table);
    const p = this.store.profile;
    const image = sql.ref('b.image');
    for (const i of e.identifiers) {
      const f = e.fields.find((x) => x.name === i)!;
      await this.refuse(sql`
        SELECT r.import_id, r.row_no, 'refused', 'INTAKE_E_UNDO_CONFLICT',
               ${`a ${e.label.toLowerCase()} with the same ${f.label} was stored since; this one cannot come back beside it`}
        FROM intake_row r JOIN intake_before b ON b.import_id = r.import_id AND b.row_no = r.row_no
        WHERE ${this.pending(e, 'deleted')}
          AND EXISTS (SELECT 1 FROM ${t} x WHERE x.workspace_id = ${this.req.workspace}
                        AND ${sql.ref(`x.${i}`)} = ${p.fromImage(image, i, p.types[f.type])})`);
    }
    const columns = (x: EntityType) => recordColumns(x);
    const typeOf = (x: EntityType, c: string): string => {
      const f = x.fields.find((y) => y.name === c);
      if (f) return p.types[f.type];
      if (c === 'custom') return p.json === 'jsonb' ? 'jsonb' : 'text';
      if (c === 'id') return 'bigint';
      if (c === 'import_row') return p.types.integer;
      if (c === 'created_at' || c === 'updated_at') return p.timestamp;
      return 'text';
    };
    const values = (x: EntityType, img: RawBuilder<unknown>) =>
      sql.join(columns(x).map((c) => p.fromImage(img, c, typeOf(x, c))));
    const insertInto = (x: EntityType) =>
      sql`INSERT INTO ${sql.id(x.table)} (${sql.join(columns(x).map((c) => sql.id(c)))}) ${sql.raw(p.keepIds)}`;
    const back = await this.run(sql`
      ${insertInto(e)}
      SELECT ${values(e, image)}
      FROM intake_row r JOIN intake_before b ON b.import_id = r.import_id AND b.row_no = r.row_no
      WHERE ${this.pending(e, 'deleted')}`);
    for (const q of e.cascade) {
      const child = this.registry.get(q);
      if (!this.existing.has(child.table)) continue;
      await this.run(sql`
        ${insertInto(child)}
        SELECT ${values(child, sql.ref('c.image'))}
        FROM intake_cascade c JOIN intake_row r ON r.import_id = c.import_id AND r.row_no = c.row_no
        WHERE c.entity = ${child.qualified} AND ${this.pending(e, 'deleted')}
          AND NOT EXISTS (SELECT 1 FROM ${sql.id(child.table)} h WHERE h.id = c.record_id)`);
    }
    await this.run(sql`
      INSERT INTO intake_undo (import_id, row_no, result, code, message)
      SELECT r.import_id, r.row_no, 'restored', NULL, NULL
      FROM intake_row r WHERE ${this.pending(e, 'deleted')}`);
    return back;
  }

  /** Erase cannot be undone: its rows say so, and the rest of the import is undone. */
  async keepErased(e: EntityType): Promise<void> {
    await this.refuse(sql`
      SELECT r.import_id, r.row_no, 'refused', 'INTAKE_E_UNDO_ERASED',
             ${`this ${e.label.toLowerCase()} was erased: erase cannot be undone`}
      FROM intake_row r WHERE ${this.pending(e, 'erased')}`);
  }

  async depths(e: EntityType): Promise<number[]> {
    const rows = await sql<{ depth: number }>`
      SELECT DISTINCT r.depth FROM intake_row r WHERE ${this.pending(e, 'created')}
      ORDER BY r.depth DESC`.execute(this.db);
    return rows.rows.map((r) => Number(r.depth));
  }

  /** Record `x` is the one row `r` created: by provenance, or (forced) by the key it had. */
  private finds(e: EntityType): RawBuilder<unknown> {
    const key = this.req.keys[e.qualified];
    const mine = sql`(x.workspace_id = ${this.req.workspace} AND x.import_id = ${this.req.importId} AND x.import_row = r.row_no)`;
    // Forced: a record another import changed since is found by the key it was created with.
    return this.req.force && key
      ? sql`(${mine} OR (x.workspace_id = ${this.req.workspace} AND ${sql.ref(`x.${key}`)} = r.record_key))`
      : mine;
  }

  async remove(e: EntityType, depth?: number): Promise<number> {
    const t = sql.id(e.table);
    const key = this.req.keys[e.qualified];
    const what = e.label.toLowerCase();
    const created = sql`FROM intake_row r JOIN ${t} x ON ${this.finds(e)}
      WHERE ${this.pending(e, 'created', depth)}`;
    // Gone, or (not forced) changed since: named by the later import when the key finds it.
    const later = key
      ? sql`(SELECT ${this.changedBy('k')} FROM ${t} k
             WHERE k.workspace_id = ${this.req.workspace} AND ${sql.ref(`k.${key}`)} = r.record_key)`
      : sql`NULL`;
    await this.refuse(sql`
      SELECT r.import_id, r.row_no, 'refused', 'INTAKE_E_UNDO_CONFLICT',
             ${`this ${what} was `} || coalesce(${later}, 'deleted since, or its key changed')
               || '; undo that one first'
      FROM intake_row r WHERE ${this.pending(e, 'created', depth)}
        AND NOT EXISTS (SELECT 1 FROM ${t} x WHERE ${this.finds(e)})`);
    // Records that stay and point at it: a child of the tree, a record of another type.
    for (const [ref, f] of this.referencing(e)) {
      const holder = recordName(ref, 'h');
      await this.refuse(sql`
        SELECT r.import_id, r.row_no, 'refused', 'INTAKE_E_UNDO_REFERENCED',
               ${`this ${what} is referenced by `} || CAST(count(h.id) AS text)
                 || ${` ${ref.qualified} record(s) that stay (${f.name} of `}
                 || min(${holder}) || ')'
        FROM intake_row r JOIN ${t} x ON ${this.finds(e)}
        JOIN ${sql.id(ref.table)} h ON h.workspace_id = x.workspace_id
          AND ${sql.ref(`h.${f.name}`)} = ${sql.ref(`x.${f.reference!.field}`)}
        WHERE ${this.pending(e, 'created', depth)}
        GROUP BY r.import_id, r.row_no`);
    }
    const deleted = await this.run(sql`
      DELETE FROM ${t} WHERE id IN (SELECT x.id ${created})`);
    await this.run(sql`
      INSERT INTO intake_undo (import_id, row_no, result, code, message)
      SELECT r.import_id, r.row_no, 'deleted', NULL, NULL
      FROM intake_row r WHERE ${this.pending(e, 'created', depth)}`);
    return deleted;
  }

  /** Entity types (and their fields) whose stored records may reference a record of `e`. */
  private referencing(e: EntityType) {
    return this.registry.referencing(e).filter(([other]) => this.existing.has(other.table));
  }
}

/** The refusals of an undo, for its report and its preview. */
export async function undoRefusals(
  store: Store,
  importId: string,
  limit: number,
  db: Db = store.db,
): Promise<UndoRefusal[]> {
  const rows = await db
    .selectFrom('intake_undo')
    .select(['row_no', 'code', 'message'])
    .where('import_id', '=', importId)
    .where('result', '=', 'refused')
    .orderBy('row_no')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ rowNo: Number(r.row_no), code: r.code!, message: r.message! }));
}
