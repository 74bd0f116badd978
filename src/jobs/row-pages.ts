import { CELL_CODES } from '../core/pipeline/fixes.js';
import {
  correctionPage,
  problemCounts,
  refusedValues,
  rowCorrections,
  rowPage,
} from '../store/row-pages.js';
import type { Store } from '../store/connect.js';
import type { Outcome } from '../store/row-results.js';
import { importState, shownRow, stepOf } from './import-report.js';

/**
 * Row outcomes and corrections of an import, a page at a time (SPEC V5, I1), read from
 * its row results in the database by keyset: `after` (the `cursor` of the page before)
 * costs the same on the last page of a million rows as on the first. `offset` still
 * works for jumping to a page.
 */
export interface RowFilter {
  outcome?: Outcome;
  code?: string;
  offset?: number;
  /** The `cursor` of the previous page. */
  after?: string;
  limit: number;
}

export interface RowOutcome {
  /** The row's number in the import (1, 2, 3... across its files). */
  row: number;
  file: string;
  line: number;
  outcome: string;
  step: string;
  changed: string;
  code: string;
  message: string;
  /** Each problem on its own: the field it is about (empty: the whole row), code, message. */
  problems: { field: string; code: string; message: string }[];
  /** What Intake (or the user's fixes) corrected in the row, field by field. */
  corrections: { field: string; from: string; to: string; rule: string }[];
  values: Record<string, string>;
}

export interface Page<T> {
  rows: T[];
  /** Offset of the next page, or null on the last. */
  next: number | null;
  /** Keyset of the next page (pass as `after`), or null on the last. */
  cursor: string | null;
}

export async function rowOutcomes(
  store: Store,
  id: string,
  f: RowFilter,
): Promise<Page<RowOutcome>> {
  const s = await importState(store, id);
  const after = f.after === undefined ? undefined : Number(f.after);
  const page = await rowPage(
    store,
    {
      importId: id,
      outcome: f.outcome,
      code: f.code,
      after: Number.isFinite(after) ? after : undefined,
      offset: f.after === undefined ? f.offset : undefined,
      limit: f.limit,
    },
    s.end,
  );
  const more = page.length > f.limit;
  const rows = page.slice(0, f.limit);
  const files = new Map(s.files.map((x) => [x.fileNo, x]));
  const step = stepOf(s.plan);
  const corrected = await rowCorrections(
    store,
    id,
    rows.map((r) => r.row_no),
  );
  return {
    rows: rows.map((r) => {
      const file = files.get(r.file_no);
      const header = file?.header ?? [];
      const raw = JSON.parse(r.raw) as string[];
      const values = Object.create(null) as Record<string, string>;
      raw.forEach((v, i) => (values[header[i] ?? `_extra_${i - header.length + 1}`] = v));
      const shown = shownRow(r, s.end);
      const writes = shown.outcome === 'created' || shown.outcome === 'updated';
      return {
        row: r.row_no,
        file: file?.name ?? '',
        line: r.line,
        outcome: shown.outcome,
        step: writes ? step(r) : '',
        changed: (r.changed ?? '').replace(/, $/, ''),
        code: shown.problems.map((p) => p.code).join('; '),
        message: shown.problems.map((p) => p.message).join('; '),
        problems: shown.problems.map((p) => ({ ...p, field: p.field ?? '' })),
        corrections: corrected.get(r.row_no) ?? [],
        values,
      };
    }),
    next: more && f.after === undefined ? (f.offset ?? 0) + rows.length : null,
    cursor: more ? String(rows[rows.length - 1]!.row_no) : null,
  };
}

export interface CorrectionRow {
  file: string;
  line: number;
  field: string;
  from: string;
  to: string;
  rule: string;
}

/** The corrections of an import, a page at a time. */
export async function correctionRows(
  store: Store,
  id: string,
  f: { offset?: number; after?: string; limit: number },
): Promise<Page<CorrectionRow>> {
  const s = await importState(store, id);
  const keyset = /^(\d+)\.(\d+)$/.exec(f.after ?? '');
  const page = await correctionPage(store, {
    importId: id,
    after: keyset ? [Number(keyset[1]), Number(keyset[2])] : undefined,
    offset: keyset ? undefined : f.offset,
    limit: f.limit,
  });
  const more = page.length > f.limit;
  const rows = page.slice(0, f.limit);
  const names = new Map(s.files.map((x) => [x.fileNo, x.name]));
  const last = rows[rows.length - 1];
  return {
    rows: rows.map((c) => ({
      file: names.get(c.file_no) ?? '',
      line: c.line,
      field: c.field,
      from: c.from_value,
      to: c.to_value,
      rule: c.rule,
    })),
    next: more && !keyset ? (f.offset ?? 0) + rows.length : null,
    cursor: more && last ? `${last.row_no}.${last.seq}` : null,
  };
}

export interface ProblemCount {
  code: string;
  /** The field it is about; empty for the whole row. */
  field: string;
  rows: number;
  /** A fix can answer it for every row at once (a cleaning problem of one cell). */
  fixable: boolean;
  /** A value not in the list: the values refused, most rows first. */
  values?: { value: string; rows: number }[];
}

/** The problems of an import by code and field, with the rows that have each. */
export async function problemRows(store: Store, id: string): Promise<ProblemCount[]> {
  const cell: readonly string[] = CELL_CODES;
  const out: ProblemCount[] = [];
  for (const p of await problemCounts(store, id)) {
    const fixable = p.field !== '' && cell.includes(p.code);
    // A value not in the list is answered value by value (fix kind `value`).
    const values =
      fixable && p.code === 'INTAKE_E_ENUM'
        ? { values: await refusedValues(store, id, p.code, p.field) }
        : {};
    out.push({ ...p, fixable, ...values });
  }
  return out;
}
