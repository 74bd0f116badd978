import { sql } from 'kysely';
import type { Held } from '../core/memberships.js';
import type { EntityType, Value } from '../core/schema.js';
import type { Store } from './connect.js';
import { stageTable } from './names.js';
import { notRefused } from './stage.js';

/**
 * The queries of list memberships (schema.ts `Joins`; jobs/import-joins.ts decides and
 * stages them): the named list's campaign, the rows that join it, and what their
 * contacts hold already.
 */

interface Ctx {
  store: Store;
  importId: string;
  workspace: string;
}

/** The `within` value (campaign) of a list, stored or in this import; null when unknown. */
export async function listGroup(
  c: Ctx,
  listType: EntityType,
  key: string,
  within: string,
  list: string,
): Promise<string | null> {
  const rows = await sql<{ g: string | null }>`
    SELECT ${sql.ref(`t.${within}`)} AS g FROM ${sql.id(listType.table)} t
      WHERE t.workspace_id = ${c.workspace} AND ${sql.ref(`t.${key}`)} = ${list}
    UNION ALL SELECT ${sql.ref(`x.${within}`)} FROM ${sql.id(stageTable(listType))} x
      WHERE x.import_id = ${c.importId} AND ${sql.ref(`x.${key}`)} = ${list}`.execute(c.store.db);
  return rows.rows.find((r) => r.g !== null)?.g ?? null;
}

/** A staged row that joins the list. */
export interface Joining {
  rowNo: number;
  line: number;
  key: string;
  /** The contact was stored before this import. */
  stored: boolean;
  values: Record<string, Value | null>;
}

/**
 * Rows `from`..`to` of the joining type that can join: not refused by the cleaner,
 * with a key, the first of the import with that key (a repeat is refused or merged
 * by the duplicate policy, and its contact joins once).
 */
export async function joiningRows(
  c: Ctx,
  entity: EntityType,
  key: string,
  fields: string[],
  from: number,
  to: number,
): Promise<Joining[]> {
  const s = stageTable(entity);
  const k = (a: string) => sql.ref(`${a}.${key}`);
  // As the database gives them back (PostgreSQL's timestamps as dates): as staged.
  const read = (f: string, v: unknown) =>
    c.store.profile.read(entity.fields.find((x) => x.name === f)!.type, v);
  const rows = await sql<Record<string, unknown>>`
    SELECT s.row_no, s.line, ${k('s')} AS key,
           ${sql.join([sql`1`, ...fields.map((f) => sql`${sql.ref(`s.${f}`)} AS ${sql.id(`v_${f}`)}`)])},
           CASE WHEN EXISTS (SELECT 1 FROM ${sql.id(entity.table)} t
                             WHERE t.workspace_id = ${c.workspace} AND ${k('t')} = ${k('s')})
                THEN 1 ELSE 0 END AS stored
    FROM ${sql.id(s)} s
    WHERE s.import_id = ${c.importId} AND s.row_no BETWEEN ${from} AND ${to}
      AND ${k('s')} IS NOT NULL AND ${notRefused('s')}
      AND NOT EXISTS (SELECT 1 FROM ${sql.id(s)} s2
                      WHERE s2.import_id = s.import_id AND ${k('s2')} = ${k('s')}
                        AND s2.row_no < s.row_no AND ${notRefused('s2')})
    ORDER BY s.row_no`.execute(c.store.db);
  return rows.rows.map((r) => ({
    rowNo: Number(r.row_no),
    line: Number(r.line),
    key: String(r.key),
    stored: Number(r.stored) === 1,
    values: Object.fromEntries(fields.map((f) => [f, read(f, r[`v_${f}`])])),
  }));
}

/** The row numbers of a type's staged rows in this import: first and last. */
export async function stagedSpan(c: Ctx, entity: EntityType): Promise<[number, number] | null> {
  const r = await sql<{ lo: number | null; hi: number | null }>`
    SELECT min(row_no) AS lo, max(row_no) AS hi FROM ${sql.id(stageTable(entity))}
    WHERE import_id = ${c.importId}`.execute(c.store.db);
  const { lo, hi } = r.rows[0] ?? { lo: null, hi: null };
  return lo === null || hi === null ? null : [Number(lo), Number(hi)];
}

/**
 * Contact key -> its stored memberships in the list or in the lists that share its
 * group (campaign), oldest first.
 */
export async function heldMemberships(
  c: Ctx,
  m: {
    membership: EntityType;
    listType: EntityType;
    listKey: string;
    member: string;
    list: string;
    within: string;
    status: string;
    agent: string;
  },
  keys: string[],
  list: string,
  group: string | null,
): Promise<Map<string, Held[]>> {
  const out = new Map<string, Held[]>();
  if (keys.length === 0) return out;
  const lists =
    group === null
      ? sql`(${list})`
      : sql`(SELECT ${sql.ref(`l.${m.listKey}`)} FROM ${sql.id(m.listType.table)} l
             WHERE l.workspace_id = ${c.workspace} AND ${sql.ref(`l.${m.within}`)} = ${group}
             UNION SELECT ${list})`;
  const rows = await sql<{
    member: string;
    id: string;
    list: string;
    status: string | null;
    agent: string | null;
  }>`
    SELECT ${sql.ref(`t.${m.member}`)} AS member, ${sql.ref(`t.${identifier(m.membership)}`)} AS id,
           ${sql.ref(`t.${m.list}`)} AS list, ${sql.ref(`t.${m.status}`)} AS status,
           ${sql.ref(`t.${m.agent}`)} AS agent
    FROM ${sql.id(m.membership.table)} t
    WHERE t.workspace_id = ${c.workspace} AND ${sql.ref(`t.${m.member}`)} IN (${sql.join(keys)})
      AND ${sql.ref(`t.${m.list}`)} IN ${lists}
    ORDER BY t.created_at, t.id`.execute(c.store.db);
  for (const r of rows.rows) {
    const held = out.get(r.member) ?? [];
    held.push({ id: r.id, list: r.list, status: r.status, agent: r.agent });
    out.set(r.member, held);
  }
  return out;
}

/** The membership type's first identifier: what a membership is found by. */
export function identifier(membership: EntityType): string {
  return membership.identifiers[0]!;
}

/** The lists (their keys) whose `within` field is `group`: a campaign's dial lists. */
export async function listsOf(
  store: Store,
  workspace: string,
  listType: EntityType,
  key: string,
  within: string,
  group: string,
): Promise<string[]> {
  const rows = await sql<{ k: string }>`
    SELECT ${sql.ref(`t.${key}`)} AS k FROM ${sql.id(listType.table)} t
    WHERE t.workspace_id = ${workspace} AND ${sql.ref(`t.${within}`)} = ${group}
    ORDER BY 1`.execute(store.db);
  return rows.rows.map((r) => r.k);
}
