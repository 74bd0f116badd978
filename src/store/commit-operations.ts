import { sql, type RawBuilder } from 'kysely';
import type { RecordOperation } from '../core/operations.js';
import type { EntityType, FieldDef } from '../core/schema.js';
import type { Store } from './connect.js';
import { stageTable } from './names.js';
import { listsChange } from './plan/clear.js';
import { anonymized } from './plan/operations.js';
import type { Db } from './tables.js';

/**
 * The commit of record operations in one chunk, in its transaction (SPEC C2). Their
 * before-images are taken with the updates' (commit.ts), so undo restores inactivated,
 * reactivated and anonymized records field by field and puts deleted ones back.
 * Erase keeps no image: it scrubs the record's values from every row result, issue,
 * correction and before-image Intake keeps, and lists the imports that held them
 * (their stored files go after the commit: eraseFiles in jobs/).
 */
export interface OperationsChunk {
  store: Store;
  db: Db;
  importId: string;
  entity: EntityType;
  /** SQL: staged row `alias` lies in the chunk. */
  inRange: (alias: string) => RawBuilder<unknown>;
  /** Key of the stable hashes anonymize writes. */
  hashKey: string;
  /** Types whose records referencing a deleted one go with it (the pack's cascade). */
  cascades: [EntityType, FieldDef][];
  /** The record operations the plan has rows for: the others cost no statement. */
  planned: Set<RecordOperation>;
  /** Types with a reference to this one: their kept rows may name an erased record. */
  referencing: string[];
}

export interface OperationCounts {
  inactivated: number;
  reactivated: number;
  anonymized: number;
  deleted: number;
  erased: number;
}

/** Every column of a record, for the image that lets undo insert it again. */
export const recordColumns = (e: EntityType): string[] => [
  'id',
  'workspace_id',
  ...e.fields.map((f) => f.name),
  'custom',
  'import_id',
  'import_row',
  'created_at',
  'updated_at',
];

const affected = (n: { numAffectedRows?: bigint }) => Number(n.numAffectedRows ?? 0);

export async function writeOperations(c: OperationsChunk): Promise<OperationCounts> {
  const e = c.entity;
  const s = stageTable(e);
  const p = c.store.profile;
  const table = e.table;
  /** Rows of the chunk with `action`, joined to their stored record. */
  const rowsOf = (action: string) =>
    sql`${sql.ref(`${s}.import_id`)} = ${c.importId} AND ${sql.ref(`${s}.action`)} = ${action}
      AND ${sql.ref(`${table}.id`)} = ${sql.ref(`${s}.target_id`)} AND ${c.inRange(s)}`;
  const provenance = [
    sql`import_id = ${c.importId}`,
    sql`import_row = ${sql.ref(`${s}.row_no`)}`,
    sql`updated_at = ${p.now}`,
  ];
  const counts: OperationCounts = {
    inactivated: 0,
    reactivated: 0,
    anonymized: 0,
    deleted: 0,
    erased: 0,
  };

  const a = e.activity;
  if (a) {
    for (const [action, value, key] of [
      ['inactivate', a.inactive[0]!, 'inactivated'],
      ['reactivate', a.active, 'reactivated'],
    ] as const) {
      if (!c.planned.has(action)) continue;
      counts[key] = affected(
        await sql`
          UPDATE ${sql.id(table)} SET ${sql.id(a.field)} = ${p.bind(value)}, ${sql.join(provenance)}
          FROM ${sql.id(s)} WHERE ${rowsOf(action)}`.execute(c.db),
      );
    }
  }

  const rules = Object.entries(e.anonymize);
  if (rules.length > 0 && c.planned.has('anonymize')) {
    const sets = rules.map(([name, rule]) => {
      const f = e.fields.find((x) => x.name === name)!;
      const v = sql.ref(`${table}.${name}`);
      return sql`${sql.id(name)} = CASE WHEN ${listsChange(s, name)} THEN ${anonymized(p, f, rule, v, c.hashKey)} ELSE ${v} END`;
    });
    // Custom fields are columns nobody declared: they may hold anything, so they go.
    counts.anonymized = affected(
      await sql`
        UPDATE ${sql.id(table)} SET ${sql.join(sets)}, custom = NULL, ${sql.join(provenance)}
        FROM ${sql.id(s)} WHERE ${rowsOf('anonymize')}`.execute(c.db),
    );
  }

  if (c.planned.has('delete')) counts.deleted = await remove(c, 'delete');
  if (c.planned.has('erase')) counts.erased = await remove(c, 'erase');
  return counts;
}

/** Delete (cascade images kept) or erase (scrubbed, nothing kept) the chunk's records. */
async function remove(c: OperationsChunk, action: 'delete' | 'erase'): Promise<number> {
  const e = c.entity;
  const s = stageTable(e);
  const targets = sql`SELECT target_id FROM ${sql.id(s)}
    WHERE import_id = ${c.importId} AND action = ${action} AND ${c.inRange(s)}`;
  // While the records (and those that go with them) are still there to be named.
  if (action === 'erase') await scrub(c, targets);
  for (const [child, f] of c.cascades) {
    const holders = sql`FROM ${sql.id(s)} s JOIN ${sql.id(e.table)} t ON t.id = s.target_id
      JOIN ${sql.id(child.table)} h ON h.workspace_id = t.workspace_id
        AND ${sql.ref(`h.${f.name}`)} = ${sql.ref(`t.${f.reference!.field}`)}
      WHERE s.import_id = ${c.importId} AND s.action = ${action} AND ${c.inRange('s')}`;
    if (action === 'delete') {
      await sql`
        INSERT INTO intake_cascade (import_id, row_no, entity, record_id, image)
        SELECT s.import_id, s.row_no, ${child.qualified}, h.id, ${c.store.profile.rowImage('h', recordColumns(child))}
        ${holders}`.execute(c.db);
    }
    await sql`DELETE FROM ${sql.id(child.table)} WHERE id IN (SELECT h.id ${holders})`.execute(
      c.db,
    );
  }
  return affected(await sql`DELETE FROM ${sql.id(e.table)} WHERE id IN (${targets})`.execute(c.db));
}

/**
 * The values of records about to be erased leave everything Intake keeps: the row
 * results of every import that wrote or named them, those rows' issues, corrections
 * and before-images, images of records deleted with them, and rows other imports
 * have staged for them. A kept row is found by its record id, by the key it matched
 * with, as the row that last wrote the record, or (its own type's rows, and those of
 * types that reference it: a refused row, a criterion value) by a cell that holds one
 * of the record's identifiers. That last search reads every kept row of those types
 * for each erased record: fine for the few people an erase names, slow for millions.
 */
async function scrub(c: OperationsChunk, targets: RawBuilder<unknown>): Promise<void> {
  const e = c.entity;
  const t = sql.id(e.table);
  const p = c.store.profile;
  const keys = e.identifiers.map(
    (i) => sql`SELECT CAST(${sql.ref(`t.${i}`)} AS text) FROM ${t} t WHERE t.id IN (${targets})`,
  );
  const cells = e.identifiers.map(
    (i) =>
      sql`EXISTS (SELECT 1 FROM ${t} x WHERE x.id IN (${targets}) AND ${sql.ref(`x.${i}`)} IS NOT NULL
            AND ${p.contains(sql.ref('r.raw'), sql`'"' || CAST(${sql.ref(`x.${i}`)} AS text) || '"'`)})`,
  );
  const types = [e.qualified, ...c.referencing];
  const touched = sql`SELECT r.import_id, r.row_no FROM intake_row r
    WHERE (r.entity = ${e.qualified}
           AND (r.record_id IN (${targets}) ${sql.join(
             keys.map((k) => sql`OR r.record_key IN (${k})`),
             sql` `,
           )}))
      OR (r.import_id, r.row_no) IN (SELECT x.import_id, x.import_row FROM ${t} x WHERE x.id IN (${targets}))
      OR (r.entity IN (${sql.join(types)}) AND (${sql.join(cells, sql` OR `)}))`;
  await sql`
    INSERT INTO intake_erased_from (import_id, other_import)
    SELECT DISTINCT ${c.importId}, x.import_id FROM (${touched}) x WHERE 1 = 1
    ON CONFLICT DO NOTHING`.execute(c.db);
  const pair = sql`(import_id, row_no) IN (${touched})`;
  await sql`DELETE FROM intake_before WHERE ${pair}`.execute(c.db);
  await sql`DELETE FROM intake_correction WHERE ${pair}`.execute(c.db);
  await sql`UPDATE intake_issue SET value = NULL, message = 'erased' WHERE ${pair}`.execute(c.db);
  await sql`DELETE FROM intake_cascade WHERE entity = ${e.qualified} AND record_id IN (${targets})`.execute(
    c.db,
  );
  // Last: the rows are found by their keys until now.
  await sql`UPDATE intake_row SET raw = '[]', record_key = NULL WHERE ${pair}`.execute(c.db);
  await sql`
    DELETE FROM ${sql.id(stageTable(e))}
    WHERE import_id <> ${c.importId} AND target_id IN (${targets})`.execute(c.db);
}
