import { sql, type RawBuilder } from 'kysely';
import {
  OPERATION_FIELD,
  OPERATIONS,
  RECORD_OPERATIONS,
  isRecordOperation,
  unsupported,
} from '../../core/operations.js';
import { columnsByFile } from './clear.js';
import type { AnonymizeRule, EntityType, FieldDef } from '../../core/schema.js';
import type { BackendProfile } from '../profile.js';
import { stageTable } from '../names.js';
import { holdsOneOf } from '../labels.js';
import { recordName, text, type PlanContext } from './context.js';

/**
 * Operations on stored records (SPEC C2): inactivate, reactivate, delete, anonymize,
 * erase, for the whole import (`mode`) or per row (a column mapped to `_operation`,
 * staged as `op`). A row's planned action is its operation once matched, or
 * `unchanged` when the record is already as asked (an inactive record inactivated).
 * Its `changed` list names the fields the operation writes, as for an update: the
 * dry run shows them, the commit keeps their before-image, undo restores them.
 */

/** SQL: the operation of staged row `alias` (its own, else the import's). */
export function rowOp(c: PlanContext, alias: string): RawBuilder<unknown> {
  return sql`coalesce(${sql.ref(`${alias}.op`)}, ${c.options.mode})`;
}

/** SQL list of the record operations, for `IN (...)`. */
export const RECORD_OPS = sql.join(RECORD_OPERATIONS.map((o) => sql.lit(o)));

const inList = (values: (string | boolean)[], p: BackendProfile) =>
  sql.join(values.map((v) => sql`${p.bind(v)}`));

/** SQL: stored record `t` is inactive (its activity field holds an inactive value). */
export function isInactive(
  e: EntityType,
  p: BackendProfile,
  workspace: string,
): RawBuilder<unknown> {
  const a = e.activity!;
  const f = e.fields.find((x) => x.name === a.field);
  return holdsOneOf(f, sql.ref(`t.${a.field}`), workspace, inList(a.inactive, p));
}

/** SQL: what `rule` makes of stored value `v` of field `f` (hashes keyed by `key`). */
export function anonymized(
  p: BackendProfile,
  f: FieldDef,
  rule: AnonymizeRule,
  v: RawBuilder<unknown>,
  key: string,
): RawBuilder<unknown> {
  switch (rule.rule) {
    case 'blank':
      return sql`NULL`;
    case 'text':
      return sql`CASE WHEN ${v} IS NULL THEN NULL ELSE ${rule.text} END`;
    case 'hash':
      return p.hash(v, key);
    case 'year':
      return p.yearStart(v, f.type === 'date' ? 'date' : 'datetime');
    case 'domain':
      return sql`(${p.hash(v, key)} || '@' || ${p.domainOf(v)})`;
  }
}

/**
 * SQL: the fields anonymize changes on stored record `t`, as a `changed` list. A hash
 * of a hash is another hash, so a value once hashed counts as changed again; blanks,
 * texts and years already in place do not.
 */
function anonymizeChanges(c: PlanContext): RawBuilder<unknown> {
  const p = c.store.profile;
  const parts = Object.entries(c.entity.anonymize).map(([name, rule]) => {
    const f = c.entity.fields.find((x) => x.name === name)!;
    const v = sql.ref(`t.${name}`);
    const differs =
      rule.rule === 'blank' || rule.rule === 'hash' || rule.rule === 'domain'
        ? sql`${v} IS NOT NULL`
        : p.distinct(anonymized(p, f, rule, v, ''), v);
    return sql`CASE WHEN ${differs} THEN ${`${name}, `} ELSE '' END`;
  });
  // Undeclared custom fields may hold anything personal: anonymize drops them.
  parts.push(sql`CASE WHEN t.custom IS NOT NULL THEN 'custom, ' ELSE '' END`);
  return sql`(${sql.join(parts, sql` || `)})`;
}

/**
 * SQL for matched row `s` and stored `t`: the planned action, and the changed list,
 * given the changes an update would make (`changed`). An update that changes nothing is
 * unchanged: its list is built twice (for the action and for the list), which costs far
 * less than a second statement rewriting every unchanged row (1M rows imported again on
 * PostgreSQL: 6.2 s).
 */
export function plannedAction(
  c: PlanContext,
  s: string,
  changed: RawBuilder<unknown>,
): { action: RawBuilder<unknown>; changed: RawBuilder<unknown> } {
  const p = c.store.profile;
  const op = rowOp(c, s);
  const a = c.entity.activity;
  const def = a && c.entity.fields.find((f) => f.name === a.field);
  const inactive = a ? isInactive(c.entity, p, c.workspace) : sql`1 = 0`;
  const active = a
    ? holdsOneOf(def, sql.ref(`t.${a.field}`), c.workspace, inList([a.active], p))
    : sql`1 = 0`;
  const anonymize = anonymizeChanges(c);
  const activityChange = a ? `${a.field}, ` : '';
  return {
    action: sql`CASE ${op}
      WHEN 'create' THEN 'skip'
      WHEN 'inactivate' THEN CASE WHEN ${inactive} THEN 'unchanged' ELSE 'inactivate' END
      WHEN 'reactivate' THEN CASE WHEN ${active} THEN 'unchanged' ELSE 'reactivate' END
      WHEN 'anonymize' THEN CASE WHEN ${anonymize} = '' THEN 'unchanged' ELSE 'anonymize' END
      WHEN 'delete' THEN 'delete'
      WHEN 'erase' THEN 'erase'
      ELSE CASE WHEN ${changed} = '' THEN 'unchanged' ELSE 'update' END END`,
    changed: sql`CASE ${op}
      WHEN 'inactivate' THEN CASE WHEN ${inactive} THEN '' ELSE ${activityChange} END
      WHEN 'reactivate' THEN CASE WHEN ${active} THEN '' ELSE ${activityChange} END
      WHEN 'anonymize' THEN ${anonymize}
      WHEN 'delete' THEN '' WHEN 'erase' THEN ''
      ELSE ${changed} END`,
  };
}

/**
 * Rows whose operation needs a stored record and found none (a key that matches
 * nothing), and rows whose operation the entity type cannot run.
 */
export async function checkOperations(c: PlanContext): Promise<void> {
  const s = stageTable(c.entity);
  const db = c.store.db;
  // Without an operation column every row runs the import's operation, whose support
  // was checked before the rows were read: the scans below have nothing to find.
  const perRow = (await columnsByFile(c.store, c.importId, c.entity)).has(OPERATION_FIELD);
  const mode = c.options.mode;
  if (!perRow && mode !== 'update' && !isRecordOperation(mode)) return;
  for (const op of perRow ? OPERATIONS : []) {
    const why = unsupported(c.entity, op);
    if (!why) continue;
    await sql`
      INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
      SELECT import_id, row_no, NULL, 'INTAKE_E_OPERATION_UNSUPPORTED', ${why}, ${op}
      FROM ${sql.id(s)} s WHERE import_id = ${c.importId} AND ${rowOp(c, 's')} = ${op}`.execute(db);
  }
  if (!c.match) return;
  const m = c.match.name;
  await sql`
    INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
    SELECT import_id, row_no, ${m}, 'INTAKE_E_RECORD_NOT_FOUND',
           ${`${c.match.label} "`} || ${text(sql.id(m))} || ${`" matches no stored ${c.entity.label.toLowerCase()}`},
           ${text(sql.id(m))}
    FROM ${sql.id(s)} s
    WHERE import_id = ${c.importId} AND target_id IS NULL AND ${sql.id(m)} IS NOT NULL
      AND (${rowOp(c, 's')} = 'update' OR ${rowOp(c, 's')} IN (${RECORD_OPS}))`.execute(db);
}

/**
 * A record to delete or erase that other stored records reference (a customer with
 * cards) is refused, naming one of them, unless their type is declared to go with it
 * (`cascade`). Records that this import deletes or erases too do not hold it back.
 */
export async function checkReferenced(c: PlanContext): Promise<void> {
  const s = stageTable(c.entity);
  for (const [ref, f] of c.referencing ?? []) {
    if (c.entity.cascade.includes(ref.qualified)) continue;
    const holder = recordName(ref, 'h');
    const leaving =
      ref.qualified === c.entity.qualified
        ? sql`AND h.id NOT IN (SELECT target_id FROM ${sql.id(s)} WHERE import_id = ${c.importId}
                                AND action IN ('delete', 'erase') AND target_id IS NOT NULL)`
        : sql``;
    await sql`
      INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
      SELECT s.import_id, s.row_no, NULL, 'INTAKE_E_RECORD_REFERENCED',
             ${`this ${c.entity.label.toLowerCase()} is referenced by `} || CAST(count(h.id) AS text)
               || ${` stored ${ref.label.toLowerCase()} record(s) (${f.name} of `} || min(${holder})
               || '); delete those first, or declare them in cascade',
             NULL
      FROM ${sql.id(s)} s
      JOIN ${sql.id(c.entity.table)} t ON t.id = s.target_id
      JOIN ${sql.id(ref.table)} h ON h.workspace_id = t.workspace_id
        AND ${sql.ref(`h.${f.name}`)} = ${sql.ref(`t.${f.reference!.field}`)}
      WHERE s.import_id = ${c.importId} AND s.action IN ('delete', 'erase') ${leaving}
      GROUP BY s.import_id, s.row_no`.execute(c.store.db);
  }
}

/** The operation a whole import runs cannot run on an entity type: said before anything. */
export function importOperationProblem(entities: EntityType[], mode: string): string | undefined {
  if (!isRecordOperation(mode)) return undefined;
  for (const e of entities) {
    const why = unsupported(e, mode);
    if (why) return why;
  }
  return undefined;
}
