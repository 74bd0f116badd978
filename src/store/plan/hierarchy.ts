import { sql, type RawBuilder } from 'kysely';
import { selfReference, type FieldDef } from '../../core/schema.js';
import { stageTable } from '../names.js';
import { text, type PlanContext, type RowsContext } from './context.js';
import { markErrors } from './outcome.js';

/**
 * Trees inside one entity type (SPEC E3): a user account whose parent is a user
 * account. One import may hold a tree of any depth, rows in any order, so after the
 * other checks this step, in SQL with recursive queries over the staged rows:
 *
 * 1. refuses every row below a refused row, naming the chain up to it;
 * 2. refuses moves of stored records that would make one its own ancestor, walking
 *    up through stored and imported parents alike;
 * 3. gives every row its depth below the rows whose parent is stored or absent: the
 *    commit writes depth by depth, so a parent always lands before its children;
 * 4. refuses the rows that no depth reaches: they are on a cycle, or below one.
 *
 * The recursive steps say CROSS JOIN: SQLite then keeps the walked row outside and
 * looks children up by the (import_id, parent) index, instead of scanning every staged
 * row for each one; PostgreSQL plans it as any join.
 */
const LIVE = sql`('create', 'update', 'unchanged')`;
/** Keys spelled out in a chain before the middle is elided. */
const CHAIN_MAX = 25;
/** Separates keys in the list of keys a walk has seen (no code holds it). */
const SEP = '\u001f';

export async function planHierarchy(c: PlanContext): Promise<void> {
  const parent = selfReference(c.entity);
  if (!parent) return;
  const t = new Tree(c, parent);
  if ((await t.refuseBelowRefused()) > 0) await markErrors(c);
  // Refusing a move restores the stored parent, which can close another loop: repeat.
  for (let round = 0; round < 10; round++) {
    if ((await t.refuseMovesIntoCycles()) === 0) break;
    await markErrors(c);
  }
  await t.setDepths();
  if ((await t.refuseUnreached()) > 0) await markErrors(c);
}

/** Rows below a row refused after the plan (by the database, at commit) are refused too. */
export async function refuseBelowRefused(c: RowsContext): Promise<number> {
  const parent = selfReference(c.entity);
  return parent ? new Tree(c, parent).refuseBelowRefused() : 0;
}

class Tree {
  private readonly s: RawBuilder<unknown>;
  private readonly k: string;
  private readonly p: string;
  private readonly what: string;

  constructor(
    private readonly c: RowsContext,
    private readonly parent: FieldDef,
  ) {
    this.s = sql.id(stageTable(c.entity));
    this.k = parent.reference!.field;
    this.p = parent.name;
    this.what = c.entity.label.toLowerCase();
  }

  private ref(table: string, column: string): RawBuilder<unknown> {
    return sql.ref(`${table}.${column}`);
  }

  private async insertedRows(query: RawBuilder<unknown>): Promise<number> {
    const r = await query.execute(this.c.store.db);
    return Number(r.numAffectedRows ?? 0);
  }

  /** 1. Rows whose chain of imported parents reaches a refused new row. */
  refuseBelowRefused(): Promise<number> {
    const { c, s } = this;
    const k = (t: string) => text(this.ref(t, this.k));
    return this.insertedRows(sql`
      WITH RECURSIVE down(row_no, k, chain, root, root_k, n) AS (
        SELECT r.row_no, ${k('r')}, ${k('r')}, r.row_no, ${k('r')}, 0
        FROM ${s} r
        WHERE r.import_id = ${c.importId} AND r.action = 'error' AND r.target_id IS NULL
          AND ${this.ref('r', this.k)} IS NOT NULL
        UNION ALL
        SELECT ch.row_no, ${k('ch')},
               CASE WHEN d.n < ${CHAIN_MAX} THEN ${k('ch')} || ' → ' || d.chain
                    ELSE ${k('ch')} || ' → … → ' || d.root_k END,
               d.root, d.root_k, d.n + 1
        FROM down d CROSS JOIN ${s} ch
        WHERE ch.import_id = ${c.importId} AND ${this.ref('ch', this.p)} = d.k
          AND ch.action IN ${LIVE}
      )
      INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
      SELECT ${c.importId}, d.row_no, ${this.p}, 'INTAKE_E_REFERENCE_REFUSED',
             ${`${this.parent.label}: the chain `} || d.chain || ${` reaches ${this.what} "`} || d.root_k
               || '", which is refused (' || ${whereAndWhy(c, 'r')} || ')',
             ${text(this.ref('me', this.p))}
      FROM down d
      JOIN ${s} r ON r.import_id = ${c.importId} AND r.row_no = d.root
      JOIN ${s} me ON me.import_id = ${c.importId} AND me.row_no = d.row_no
      LEFT JOIN intake_import_file fl ON fl.import_id = ${c.importId} AND fl.file_no = r.file_no
      WHERE d.n > 0`);
  }

  /** 2. Stored records given a new parent that lies below them. */
  refuseMovesIntoCycles(): Promise<number> {
    const { c, s } = this;
    const moved = sql`
      FROM ${s} m JOIN ${sql.id(c.entity.table)} t ON t.id = m.target_id
      WHERE m.import_id = ${c.importId} AND m.action = 'update'
        AND ${this.ref('m', this.p)} IS NOT NULL
        AND ${c.store.profile.distinct(this.ref('m', this.p), this.ref('t', this.p))}`;
    return this.insertedRows(sql`
      ${this.walk(moved)}
      INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
      SELECT ${c.importId}, w.start, ${this.p}, 'INTAKE_E_REFERENCE_CYCLE',
             ${`${this.parent.label} "`} || w.first || ${`" would make this ${this.what} its own ancestor: `}
               || ${this.chain()},
             w.first
      FROM walk w WHERE w.closed = 1 AND w.k = w.start_k`);
  }

  /** 3. Depth below the rows whose parent is stored or absent. */
  async setDepths(): Promise<void> {
    const { c, s } = this;
    const k = (t: string) => text(this.ref(t, this.k));
    const table = stageTable(c.entity);
    await sql`
      WITH RECURSIVE tree(row_no, k, depth) AS (
        SELECT r.row_no, ${k('r')}, 0
        FROM ${s} r
        WHERE r.import_id = ${c.importId} AND r.action IN ${LIVE}
          AND (${this.ref('r', this.p)} IS NULL OR NOT EXISTS (
                SELECT 1 FROM ${s} x WHERE x.import_id = ${c.importId} AND x.action IN ${LIVE}
                  AND ${this.ref('x', this.k)} = ${this.ref('r', this.p)}))
        UNION ALL
        SELECT ch.row_no, ${k('ch')}, t.depth + 1
        FROM tree t CROSS JOIN ${s} ch
        WHERE ch.import_id = ${c.importId} AND ${this.ref('ch', this.p)} = t.k
          AND ch.action IN ${LIVE}
      )
      UPDATE ${s} SET depth = tree.depth
      FROM tree
      WHERE ${sql.ref(`${table}.import_id`)} = ${c.importId}
        AND ${sql.ref(`${table}.row_no`)} = tree.row_no AND tree.depth > 0`.execute(c.store.db);
  }

  /** 4. Rows with an imported parent that no depth reached: on a cycle or below one. */
  refuseUnreached(): Promise<number> {
    const { c, s } = this;
    const unreached = sql`
      FROM ${s} m
      WHERE m.import_id = ${c.importId} AND m.action IN ${LIVE} AND m.depth = 0
        AND EXISTS (SELECT 1 FROM ${s} x WHERE x.import_id = ${c.importId} AND x.action IN ${LIVE}
                      AND ${this.ref('x', this.k)} = ${this.ref('m', this.p)})`;
    return this.insertedRows(sql`
      ${this.walk(unreached)}
      INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
      SELECT ${c.importId}, w.start, ${this.p}, 'INTAKE_E_REFERENCE_CYCLE',
             ${`${this.parent.label} "`} || w.first || '": '
               || CASE WHEN w.k = w.start_k THEN ${`this ${this.what} would be its own ancestor: `}
                       ELSE 'its chain of parents loops and never reaches a root: ' END
               || ${this.chain()},
             w.first
      FROM walk w WHERE w.closed = 1`);
  }

  /**
   * Walk up from each start row (`from` gives them as `m`), parent after parent,
   * through imported rows and stored records as they will be after the import, until
   * a key comes back (closed = 1) or a root is reached.
   */
  private walk(from: RawBuilder<unknown>): RawBuilder<unknown> {
    const { c, s } = this;
    const p = c.store.profile;
    const k = (t: string) => text(this.ref(t, this.k));
    const mp = text(this.ref('m', this.p));
    const next = text(
      sql`CASE WHEN x.row_no IS NULL THEN ${this.ref('y', this.p)}
               ELSE coalesce(${this.ref('x', this.p)}, ${this.ref('y', this.p)}) END`,
    );
    const seen = (key: RawBuilder<unknown>) => sql`${SEP} || ${key} || ${SEP}`;
    return sql`
      WITH RECURSIVE walk(start, start_k, first, k, seen, chain, n, closed) AS (
        SELECT m.row_no, ${k('m')}, ${mp}, ${mp}, ${seen(k('m'))} || ${mp} || ${SEP},
               ${k('m')} || ' → ' || ${mp}, 1,
               CASE WHEN ${mp} = ${k('m')} THEN 1 ELSE 0 END
        ${from}
        UNION ALL
        SELECT w.start, w.start_k, w.first, ${next}, w.seen || ${next} || ${SEP},
               CASE WHEN w.n < ${CHAIN_MAX} THEN w.chain || ' → ' || ${next} ELSE w.chain END,
               w.n + 1,
               CASE WHEN ${p.contains(sql`w.seen`, seen(next))} THEN 1 ELSE 0 END
        FROM walk w
        LEFT JOIN ${s} x ON x.import_id = ${c.importId} AND x.action IN ${LIVE}
          AND ${this.ref('x', this.k)} = w.k
        LEFT JOIN ${sql.id(c.entity.table)} y ON y.workspace_id = ${c.workspace}
          AND ${this.ref('y', this.k)} = w.k
        WHERE w.closed = 0 AND ${next} IS NOT NULL
      )`;
  }

  /** The walked chain, its middle elided when long. */
  private chain(): RawBuilder<unknown> {
    return sql`CASE WHEN w.n <= ${CHAIN_MAX} THEN w.chain ELSE w.chain || ' → … → ' || w.k END`;
  }
}

/** "customers.csv line 4: <the row's first reason>", for a refused staged row `r`. */
export function whereAndWhy(c: RowsContext, r: string): RawBuilder<unknown> {
  return sql`coalesce(fl.name, 'file ' || ${text(sql.ref(`${r}.file_no`))}) || ' line ' || ${text(
    sql.ref(`${r}.line`),
  )} || ': ' || coalesce((SELECT min(i.message) FROM intake_issue i
                          WHERE i.import_id = ${c.importId} AND i.row_no = ${sql.ref(`${r}.row_no`)}),
                         'refused')`;
}
