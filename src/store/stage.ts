import type { Issue, Correction } from '../core/pipeline/clean.js';
import type { EntityType, Value } from '../core/schema.js';
import type { Store } from './connect.js';
import { stageTable } from './names.js';

/**
 * Stage: cleaned rows, their issues and corrections go into staging tables in bulk
 * (COPY on PostgreSQL, prepared inserts in one transaction on SQLite). Set checks,
 * planning, commit and reports then read them back with SQL: no per-row round trips.
 */
export interface StagedRow {
  rowNo: number;
  fileNo: number;
  line: number;
  values: (Value | null)[];
  custom: Record<string, string> | null;
  raw: string[];
  missing: string[];
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
    // Every row is planned as a create until matching or an issue says otherwise.
    'create',
  ]);
  await p.bulkInsert(store.db, stageTable(entity), columns, data);

  const issues = rows.flatMap((r) =>
    r.issues.map((i) => [importId, r.rowNo, i.field ?? null, i.code, i.message, i.value ?? null]),
  );
  if (issues.length) {
    await p.bulkInsert(
      store.db,
      'intake_issue',
      ['import_id', 'row_no', 'field', 'code', 'message', 'value'],
      issues,
    );
  }
  const corrections = rows.flatMap((r) =>
    r.corrections.map((c) => [importId, r.rowNo, r.fileNo, r.line, c.field, c.from, c.to, c.rule]),
  );
  if (corrections.length) {
    await p.bulkInsert(
      store.db,
      'intake_correction',
      ['import_id', 'row_no', 'file_no', 'line', 'field', 'from_value', 'to_value', 'rule'],
      corrections,
    );
  }
}
