import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImportOptions } from '../core/options.js';
import type { Store } from '../store/connect.js';
import { reportName } from './report-names.js';
import type { ImportStatus } from '../store/imports.js';
import { correctionCounts, issueCounts } from '../store/report-rows.js';
import type { Counts, FileResult, ImportResult, SkippedMember, WriteStep } from './import-types.js';
import {
  writeCorrections,
  writeOutcomes,
  writeRejections,
  writeSummary,
  type AbortReason,
  type ReportFile,
} from './reports.js';

/**
 * The reports of an import, from its staged rows: a rejection file per source file,
 * outcomes when asked (always on dry runs and validations), corrections, and the
 * summary. Written after a one-shot run, after a validation, and again after the
 * commit of a validated import.
 */
export interface ReportRequest {
  id: string;
  workspace: string;
  dir: string;
  files: ReportFile[];
  fileResults: FileResult[];
  skipped: SkippedMember[];
  status: ImportStatus;
  counts: Counts;
  planned: Counts;
  order: WriteStep[];
  options: ImportOptions;
  outcomes: boolean;
  abort?: AbortReason;
  error?: string;
  timings: ImportResult['timings'];
}

export async function writeReports(store: Store, r: ReportRequest): Promise<ImportResult> {
  const { id, dir, files } = r;
  await mkdir(dir, { recursive: true });
  const rejectionFiles: string[] = [];
  const rejectedPerFile: number[] = [];
  for (const f of files) {
    const path = join(dir, reportName('rejections', files, f));
    rejectedPerFile.push(await writeRejections(store, id, f, path, r.abort));
    rejectionFiles.push(path);
  }
  let outcomeFiles: string[] | undefined;
  if (r.outcomes) {
    outcomeFiles = [];
    for (const f of files) {
      const path = join(dir, reportName('outcomes', files, f));
      await writeOutcomes(store, id, f, path, r.order);
      outcomeFiles.push(path);
    }
  }
  const correctionsPath = join(dir, 'corrections.csv');
  await writeCorrections(store, id, files, correctionsPath);
  const issues = await issueCounts(store, id);
  if (r.abort) issues[r.abort.code] = r.counts.rejected - r.planned.rejected;
  const result: ImportResult = {
    import: { id, status: r.status },
    skipped: r.skipped,
    files: r.fileResults,
    counts: r.counts,
    planned: r.planned,
    issues,
    corrections: await correctionCounts(store, id),
    order: r.order,
    reports: {
      dir,
      summary: join(dir, 'summary.json'),
      rejections: rejectionFiles[0]!,
      rejectionFiles,
      rejectedPerFile,
      corrections: correctionsPath,
      ...(outcomeFiles ? { outcomes: outcomeFiles } : {}),
    },
    ...(r.error ? { error: r.error } : {}),
    timings: r.timings,
  };
  await writeSummary(dir, {
    ...result,
    workspace: r.workspace,
    options: r.options,
    finishedAt: new Date().toISOString(),
  });
  return result;
}

/** Every row refused, for an atomic import that writes nothing. */
export function allRefused(planned: Counts): Counts {
  return {
    rows: planned.rows,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    rejected: planned.rows,
  };
}
