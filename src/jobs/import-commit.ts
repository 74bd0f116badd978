import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IntakeError } from '../core/codes.js';
import type { ImportOptions } from '../core/options.js';
import type { Registry } from '../core/registry.js';
import { DELIMITERS } from '../sources/csv/detect.js';
import { CommitCancelled, commitImport } from '../store/commit.js';
import type { Store } from '../store/connect.js';
import { saveCounts, type ImportStatus } from '../store/imports.js';
import { dropStaging } from '../store/report-rows.js';
import { allRefused, writeReports } from './import-report.js';
import { countOutcomes, writeOrder } from './import-run.js';
import type { ImportResult, Progress } from './import-types.js';
import type { AbortReason, ReportFile } from './reports.js';

/**
 * The second step of a validated import (SPEC J1, C1): its rows wait in staging with
 * their plan; this writes them, then the reports again with what was written. It is
 * safe to run twice: an atomic commit marks the import in its own transaction, and a
 * partial one marks each chunk it wrote, so a retry after a crash writes nothing twice.
 */
export interface HeldCommit {
  importId: string;
  reportDir: string;
  commitChunkRows?: number;
  /** The last try: a refused atomic commit then fails the import instead of throwing for a retry. */
  finalAttempt: boolean;
  onProgress?: (p: Progress) => void;
}

export async function commitHeld(
  store: Store,
  registry: Registry,
  req: HeldCommit,
): Promise<ImportResult> {
  const id = req.importId;
  const row = await store.db
    .selectFrom('intake_import')
    .select(['workspace_id', 'entities', 'options', 'committed_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new IntakeError('INTAKE_E_NOT_FOUND', `no import ${id}`);
  const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  const options = json<ImportOptions>(row.options);
  const entities = String(row.entities)
    .split(',')
    .map((e) => registry.get(e));
  const dir = join(req.reportDir, id);
  // What validation learnt about the files is in its summary.
  const validated = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as ImportResult;
  const fileRows = await store.db
    .selectFrom('intake_import_file')
    .select(['file_no', 'name', 'entity', 'header', 'facts'])
    .where('import_id', '=', id)
    .orderBy('file_no')
    .execute();
  const files: ReportFile[] = fileRows.map((f) => {
    const facts = json<{ delimiter: string }>(f.facts);
    return {
      fileNo: Number(f.file_no),
      name: f.name,
      entity: registry.get(f.entity),
      header: json<string[]>(f.header),
      delimiter: DELIMITERS.includes(facts.delimiter) ? facts.delimiter : ',',
    };
  });

  const started = performance.now();
  const planned = validated.planned;
  let status: ImportStatus;
  let abort: AbortReason | undefined;
  let error: string | undefined;
  let counts = planned;
  try {
    if (!(options.commit === 'atomic' && row.committed_at)) {
      let written = 0;
      req.onProgress?.({ phase: 'commit', rows: 0, total: planned.rows });
      await commitImport(store, {
        importId: id,
        workspace: row.workspace_id,
        entities,
        mode: options.commit,
        chunkRows: req.commitChunkRows,
        cancellable: true,
        // Row numbers spanned by the chunks so far: an upper bound of the rows written.
        onChunk: (n) =>
          req.onProgress?.({ phase: 'commit', rows: (written += n), total: planned.rows }),
      });
    }
    counts = await countOutcomes(store, entities, id);
    status = counts.rejected > 0 ? 'completed_with_issues' : 'completed';
  } catch (e) {
    if (e instanceof CommitCancelled) throw e;
    // A lost connection or a locked table may pass on a retry; the job retries.
    if (options.commit !== 'atomic' || !req.finalAttempt) throw e;
    // The database refused the one transaction every time: nothing was written.
    status = 'failed';
    error = `the database refused the atomic commit, nothing was written: ${(e as Error).message}`;
    abort = { code: 'INTAKE_E_COMMIT_FAILED', message: error };
    counts = allRefused(planned);
  }
  const commitMs = Math.round(performance.now() - started);
  req.onProgress?.({ phase: 'report', rows: counts.rows, total: planned.rows });
  const result = await writeReports(store, {
    id,
    workspace: row.workspace_id,
    dir,
    files,
    fileResults: validated.files,
    skipped: validated.skipped,
    status,
    counts,
    planned,
    order: await writeOrder(store, entities, id),
    options,
    // The service reads row outcomes from these files once staging is gone.
    outcomes: true,
    abort,
    error,
    timings: { ...validated.timings, commit: commitMs },
  });
  await saveCounts(store, id, { counts, error });
  await dropStaging(store, entities, id);
  return result;
}
