import { PassThrough } from 'node:stream';
import yazl from 'yazl';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { IntakeError } from '../core/codes.js';
import type { ImportStatus } from '../core/import-status.js';
import { isExtra, isReportColumn, OUTCOME_COLUMNS, REPORT_COLUMNS } from '../core/pipeline/map.js';
import { DELIMITERS } from '../sources/csv/detect.js';
import type { Store } from '../store/connect.js';
import { importFiles, type StoredFile } from '../store/imports.js';
import { readJson } from '../store/json.js';
import {
  allRows,
  correctionPage,
  undoRows,
  widestRow,
  type Ending,
  type StoredRow,
} from '../store/row-pages.js';
import {
  NO_COUNTS,
  countBy,
  isWrite,
  isWritten,
  writtenRanges,
  type Outcome,
} from '../store/row-results.js';
import { CsvWriter } from './csv-writer.js';
import type { ImportPlan, ImportResult } from './import-types.js';
import type { UndoState } from './import-undo.js';
import { reportName } from './report-names.js';

/**
 * The reports of an import (SPEC J3), rendered from the database by whichever process
 * is asked: the API streams them, the CLI writes them into its report folder. None has
 * to exist on any disk. They are:
 * - summary.json: counts per outcome, per problem code and per correction rule, files,
 *   mapping, write order, timings;
 * - rejections: the refused rows with their original columns and values, plus _line,
 *   _field, _code, _message, so that a file fixed by hand imports again as it is;
 * - outcomes: every row with its outcome (planned before the commit), its step in the
 *   write order and the fields it changes;
 * - corrections: every value Intake rewrote, with the rule;
 * - undo.csv once undone: what the undo did to each row.
 */
export interface ImportState {
  id: string;
  workspace: string;
  status: ImportStatus;
  plan: ImportPlan | null;
  options: Record<string, unknown>;
  counts: ImportResult['counts'] | null;
  error: string | null;
  files: StoredFile[];
  end: Ending;
  undo: UndoState | null;
  finishedAt: string | null;
}

export async function importState(store: Store, id: string): Promise<ImportState> {
  const row = await store.db
    .selectFrom('intake_import')
    .select(['workspace_id', 'status', 'plan', 'options', 'counts', 'error', 'undo', 'finished_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new IntakeError('INTAKE_E_NOT_FOUND', `no import ${id}`);
  const plan = readJson<ImportPlan | null>(row.plan);
  return {
    id,
    workspace: row.workspace_id,
    status: row.status as ImportStatus,
    plan,
    options: readJson<Record<string, unknown>>(row.options) ?? {},
    counts: readJson<ImportResult['counts'] | null>(row.counts),
    error: row.error,
    files: await importFiles(store, id),
    end: { ranges: await writtenRanges(store.db, id), abort: plan?.abort },
    undo: readJson<UndoState | null>(row.undo),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}

export interface ShownRow {
  outcome: Outcome;
  problems: { field: string | null; code: string; message: string }[];
}

/** The outcome a row shows and its problems, once its import's end is known. */
export function shownRow(r: StoredRow, end: Ending): ShownRow {
  const a = end.abort;
  const unwritten = isWrite(r.outcome) && !isWritten(end.ranges, r);
  const aborted = a !== undefined && (a.all || unwritten);
  const outcome: Outcome = aborted ? 'rejected' : r.outcome;
  const problems =
    r.issues.length > 0 || !aborted
      ? r.issues
      : [{ field: null, code: a.code, message: a.message }];
  return { outcome, problems };
}

/** A written row's place in the write order (`_step`): its entity type and tree depth. */
export function stepOf(plan: ImportPlan | null): (r: StoredRow) => string {
  const steps = new Map(
    (plan?.order ?? []).map((o) => [`${o.entity}|${o.depth ?? 0}`, String(o.step)]),
  );
  return (r) => steps.get(`${r.entity}|${r.depth}`) ?? '';
}

export async function importSummary(store: Store, id: string): Promise<ImportResult> {
  return summaryOf(store, await importState(store, id));
}

async function summaryOf(store: Store, s: ImportState): Promise<ImportResult> {
  const plan = s.plan;
  const issues = await countBy(store, 'intake_issue', 'code', s.id);
  if (plan?.abort && s.counts) {
    // Rows refused for the import's reason alone (they have no problem of their own).
    const extra = s.counts.rejected - plan.planned.rejected;
    if (extra > 0) issues[plan.abort.code] = extra;
  }
  return {
    import: { id: s.id, status: s.status },
    files: plan?.files ?? [],
    skipped: plan?.skipped ?? [],
    // Counts kept before an outcome existed lack it: it is 0.
    counts: { ...NO_COUNTS, ...(s.counts ?? plan?.planned) },
    planned: { ...NO_COUNTS, ...plan?.planned },
    issues,
    corrections: await countBy(store, 'intake_correction', 'rule', s.id),
    order: plan?.order ?? [],
    timings: plan?.timings ?? { scan: 0, stage: 0, plan: 0, commit: 0, report: 0 },
    ...(plan?.rechecked === undefined ? {} : { rechecked: plan.rechecked }),
    ...(s.error ? { error: s.error } : {}),
  };
}

/** The reports an import has now, by name. */
export async function reportNames(store: Store, id: string): Promise<string[]> {
  return namesOf(await importState(store, id));
}

/**
 * The rejection files of an import of several files, in one download: each keeps its
 * own columns (the files differ), and the archive can be fixed and imported again as a
 * ZIP is (each member typed by its headers).
 */
export const REJECTIONS_ZIP = 'rejections.zip';

function namesOf(s: ImportState): string[] {
  const names = ['summary.json', 'corrections.csv'];
  if (s.files.length > 1) names.push(REJECTIONS_ZIP);
  for (const f of s.files) {
    names.push(reportName('rejections', s.files, f), reportName('outcomes', s.files, f));
  }
  if (s.undo?.at) names.push('undo.csv');
  return names.sort();
}

/**
 * One report, by name: found (or NOT_FOUND) before anything is written, so a caller can
 * answer 404 before it starts a stream; then written to `out` (left open).
 */
export async function openReport(
  store: Store,
  id: string,
  name: string,
): Promise<(out: Writable) => Promise<void>> {
  const s = await importState(store, id);
  if (!namesOf(s).includes(name)) {
    throw new IntakeError('INTAKE_E_NOT_FOUND', `import ${id} has no report ${name}`);
  }
  return async (out) => {
    await writeNamed(store, s, name, out);
  };
}

async function writeNamed(store: Store, s: ImportState, name: string, out: Writable) {
  if (name === 'summary.json') {
    const summary = await summaryOf(store, s);
    out.write(
      JSON.stringify(
        {
          ...summary,
          workspace: s.workspace,
          options: s.options,
          ...(s.undo ? { undo: s.undo } : {}),
          finishedAt: s.finishedAt,
        },
        null,
        2,
      ) + '\n',
    );
    return;
  }
  if (name === 'corrections.csv') return writeCorrections(store, s, out);
  if (name === REJECTIONS_ZIP && s.files.length > 1) return writeRejectionsZip(store, s, out);
  if (name === 'undo.csv' && s.undo?.at) return writeUndo(store, s, out);
  for (const f of s.files) {
    if (name === reportName('rejections', s.files, f)) return writeRows(store, s, f, out, true);
    if (name === reportName('outcomes', s.files, f)) return writeRows(store, s, f, out, false);
  }
  throw new IntakeError('INTAKE_E_NOT_FOUND', `import ${s.id} has no report ${name}`);
}

/** Each file's rejection file, one after the other, as members of one ZIP written to `out`. */
async function writeRejectionsZip(store: Store, s: ImportState, out: Writable): Promise<void> {
  const zip = new yazl.ZipFile();
  const done = new Promise<void>((resolve, reject) => {
    zip.outputStream.on('end', resolve).on('error', reject);
  });
  zip.outputStream.pipe(out, { end: false });
  for (const f of s.files) {
    // The archive reads its members in order: each is written while it is read.
    const member = new PassThrough();
    zip.addReadStream(member, reportName('rejections', s.files, f));
    await writeRows(store, s, f, member, true);
    member.end();
  }
  zip.end();
  await done;
}

const delimiterOf = (f: StoredFile) =>
  DELIMITERS.includes(f.facts.delimiter) ? f.facts.delimiter : ',';

/**
 * A file's refused rows (the rejection file) or all its rows (outcomes). Cells past
 * the header (a row with extra cells) get columns of their own, `_extra_1`..., so the
 * report's columns stay under their names.
 */
async function writeRows(
  store: Store,
  s: ImportState,
  f: StoredFile,
  out: Writable,
  rejected: boolean,
): Promise<number> {
  const width = f.header.length;
  const extra = Math.max(0, (await widestRow(store, s.id, f.fileNo)) - width);
  // The columns of an earlier report in this file (a rejection file imported again)
  // are left out: this report writes its own, once, and the data stays under its names.
  // Stray cells an earlier report kept (`_extra_1`...) stay with their rows.
  const data = f.header.flatMap((h, i) => (isReportColumn(h) && !isExtra(h) ? [] : [i]));
  const carried = f.header.filter(isExtra).length;
  const extras = Array.from({ length: extra }, (_, i) => `_extra_${carried + i + 1}`);
  const own = rejected ? REPORT_COLUMNS : OUTCOME_COLUMNS;
  const w = new CsvWriter(
    out,
    [...data.map((i) => f.header[i]!), ...extras, ...own],
    delimiterOf(f),
  );
  const step = stepOf(s.plan);
  const query = {
    importId: s.id,
    fileNo: f.fileNo,
    ...(rejected ? { outcome: 'rejected' as const } : {}),
  };
  for await (const page of allRows(store, query, s.end)) {
    await w.write(
      page.map((r) => {
        const raw = JSON.parse(r.raw) as string[];
        const cells = [
          ...data.map((i) => raw[i] ?? ''),
          ...Array.from({ length: extra }, (_, i) => raw[width + i] ?? ''),
        ];
        const shown = shownRow(r, s.end);
        const p = shown.problems;
        const field = p.map((i) => i.field ?? '').join('; ');
        const code = p.map((i) => i.code).join('; ');
        const message = p.map((i) => i.message).join('; ');
        if (rejected) return [...cells, String(r.line), field, code, message];
        const skip = shown.outcome === 'skipped';
        const writes = isWrite(shown.outcome);
        return [
          ...cells,
          String(r.line),
          shown.outcome,
          writes ? step(r) : '',
          (r.changed ?? '').replace(/, $/, ''),
          // A skipped row says why: its own reason (a merged duplicate), else create mode's.
          skip && !code ? '' : field,
          skip && !code ? 'INTAKE_W_RECORD_EXISTS' : code,
          skip && !code
            ? 'a stored record has this match key; create mode leaves it alone'
            : message,
        ];
      }),
    );
  }
  return w.rows;
}

async function writeCorrections(store: Store, s: ImportState, out: Writable): Promise<void> {
  const names = new Map(s.files.map((f) => [f.fileNo, f.name]));
  const w = new CsvWriter(out, ['file', 'line', 'field', 'from', 'to', 'rule']);
  let after: [number, number] | undefined;
  for (;;) {
    const page = await correctionPage(store, { importId: s.id, after, limit: 5000 });
    const rows = page.slice(0, 5000);
    await w.write(
      rows.map((c) => [
        names.get(c.file_no) ?? '',
        String(c.line),
        c.field,
        c.from_value,
        c.to_value,
        c.rule,
      ]),
    );
    if (page.length <= 5000) return;
    const last = rows[rows.length - 1]!;
    after = [last.row_no, last.seq];
  }
}

async function writeUndo(store: Store, s: ImportState, out: Writable): Promise<void> {
  const names = new Map(s.files.map((f) => [f.fileNo, f.name]));
  const w = new CsvWriter(out, ['file', 'line', 'entity', 'key', 'result', 'code', 'message']);
  for await (const page of undoRows(store, s.id)) {
    await w.write(
      page.map((u) => [
        names.get(u.file_no) ?? '',
        String(u.line),
        u.entity,
        u.record_key ?? '',
        u.result,
        u.code ?? '',
        u.message ?? '',
      ]),
    );
  }
}

/**
 * Every report of an import into `dir` (the CLI's report folder). The outcome files
 * are left out unless asked for (they hold every row).
 */
export async function renderReports(
  store: Store,
  id: string,
  dir: string,
  opts: { outcomes: boolean; started?: number },
): Promise<NonNullable<ImportResult['reports']>> {
  const s = await importState(store, id);
  await mkdir(dir, { recursive: true });
  const write = async (name: string): Promise<number> => {
    const out = createWriteStream(join(dir, name));
    let rows = 0;
    const f = s.files.find((x) => name === reportName('rejections', s.files, x));
    if (f) rows = await writeRows(store, s, f, out, true);
    else await writeNamed(store, s, name, out);
    out.end();
    await finished(out);
    return rows;
  };
  const rejectionFiles: string[] = [];
  const rejectedPerFile: number[] = [];
  for (const f of s.files) {
    const name = reportName('rejections', s.files, f);
    rejectedPerFile.push(await write(name));
    rejectionFiles.push(join(dir, name));
  }
  await write('corrections.csv');
  let outcomes: string[] | undefined;
  if (opts.outcomes) {
    outcomes = [];
    for (const f of s.files) {
      const name = reportName('outcomes', s.files, f);
      await write(name);
      outcomes.push(join(dir, name));
    }
  }
  if (s.undo?.at) await write('undo.csv');
  // The reports' own time, when the caller counts it (an import run here): up to now.
  if (opts.started !== undefined && s.plan) {
    const report = Math.round(performance.now() - opts.started);
    s.plan = { ...s.plan, timings: { ...s.plan.timings, report } };
  }
  await write('summary.json');
  return {
    dir,
    summary: join(dir, 'summary.json'),
    rejections: rejectionFiles[0] ?? join(dir, 'rejections.csv'),
    rejectionFiles,
    rejectedPerFile,
    corrections: join(dir, 'corrections.csv'),
    ...(outcomes ? { outcomes } : {}),
  };
}
