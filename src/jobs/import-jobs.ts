import { IntakeError } from '../core/codes.js';
import { approverNeeded } from '../core/workspace-settings.js';
import { workspaceSettings } from '../store/workspaces.js';
import type { Store } from '../store/connect.js';
import { clearValidation, dropStaging, saveCounts } from '../store/imports.js';
import { recordNote, saveProgress, transition } from '../store/import-status.js';
import type { Job } from '../store/queue.js';
import { CommitCancelled } from '../store/commit.js';
import {
  NO_COUNTS,
  dropRowResults,
  writes,
  writtenCounts,
  type Counts,
} from '../store/row-results.js';
import { commitHeld, storedImport } from './import-commit.js';
import { validateImport } from './import-validate.js';
import type { AbortReason, ImportPlan, Progress } from './import-types.js';
import {
  enqueueJob,
  localFiles,
  saveError,
  sourcesOf,
  statusOf,
  submission,
  type ImportContext,
} from './import-context.js';
import { failureOf, settle, transient } from './failures.js';
import { undoJob } from './import-undo.js';
import { stageJob } from './stage-job.js';
import { eraseConfirmed, eraseFiles } from './import-erase.js';

/**
 * The jobs of an import, each the work and the status moves around it: validate,
 * commit, undo. The worker runs them from the queue; the CLI runs the same functions
 * in its own process (`inProcess`), one after the other.
 */
export interface Attempt {
  /** This attempt's number, from 1. */
  n: number;
  max: number;
}

export interface RunOptions {
  /** Run the next job here rather than queue it (the CLI). */
  inProcess?: boolean;
  /** Throw a permanent failure on (after recording it), for the CLI's exit code. */
  rethrow?: boolean;
  /** The worker is shutting down: stop at the next chunk; the job is taken again later. */
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** The queue's job being run: a large validation shares its staging with other workers. */
  job?: { id: string; attempts: number };
}

/** What should run next, when the caller runs jobs itself. */
export type Next = 'commit' | 'validate' | undefined;

/** Run one claimed job. Throws to have the queue retry it. */
export async function runJob(
  ctx: ImportContext,
  job: Job,
  signal?: AbortSignal,
  beat?: () => void,
): Promise<void> {
  const attempt = { n: job.attempts, max: job.maxAttempts };
  const run: RunOptions = { signal, onProgress: beat };
  if (job.kind === 'validate')
    await validateJob(ctx, job.importId, attempt, {
      ...run,
      job: { id: job.id, attempts: job.attempts },
    });
  else if (job.kind === 'commit') await commitJob(ctx, job.importId, attempt, run);
  else if (job.kind === 'stage') await stageJob(ctx, job, signal, beat);
  else await undoJob(ctx, job.importId, attempt, run);
}

export function progressSaver(
  store: Store,
  id: string,
  also?: (p: Progress) => void,
): (p: Progress) => void {
  let last = 0;
  // When the current phase began: with `at`, a reader gets the rate from one reading.
  let phase: string | undefined;
  let since = 0;
  return (p) => {
    also?.(p);
    const now = Date.now();
    if (p.phase !== phase) {
      phase = p.phase;
      since = now;
    }
    if (now - last < 500 && p.phase !== 'commit') return;
    last = now;
    saveProgress(store, id, {
      ...p,
      at: new Date(now).toISOString(),
      since: new Date(since).toISOString(),
    }).catch(() => {});
  };
}

/**
 * An approver let this import through already (it is validated again after a crash
 * emptied its staging): the same files, approved once, are not held again.
 */
async function approvedBefore(ctx: ImportContext, id: string): Promise<boolean> {
  // Only a validation the system started again (not a replay with other settings).
  const last = await ctx.store.db
    .selectFrom('intake_import_event')
    .select('from_status')
    .where('import_id', '=', id)
    .where('to_status', '=', 'validating')
    .orderBy('at', 'desc')
    .executeTakeFirst();
  if (last?.from_status !== 'queued' && last?.from_status !== 'running') return false;
  const approved = await ctx.store.db
    .selectFrom('intake_import_event')
    .select('import_id')
    .where('import_id', '=', id)
    .where('from_status', '=', 'awaiting_approval')
    .where('to_status', '=', 'queued')
    .executeTakeFirst();
  return approved !== undefined;
}

/** A job tried again says so in the import's history (its worker may have died). */
async function noteAttempt(ctx: ImportContext, id: string, attempt: Attempt): Promise<void> {
  await recordNote(
    ctx.store,
    id,
    'system',
    `attempt ${attempt.n} of ${attempt.max}: the previous one stopped (its worker died, or the database failed)`,
  );
}

/** Counts once an import ended: what the database took, or nothing when it all aborted. */
async function endCounts(store: Store, id: string, abort?: AbortReason): Promise<Counts> {
  const c = await writtenCounts(store, id);
  if (!abort?.all) return c;
  return { ...NO_COUNTS, rows: c.rows, rejected: c.rows };
}

/** The import ends without writing the planned rows left: say why, keep the truth. */
async function endWith(
  ctx: ImportContext,
  id: string,
  plan: ImportPlan,
  abort: AbortReason,
  error?: string,
): Promise<void> {
  const next = { ...plan, abort };
  await saveCounts(ctx.store, id, {
    counts: await endCounts(ctx.store, id, abort),
    plan: next,
    ...(error ? { error, errorCode: abort.code } : {}),
  });
}

export async function validateJob(
  ctx: ImportContext,
  id: string,
  attempt: Attempt,
  run: RunOptions = {},
): Promise<Next> {
  const sub = await submission(ctx.store, id);
  if (attempt.n > 1) await noteAttempt(ctx, id, attempt);
  // A cancel stops the reading at its next chunk, as a worker shutting down does.
  const stop = new AbortController();
  const abort = () => stop.abort(new Error('stopped'));
  run.signal?.addEventListener('abort', abort);
  const watch = setInterval(() => {
    statusOf(ctx.store, id)
      .then((s) => s === 'cancelled' && abort())
      .catch(() => {});
  }, 1000);
  let validated;
  try {
    await localFiles(ctx, id, sub);
    validated = await validateImport(ctx.store, ctx.registry, {
      ...ctx.base,
      importId: id,
      files: sourcesOf(ctx, sub),
      inline: sub.inline,
      entity: sub.entity,
      workspace: sub.workspace,
      options: { ...sub.options, dryRun: false },
      workDir: ctx.workDir,
      onProgress: progressSaver(ctx.store, id, run.onProgress),
      signal: stop.signal,
      ...(run.job
        ? {
            scaleOut: {
              queue: ctx.queue,
              job: run.job,
              chunkRows: ctx.stageChunkRows,
              helpers: ctx.stageHelpers,
            },
          }
        : {}),
    });
  } catch (e) {
    if (run.signal?.aborted) throw e; // shutting down: the job goes back to the queue
    if ((await statusOf(ctx.store, id)) === 'cancelled') {
      await dropRowResults(ctx.store, id);
      return undefined;
    }
    // A bad file or a bad option will not pass on a retry; a lost connection may.
    if (transient(e) && attempt.n < attempt.max) throw e;
    const failure = failureOf(e);
    await saveError(ctx.store, id, failure);
    await transition(ctx.store, id, 'fail', {
      actor: 'system',
      note: `${failure.code}: ${failure.message}`,
    });
    await ctx.onFinished?.(id);
    if (run.rethrow)
      throw settle(e instanceof IntakeError ? e : new IntakeError(failure.code, failure.message));
    return undefined;
  } finally {
    clearInterval(watch);
    run.signal?.removeEventListener('abort', abort);
  }
  if ((await statusOf(ctx.store, id)) === 'cancelled') {
    await clearValidation(ctx.store, id);
    await dropRowResults(ctx.store, id);
    return undefined;
  }
  const { plan, options } = validated;
  const p = plan.planned;
  // A validation after fixes alone says how little it cleaned again (import-recheck.ts).
  const again =
    plan.rechecked === undefined
      ? ''
      : `; after the fixes, ${plan.rechecked} rows checked again, the others kept`;
  const planned = plannedNote(p) + again;
  if (sub.options.dryRun) {
    // A dry run: the plan and its row results, and nothing more.
    await transition(ctx.store, id, 'validated', { to: 'dry_run', actor: 'system', note: planned });
    await dropStaging(ctx.store, id);
    await ctx.onFinished?.(id);
    return undefined;
  }
  if (options.commit === 'atomic' && p.rejected > 0) {
    const error = `${p.rejected} of ${p.rows} rows were refused; atomic commit: nothing was written`;
    await endWith(
      ctx,
      id,
      plan,
      {
        code: 'INTAKE_E_COMMIT_ABORTED',
        message: 'not written: other rows of this atomic import were refused',
        all: true,
      },
      error,
    );
    await transition(ctx.store, id, 'fail', { actor: 'system', note: error + again });
    // Held for its importer's review (the web wizard), whose next step is most likely a
    // fix: the staged rows stay for a validation again of the fixed rows alone
    // (import-recheck.ts), until a replay, a reopen or the purge of its files.
    if (!sub.review) await dropStaging(ctx.store, id);
    await ctx.onFinished?.(id);
    return undefined;
  }
  if (!eraseConfirmed(p, options.confirmErase)) {
    // Irreversible, and not confirmed with the number it erases: it waits for that.
    await transition(ctx.store, id, 'validated', {
      to: 'awaiting_approval',
      actor: 'system',
      note: `${planned}; waiting for the erase of ${p.erased} records to be confirmed with that number`,
    });
    return undefined;
  }
  // Held for an approver when a rule says so; held for its importer's own review when
  // asked (the web wizard); otherwise it goes on to be written.
  const rule = approverNeeded(
    sub.approval,
    await workspaceSettings(ctx.store, sub.workspace),
    p.rows,
  );
  if ((rule || sub.review) && !(await approvedBefore(ctx, id))) {
    await ctx.store.db
      .updateTable('intake_import')
      .set({ approval: rule ? 'required' : 'review' })
      .where('id', '=', id)
      .execute();
    await transition(ctx.store, id, 'validated', {
      to: 'awaiting_approval',
      actor: 'system',
      note: rule ? `${planned}; needs an approver: ${rule}` : planned,
    });
    return undefined;
  }
  await transition(ctx.store, id, 'validated', { to: 'queued', actor: 'system', note: planned });
  if (run.inProcess) return 'commit';
  await enqueueJob(ctx, ctx.store.db, { kind: 'commit', importId: id });
  return undefined;
}

export async function commitJob(
  ctx: ImportContext,
  id: string,
  attempt: Attempt,
  run: RunOptions = {},
): Promise<Next> {
  // A job taken again after its worker died finds its import running already.
  if ((await statusOf(ctx.store, id)) === 'running') {
    await noteAttempt(ctx, id, attempt);
  } else {
    await transition(ctx.store, id, 'start', {
      actor: 'system',
      note: attempt.n > 1 ? `attempt ${attempt.n} of ${attempt.max}` : undefined,
    });
  }
  const stored = await storedImport(ctx.store, id);
  const progress = progressSaver(ctx.store, id, run.onProgress);
  let ms: number;
  try {
    // Validated by a version that kept no plan: validate again (staging is checked too).
    if (!stored.plan) {
      throw new IntakeError(
        'INTAKE_E_STAGING_LOST',
        'this import has no plan kept: validating again',
      );
    }
    ({ ms } = await commitHeld(ctx.store, ctx.registry, {
      importId: id,
      hashKey: ctx.secrets.sign('anonymize'),
      commitChunkRows: ctx.commitChunkRows,
      onProgress: progress,
    }));
  } catch (e) {
    if (e instanceof CommitCancelled || (await statusOf(ctx.store, id)) === 'cancelled') {
      await cancelled(ctx, id, stored.plan);
      return undefined;
    }
    if (e instanceof IntakeError && e.code === 'INTAKE_E_STAGING_LOST') {
      // The plan's rows are gone from staging: validate again from the kept files
      // (what was written already stays written, and is found as it is).
      await transition(ctx.store, id, 'revalidate', { actor: 'system', note: e.message });
      if (run.inProcess) return 'validate';
      await enqueueJob(ctx, ctx.store.db, { kind: 'validate', importId: id });
      return undefined;
    }
    const failure = failureOf(e);
    if (attempt.n < attempt.max) {
      await transition(ctx.store, id, 'retry', {
        actor: 'system',
        note: `attempt ${attempt.n} of ${attempt.max} failed, retrying: ${failure.message}`,
      });
      throw e;
    }
    const atomic = stored.options.commit === 'atomic';
    const error = atomic
      ? `the database refused the atomic commit, nothing was written: ${failure.message}`
      : `the database refused the commit; the rows not written are refused: ${failure.message}`;
    await endWith(
      ctx,
      id,
      stored.plan,
      { code: 'INTAKE_E_COMMIT_FAILED', message: error, all: atomic },
      error,
    );
    await transition(ctx.store, id, 'fail', { actor: 'system', note: error });
    await dropStaging(ctx.store, id);
    await ctx.onFinished?.(id);
    return undefined;
  }
  if ((await statusOf(ctx.store, id)) === 'cancelled') {
    await cancelled(ctx, id, stored.plan); // partial: stopped mid-way
    return undefined;
  }
  const counts = await endCounts(ctx.store, id);
  const planned = stored.plan.planned;
  progress({ phase: 'commit', rows: writes(counts), total: writes(planned) });
  await saveCounts(ctx.store, id, {
    counts,
    plan: { ...stored.plan, timings: { ...stored.plan.timings, commit: ms } },
  });
  if (counts.erased > 0) await eraseFiles(ctx, id, await submission(ctx.store, id), counts.erased);
  // A file refused whole (the others went on) is an issue too.
  const refusedFiles = stored.plan.skipped.some((s) => s.code.startsWith('INTAKE_E_'));
  await transition(ctx.store, id, 'finish', {
    to: counts.rejected > 0 || refusedFiles ? 'completed_with_issues' : 'completed',
    actor: 'system',
  });
  await dropStaging(ctx.store, id);
  await ctx.onFinished?.(id);
  return undefined;
}

/** Cancelled while writing: what was written stays (partial) or was rolled back (atomic). */
async function cancelled(ctx: ImportContext, id: string, plan: ImportPlan): Promise<void> {
  await endWith(ctx, id, plan, {
    code: 'INTAKE_E_CANCELLED',
    message: 'not written: the import was cancelled before this row was written',
    all: false,
  });
  await dropStaging(ctx.store, id);
  await ctx.onFinished?.(id);
}

/** The plan in one line, for the import's history: only the kinds of rows it has. */
function plannedNote(p: Counts): string {
  const parts = (
    [
      ['created', 'to create'],
      ['updated', 'to update'],
      ['inactivated', 'to inactivate'],
      ['reactivated', 'to reactivate'],
      ['anonymized', 'to anonymize'],
      ['deleted', 'to delete'],
      ['erased', 'to erase'],
    ] as const
  )
    .filter(([k], i) => i < 2 || p[k] > 0)
    .map(([k, words]) => `${p[k]} ${words}`);
  return `${p.rows} rows: ${[...parts, `${p.rejected} refused`].join(', ')}`;
}
