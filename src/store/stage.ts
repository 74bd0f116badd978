import { sql, type RawBuilder } from 'kysely';
import type { Issue, Correction } from '../core/pipeline/clean.js';
import type { EntityType, Value } from '../core/schema.js';
import type { Store } from './connect.js';
import { RECORD_OPERATIONS } from '../core/operations.js';
import { stageTable } from './names.js';

/**
 * SQL: staged row `alias` has no error yet (the cleaner's refusals; before the plan, the
 * only ones): what record generation, memberships and declared fields may build on.
 */
export function notRefused(alias: string): RawBuilder<unknown> {
  return sql`NOT EXISTS (SELECT 1 FROM intake_issue i WHERE i.import_id = ${sql.ref(`${alias}.import_id`)}
    AND i.row_no = ${sql.ref(`${alias}.row_no`)} AND substr(i.code, 1, 9) = 'INTAKE_E_')`;
}

/** Staged actions that write. */
export const WRITING = sql.join(['create', 'update', ...RECORD_OPERATIONS].map((a) => sql.lit(a)));

/**
 * Stage: cleaned rows go into staging tables, their issues and corrections into the
 * import's kept tables, in bulk (COPY on PostgreSQL, prepared inserts in one
 * transaction on SQLite). Set checks, the plan and the commit then work on them with
 * SQL: no per-row round trips.
 */
export interface StagedRow {
  rowNo: number;
  fileNo: number;
  line: number;
  values: (Value | null)[];
  custom: Record<string, string> | null;
  raw: string[];
  missing: string[];
  /** The row's own operation, null for the import's. */
  op: string | null;
  issues: Issue[];
  corrections: Correction[];
}

export async function stageChunk(
  store: Store,
  entity: EntityType,
  importId: string,
  rows: StagedRow[],
): Promise<void> {
  const p = store.profile;
  const columns = [
    'import_id',
    'row_no',
    'file_no',
    'line',
    ...entity.fields.map((f) => f.name),
    'custom',
    'raw',
    'missing',
    'op',
    'action',
  ];
  const data = rows.map((r) => [
    importId,
    r.rowNo,
    r.fileNo,
    r.line,
    ...r.values.map((v) => p.bind(v)),
    r.custom ? JSON.stringify(r.custom) : null,
    JSON.stringify(r.raw),
    r.missing.length ? r.missing.join(', ') : null,
    r.op,
    // Every row is planned as a create until matching or an issue says otherwise.
    'create',
  ]);
  await p.bulkInsert(store.db, stageTable(entity), columns, data);

  const issues = rows.flatMap((r) =>
    r.issues.map((i) => [
      importId,
      r.rowNo,
      i.field ?? null,
      i.code,
      i.message,
      i.value ?? null,
      1,
    ]),
  );
  if (issues.length) {
    await p.bulkInsert(
      store.db,
      'intake_issue',
      ['import_id', 'row_no', 'field', 'code', 'message', 'value', 'staged'],
      issues,
    );
  }
  const corrections = rows.flatMap((r) =>
    r.corrections.map((c, seq) => [
      importId,
      r.rowNo,
      seq,
      r.fileNo,
      r.line,
      c.field,
      c.from,
      c.to,
      c.rule,
    ]),
  );
  if (corrections.length) {
    await p.bulkInsert(
      store.db,
      'intake_correction',
      ['import_id', 'row_no', 'seq', 'file_no', 'line', 'field', 'from_value', 'to_value', 'rule'],
      corrections,
    );
  }
}

/** Rows to write per depth of an entity type's tree (one entry, depth 0, for other types). */
export async function writesByDepth(
  store: Store,
  entity: EntityType,
  importId: string,
): Promise<{ depth: number; rows: number }[]> {
  const rows = await sql<{ depth: number; n: number }>`
    SELECT depth, count(*) AS n FROM ${sql.id(stageTable(entity))}
    WHERE import_id = ${importId} AND action IN (${WRITING})
    GROUP BY depth ORDER BY depth`.execute(store.db);
  return rows.rows.map((r) => ({ depth: Number(r.depth), rows: Number(r.n) }));
}
