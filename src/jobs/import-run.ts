import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ImportOptions } from '../core/options.js';
import type { Store } from '../store/connect.js';
import type { ImportContext, ImportSubmission } from './import-context.js';
import { failureOf, isSettled } from './failures.js';
import { saveError, statusOf } from './import-context.js';
import { storedImport } from './import-commit.js';
import { cancelImport } from './import-decisions.js';
import { unconfirmedErase } from './import-erase.js';
import { commitJob, validateJob, type Attempt, type Next, type RunOptions } from './import-jobs.js';
import { importSummary, renderReports } from './import-report.js';
import { submitImport } from './import-submit.js';
import type { ImportResult, Progress } from './import-types.js';

export type * from './import-types.js';

/**
 * An import run where it is asked (the CLI), through the same steps as the service's
 * jobs: the import is created with its first event and audit row, validated, decided
 * and committed by the same functions, one after the other in this process, then its
 * reports are rendered from the database into the report folder. It shows in the API,
 * the UI's history and the audit log like any other.
 */
export function newImportId(): string {
  const t = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `imp-${t}-${randomBytes(3).toString('hex')}`;
}

export interface LocalImport {
  files: string[];
  inline?: string;
  entity?: string;
  workspace: string;
  /** Who runs it: `cli:<os user>`. */
  actor: string;
  options: Partial<ImportOptions>;
  /** Write the per-row outcome files even for a real run (always on a dry run). */
  outcomes?: boolean;
  reportDir: string;
  onProgress?: (p: Progress) => void;
  /** Pause between tries of a job that failed for a passing reason. */
  backoffMs: number;
  maxAttempts: number;
}

export async function runHere(ctx: ImportContext, call: LocalImport): Promise<ImportResult> {
  const id = newImportId();
  const sub: ImportSubmission = {
    workspace: call.workspace,
    actor: call.actor,
    files: call.files,
    names: call.files.map((f) => f.split(/[\\/]/).pop()!),
    inline: call.inline,
    entity: call.entity,
    options: call.options,
    approval: false,
  };
  await submitImport(ctx, id, sub, true);
  // While this process works, the import is seen alive: a worker's sweep gives a
  // job back only to imports left untouched for a minute (a CLI that died).
  const beat = setInterval(() => touch(ctx.store, id).catch(() => {}), 15_000);
  try {
    const run: RunOptions = { inProcess: true, rethrow: true, onProgress: call.onProgress };
    let next: Next = 'validate';
    while (next) {
      const job = next === 'validate' ? validateJob : commitJob;
      next = await withRetries(call, (attempt) => job(ctx, id, attempt, run));
    }
    await unconfirmedHere(ctx, call, id);
  } finally {
    clearInterval(beat);
  }
  call.onProgress?.({ phase: 'report', rows: 0, total: 0 });
  const started = performance.now();
  const summary = await importSummary(ctx.store, id);
  // The import's status is final already and says what was written; a report folder
  // that cannot be written (a full disk) changes nothing of it: it is said apart.
  const dir = join(call.reportDir, id);
  try {
    const reports = await renderReports(ctx.store, id, dir, {
      outcomes: call.options.dryRun === true || call.outcomes === true,
      started,
    });
    const report = Math.round(performance.now() - started);
    return { ...summary, timings: { ...summary.timings, report }, reports };
  } catch (e) {
    return {
      ...summary,
      reports: {
        dir,
        summary: join(dir, 'summary.json'),
        rejections: join(dir, 'rejections.csv'),
        rejectionFiles: [],
        rejectedPerFile: [],
        corrections: join(dir, 'corrections.csv'),
      },
      reportError: `the reports could not be written to ${dir}: ${failureOf(e).message}; \`intake report ${id}\` writes them again`,
    };
  }
}

/** A job's tries in this process, with the queue's backoff between them. */
async function withRetries(
  call: LocalImport,
  job: (attempt: Attempt) => Promise<Next>,
): Promise<Next> {
  for (let n = 1; ; n++) {
    try {
      return await job({ n, max: call.maxAttempts });
    } catch (e) {
      if (n >= call.maxAttempts || isSettled(e)) throw e;
      await new Promise((r) => setTimeout(r, call.backoffMs * 2 ** (n - 1)));
    }
  }
}

/**
 * Here nobody approves: an import left waiting is an erase not confirmed with its
 * number. It is cancelled, nothing written, and says how to confirm it.
 */
async function unconfirmedHere(ctx: ImportContext, call: LocalImport, id: string): Promise<void> {
  if ((await statusOf(ctx.store, id)) !== 'awaiting_approval') return;
  const { plan, options } = await storedImport(ctx.store, id);
  await cancelImport(ctx, call.workspace, id, call.actor);
  await saveError(ctx.store, id, failureOf(unconfirmedErase(plan.planned, options.confirmErase)));
}

async function touch(store: Store, id: string): Promise<void> {
  await store.db
    .updateTable('intake_import')
    .set({ updated_at: store.profile.now })
    .where('id', '=', id)
    .execute();
}
