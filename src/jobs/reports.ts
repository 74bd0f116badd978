import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPORT_COLUMNS } from '../core/pipeline/map.js';
import type { EntityType } from '../core/schema.js';
import type { Store } from '../store/connect.js';
import { corrections, rowResults, type RowResult } from '../store/report-rows.js';
import { CsvWriter } from './csv-writer.js';
import type { WriteStep } from './import-types.js';

/**
 * The reports of a run (SPEC J3), written from staging after the plan or commit:
 * - rejections: the refused rows with their original columns and values, plus
 *   _line, _field, _code, _message; one line per refused row, so that a file fixed
 *   by hand can be imported again as it is (those four columns are then ignored);
 * - corrections: every value Intake rewrote, with the rule;
 * - outcomes (dry runs, or on request): every row with its planned outcome;
 * - summary.json, written by the caller.
 */
export interface ReportFile {
  fileNo: number;
  name: string;
  entity: EntityType;
  header: string[];
  delimiter: string;
}

/** When an atomic import fails, rows that were fine are refused too, with this reason. */
export interface AbortReason {
  code: string;
  message: string;
}

function issueColumns(r: RowResult, abort?: AbortReason): string[] {
  const issues =
    r.issues.length > 0
      ? r.issues
      : abort
        ? [{ field: null, code: abort.code, message: abort.message }]
        : [];
  return [
    String(r.line),
    issues.map((i) => i.field ?? '').join('; '),
    issues.map((i) => i.code).join('; '),
    issues.map((i) => i.message).join('; '),
  ];
}

const fit = (raw: string[], width: number): string[] =>
  raw.length >= width ? raw : [...raw, ...new Array<string>(width - raw.length).fill('')];

export async function writeRejections(
  store: Store,
  importId: string,
  file: ReportFile,
  path: string,
  abort?: AbortReason,
): Promise<number> {
  // A row longer than the header keeps its extra values in unnamed columns.
  const w = new CsvWriter(path, [...file.header, ...REPORT_COLUMNS], file.delimiter);
  for await (const page of rowResults(store, file.entity, importId, file.fileNo, !abort)) {
    await w.write(page.map((r) => [...fit(r.raw, file.header.length), ...issueColumns(r, abort)]));
  }
  await w.close();
  return w.rows;
}

const OUTCOME_WORD = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
  skip: 'skipped',
  error: 'rejected',
};

/**
 * The planned (dry run) or actual outcome of every row. `_step` is the row's place in
 * the write order (the `order` of summary.json): a child's step comes after its parent's.
 */
export async function writeOutcomes(
  store: Store,
  importId: string,
  file: ReportFile,
  path: string,
  order: WriteStep[],
): Promise<void> {
  const w = new CsvWriter(
    path,
    [...file.header, '_line', '_outcome', '_step', '_changed', '_field', '_code', '_message'],
    file.delimiter,
  );
  const steps = new Map(
    order
      .filter((s) => s.entity === file.entity.qualified)
      .map((s) => [s.depth ?? 0, String(s.step)]),
  );
  for await (const page of rowResults(store, file.entity, importId, file.fileNo, false)) {
    await w.write(
      page.map((r) => {
        const [line, field, code, message] = issueColumns(r);
        const skipCode = r.action === 'skip' ? 'INTAKE_W_RECORD_EXISTS' : code!;
        const skipMessage =
          r.action === 'skip'
            ? 'a stored record has this match key; create mode leaves it alone'
            : message!;
        return [
          ...fit(r.raw, file.header.length),
          line!,
          OUTCOME_WORD[r.action],
          r.action === 'create' || r.action === 'update' ? (steps.get(r.depth) ?? '') : '',
          r.changed,
          r.action === 'skip' ? '' : field!,
          skipCode,
          skipMessage,
        ];
      }),
    );
  }
  await w.close();
}

export async function writeCorrections(
  store: Store,
  importId: string,
  files: ReportFile[],
  path: string,
): Promise<number> {
  const names = new Map(files.map((f) => [f.fileNo, f.name]));
  const w = new CsvWriter(path, ['file', 'line', 'field', 'from', 'to', 'rule']);
  for await (const page of corrections(store, importId)) {
    await w.write(
      page.map((c) => [
        names.get(c.file_no) ?? '',
        String(c.line),
        c.field,
        c.from_value,
        c.to_value,
        c.rule,
      ]),
    );
  }
  await w.close();
  return w.rows;
}

export async function writeSummary(dir: string, summary: unknown): Promise<string> {
  const path = join(dir, 'summary.json');
  await writeFile(path, JSON.stringify(summary, null, 2) + '\n');
  return path;
}
