import { sql, type RawBuilder } from 'kysely';
import type { ImportOptions } from '../../core/options.js';
import type { EntityType, FieldDef, ReferenceDef } from '../../core/schema.js';
import type { Store } from '../connect.js';
import { stageTable } from '../names.js';

/**
 * Corrections the plan makes (lookups, reference defaults) are numbered from here, the
 * cleaner's below: a validation again after fixes (jobs/import-recheck.ts) tells them apart.
 */
export const PLAN_SEQ = 1000;

/** What every set check needs to know about the import and entity it works on. */
export interface PlanContext {
  store: Store;
  importId: string;
  workspace: string;
  entity: EntityType;
  options: ImportOptions;
  /** The match key of this import for this entity, if any. */
  match?: FieldDef;
  /** Qualified names of the entity types that have rows in this import. */
  imported: Set<string>;
  /**
   * At commit: only these staged rows, planned again against what is stored now (an
   * import that committed since may have made a planned create an update).
   */
  chunk?: { from: number; to: number; depth?: number };
  /** At commit: the highest record id when the plan was made; newer records are looked at. */
  plannedUpTo?: number;
  /**
   * Entity types (with their field) whose stored records may reference this type's:
   * they hold back a delete (plan/operations.ts).
   */
  referencing?: [EntityType, FieldDef][];
}

/** SQL: staged row `alias` lies in the context's chunk (always true without one). */
export function inChunk(c: PlanContext, alias: string): RawBuilder<unknown> {
  if (!c.chunk) return sql`1 = 1`;
  const { from, to, depth } = c.chunk;
  return sql`${sql.ref(`${alias}.row_no`)} BETWEEN ${from} AND ${to}${
    depth === undefined ? sql`` : sql` AND ${sql.ref(`${alias}.depth`)} = ${depth}`
  }`;
}

/** What a check on staged rows needs once the plan is made (the commit's cascade). */
export type RowsContext = Pick<
  PlanContext,
  'store' | 'importId' | 'workspace' | 'entity' | 'imported'
>;

export const stage = (c: PlanContext): RawBuilder<unknown> => sql.id(stageTable(c.entity));
export const target = (c: PlanContext): RawBuilder<unknown> => sql.id(c.entity.table);
export const col = (table: string, field: string): RawBuilder<unknown> =>
  sql.ref(`${table}.${field}`);
export const text = (e: RawBuilder<unknown>): RawBuilder<unknown> => sql`CAST(${e} AS text)`;

/** SQL: record `alias` of `e` named by its first filled identifier, else `#id`. */
export const recordName = (e: EntityType, alias: string): RawBuilder<unknown> =>
  sql`coalesce(${sql.join([
    ...e.identifiers.map((i) => text(sql.ref(`${alias}.${i}`))),
    sql`'#' || ${text(sql.ref(`${alias}.id`))}`,
  ])})`;

/**
 * SQL: `field` of the record a reference names by `key`: staged by this import first
 * (it is what will be stored), else stored.
 */
export function referencedValue(
  c: PlanContext,
  ref: ReferenceDef,
  key: RawBuilder<unknown>,
  field: string,
): RawBuilder<unknown> {
  const staged = c.imported.has(ref.entity)
    ? sql`(SELECT min(${sql.ref(`x.${field}`)}) FROM ${sql.id(stageTable({ table: ref.table! }))} x
           WHERE x.import_id = ${c.importId} AND ${sql.ref(`x.${ref.field}`)} = ${key})`
    : sql`NULL`;
  return sql`coalesce(${staged}, (SELECT ${sql.ref(`t.${field}`)} FROM ${sql.id(ref.table!)} t
    WHERE t.workspace_id = ${c.workspace} AND ${sql.ref(`t.${ref.field}`)} = ${key}))`;
}

/** The referenced type in words, for messages: "store", "workflow status". */
export function targetWords(ref: ReferenceDef): string {
  return ref.entity.split('.')[1]!.replace(/_/g, ' ');
}

/**
 * SQL (a derived table `k`, column `k`): the declared identifiers of the records of a
 * reference's target for which `where(alias)` holds, stored in the workspace or staged by
 * this import; a record both stored and staged counts once.
 */
export function targetKeys(
  c: PlanContext,
  ref: ReferenceDef,
  where: (alias: string) => RawBuilder<unknown>,
): RawBuilder<unknown> {
  const key = (a: string) => sql.ref(`${a}.${ref.field}`);
  const imported = c.imported.has(ref.entity)
    ? sql`UNION SELECT ${key('x')} FROM ${sql.id(stageTable({ table: ref.table! }))} x
           WHERE x.import_id = ${c.importId} AND ${where('x')}`
    : sql``;
  return sql`(SELECT ${key('t')} AS k FROM ${sql.id(ref.table!)} t
    WHERE t.workspace_id = ${c.workspace} AND ${where('t')} ${imported}) k`;
}
