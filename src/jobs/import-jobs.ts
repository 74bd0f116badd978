import { IntakeError } from '../core/codes.js';
import type { Store } from '../store/connect.js';
import { clearImportRows } from '../store/imports.js';
import { saveProgress, transition } from '../store/lifecycle.js';
import type { Job } from '../store/queue.js';
import { CommitCancelled } from '../store/commit.js';
import { commitHeld } from './import-commit.js';
import { runImport } from './import-run.js';
import type { ImportResult, Progress } from './import-types.js';
import {
  localFiles,
  queueCommit,
  saveError,
  sourcesOf,
  statusOf,
  submission,
  type LifecycleContext,
} from './lifecycle.js';

/** The two jobs of an import, as the worker runs them: validate, then commit. */

/** A user error (a file of unknown type, a bad option) will not pass on a retry. */
function permanent(e: unknown): boolean {
  return e instanceof IntakeError && e.code !== 'INTAKE_E_DATABASE' && e.code !== 'INTAKE_E_FETCH';
}

function progressSaver(store: Store, id: string): (p: Progress) => void {
  let last = 0;
  // When the current phase began: with `at`, a reader gets the rate from one reading.
  let phase: string | undefined;
  let since = 0;
  return (p) => {
    const now = Date.now();
    if (p.phase !== phase) {
      phase = p.phase;
      since = now;
    }
    if (now - last < 500 && p.phase !== 'commit' && p.phase !== 'report') return;
    last = now;
    saveProgress(store, id, {
      ...p,
      at: new Date(now).toISOString(),
      since: new Date(since).toISOString(),
    }).catch(() => {});
  };
}

/** Run one claimed job. Throws to have the queue retry it. */
export async function runJob(ctx: LifecycleContext, job: Job): Promise<void> {
  if (job.kind === 'validate') await validate(ctx, job);
  else await commit(ctx, job);
}

async function validate(ctx: LifecycleContext, job: Job): Promise<void> {
  const id = job.importId;
  const sub = await submission(ctx.store, id);
  await localFiles(ctx, id, sub);
  let result: ImportResult;
  try {
    result = await runImport(ctx.store, ctx.registry, {
      ...ctx.base,
      files: sourcesOf(ctx, sub),
      inline: sub.inline,
      entity: sub.entity,
      workspace: sub.workspace,
      options: { ...sub.options, dryRun: false },
      reportDir: ctx.reportDir,
      workDir: ctx.workDir,
      importId: id,
      hold: true,
      onProgress: progressSaver(ctx.store, id),
    });
  } catch (e) {
    if ((await statusOf(ctx.store, id)) === 'cancelled') {
      await clearImportRows(ctx.store, id);
      return;
    }
    if (!permanent(e) && job.attempts < job.maxAttempts) throw e;
    const message = e instanceof Error ? e.message : String(e);
    await saveError(ctx.store, id, message);
    await transition(ctx.store, id, {
      from: ['validating'],
      to: 'failed',
      actor: 'system',
      note: message,
    });
    await ctx.onFinished?.(id, undefined);
    return;
  }
  if ((await statusOf(ctx.store, id)) === 'cancelled') {
    await clearImportRows(ctx.store, id);
    return;
  }
  if (result.import.status === 'failed') {
    await transition(ctx.store, id, {
      from: ['validating'],
      to: 'failed',
      actor: 'system',
      note: result.error,
    });
    await ctx.onFinished?.(id, result);
    return;
  }
  const planned = `${result.planned.rows} rows: ${result.planned.created} to create, ${result.planned.updated} to update, ${result.planned.rejected} refused`;
  if (sub.options.dryRun) {
    // A dry run through the service: the plan and its reports, and nothing more.
    await transition(ctx.store, id, {
      from: ['validating'],
      to: 'dry_run',
      actor: 'system',
      note: planned,
    });
    await clearImportRows(ctx.store, id);
    await ctx.onFinished?.(id, result);
    return;
  }
  if (sub.approval) {
    await transition(ctx.store, id, {
      from: ['validating'],
      to: 'awaiting_approval',
      actor: 'system',
      note: planned,
    });
    return;
  }
  await queueCommit(ctx, id, 'system', planned);
}

async function commit(ctx: LifecycleContext, job: Job): Promise<void> {
  const id = job.importId;
  // A job taken again after its worker died finds its import running already.
  const status = await statusOf(ctx.store, id);
  if (status !== 'running') {
    await transition(ctx.store, id, {
      from: ['queued'],
      to: 'running',
      actor: 'system',
      note: job.attempts > 1 ? `attempt ${job.attempts}` : undefined,
    });
  }
  let result: ImportResult;
  const stopped = async () => {
    await clearImportRows(ctx.store, id);
    await ctx.onFinished?.(id, undefined);
  };
  try {
    result = await commitHeld(ctx.store, ctx.registry, {
      importId: id,
      reportDir: ctx.reportDir,
      commitChunkRows: ctx.commitChunkRows,
      finalAttempt: job.attempts >= job.maxAttempts,
      onProgress: progressSaver(ctx.store, id),
    });
  } catch (e) {
    if (e instanceof CommitCancelled || (await statusOf(ctx.store, id)) === 'cancelled') {
      return stopped();
    }
    const message = e instanceof Error ? e.message : String(e);
    if (job.attempts < job.maxAttempts) {
      await transition(ctx.store, id, {
        from: ['running'],
        to: 'queued',
        actor: 'system',
        note: `attempt ${job.attempts} of ${job.maxAttempts} failed, retrying: ${message}`,
      });
      throw e;
    }
    await saveError(ctx.store, id, message);
    await transition(ctx.store, id, {
      from: ['running'],
      to: 'failed',
      actor: 'system',
      note: message,
    });
    await clearImportRows(ctx.store, id);
    await ctx.onFinished?.(id, undefined);
    return;
  }
  if ((await statusOf(ctx.store, id)) === 'cancelled') return stopped(); // partial: stopped mid-way
  await transition(ctx.store, id, {
    from: ['running'],
    to: result.import.status,
    actor: 'system',
    note: result.error,
  });
  await ctx.onFinished?.(id, result);
}
