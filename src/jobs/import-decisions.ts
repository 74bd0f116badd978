import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { IntakeError } from '../core/codes.js';
import { audit } from '../store/audit.js';
import { clearValidation, dropStaging, saveCounts } from '../store/imports.js';
import { transition } from '../store/import-status.js';
import { pending } from '../store/queue.js';
import { ROLES, type Role } from '../store/tokens.js';
import { dropBlobs } from '../store/blobs.js';
import { dropRowResults, writtenCounts } from '../store/row-results.js';
import { storedImport } from './import-commit.js';
import { statusBeforeUndo } from './import-undo.js';
import { eraseConfirmed, unconfirmedErase } from './import-erase.js';
import {
  changedSubmission,
  enqueueJob,
  isUrl,
  localFiles,
  ownImport,
  saveError,
  type DraftChange,
  type ImportContext,
  type ImportSubmission,
} from './import-context.js';

/** What people decide about an import: approve, reject, cancel, replay; and the purges. */

/**
 * A validated import is let be written: by an approver, or by an importer when only
 * its own review held it (no rule of the workspace or request wants an approver).
 */
export async function approveImport(
  ctx: ImportContext,
  workspace: string,
  id: string,
  actor: string,
  /** The number of records the import erases, when it erases any (import-erase.ts). */
  confirmErase?: number,
  /** The role of who approves; absent: trusted (the CLI, the system). */
  role?: Role,
): Promise<void> {
  await ownImport(ctx.store, workspace, id);
  if (role && ROLES.indexOf(role) < ROLES.indexOf('approver')) {
    const held = await ctx.store.db
      .selectFrom('intake_import')
      .select('approval')
      .where('id', '=', id)
      .executeTakeFirst();
    if (held?.approval !== 'review') {
      throw new IntakeError(
        'INTAKE_E_FORBIDDEN',
        `import ${id} needs an approver: the approver role can approve it, the ${role} role cannot`,
        { need: 'approver', role },
      );
    }
  }
  const stored = await storedImport(ctx.store, id);
  const planned = stored.plan?.planned;
  const confirmed = confirmErase ?? stored.options?.confirmErase;
  if (planned && !eraseConfirmed(planned, confirmed)) throw unconfirmedErase(planned, confirmed);
  await transition(ctx.store, id, 'approve', {
    actor,
    note: planned?.erased ? `approved, erasing ${planned.erased} records` : 'approved',
  });
  await enqueueJob(ctx, ctx.store.db, { kind: 'commit', importId: id });
  await audit(ctx.store, {
    workspace,
    actor,
    action: 'import.approve',
    target: id,
    ...(planned?.erased ? { details: { confirmErase: planned.erased } } : {}),
  });
}

/**
 * Nothing of a validated import will be written (rejected, or cancelled before its
 * commit): its planned rows are refused with that reason, its staging dropped.
 */
async function notWritten(ctx: ImportContext, id: string, message: string): Promise<void> {
  const stored = await storedImport(ctx.store, id);
  await dropStaging(ctx.store, id);
  if (!stored.plan) return;
  const abort = { code: 'INTAKE_E_CANCELLED', message, all: false };
  await saveCounts(ctx.store, id, {
    counts: await writtenCounts(ctx.store, id),
    plan: { ...stored.plan, abort },
  });
}

/** An approver refuses a validated import, with a reason; nothing is written. */
export async function rejectImport(
  ctx: ImportContext,
  workspace: string,
  id: string,
  actor: string,
  reason: string,
): Promise<void> {
  await ownImport(ctx.store, workspace, id);
  await transition(ctx.store, id, 'reject', { actor, note: `rejected: ${reason}` });
  await notWritten(ctx, id, `not written: the import was rejected (${reason})`);
  await audit(ctx.store, {
    workspace,
    actor,
    action: 'import.reject',
    target: id,
    details: { reason },
  });
  await ctx.onFinished?.(id);
}

/**
 * Cancel: at once when nothing runs (draft, awaiting approval, queued); a running job
 * sees it at its next check and stops: an atomic commit rolls back, so nothing is
 * written; a partial one keeps the chunks already written. Once an atomic commit has
 * gone through, it is too late.
 */
export async function cancelImport(
  ctx: ImportContext,
  workspace: string,
  id: string,
  actor: string,
): Promise<void> {
  await ownImport(ctx.store, workspace, id);
  const was = await transition(ctx.store, id, 'cancel', { actor });
  const job = await ctx.store.db
    .selectFrom('intake_import')
    .select('job_id')
    .where('id', '=', id)
    .executeTakeFirst();
  if (job?.job_id) await ctx.queue.cancel(job.job_id);
  // A running job settles its own rows when it stops.
  if (was === 'awaiting_approval' || was === 'queued') {
    await notWritten(ctx, id, 'not written: the import was cancelled before its commit');
  } else if (was === 'draft' || was === 'incomplete') {
    await clearValidation(ctx.store, id);
  }
  await audit(ctx.store, { workspace, actor, action: 'import.cancel', target: id });
}

/**
 * Run a failed import again (SPEC C5), from its kept files, optionally with another
 * entity type, mapping or options: for `replayDays` after it failed; after that its
 * files are purged and it cannot. An import awaiting approval can be validated again
 * the same way (the web UI's "choose the date order").
 */
export async function replayImport(
  ctx: ImportContext,
  workspace: string,
  id: string,
  actor: string,
  change: DraftChange,
): Promise<void> {
  await ownImport(ctx.store, workspace, id);
  const row = await ctx.store.db
    .selectFrom('intake_import')
    .select(['status', 'finished_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const since = row.finished_at ? Date.now() - new Date(row.finished_at).getTime() : 0;
  if (row.status === 'failed' && since > ctx.replayDays * 86_400_000) {
    throw new IntakeError(
      'INTAKE_E_IMPORT_STATE',
      `import ${id} failed more than ${ctx.replayDays} days ago; its files are purged: submit them again`,
      { status: row.status },
    );
  }
  const next = await changedSubmission(ctx, id, change);
  await keptFiles(ctx, id, next, row.status);
  await transition(ctx.store, id, 'replay', {
    actor,
    note: Object.keys(change).length ? `replay with ${JSON.stringify(change)}` : 'replay',
  });
  await ctx.store.db
    .updateTable('intake_import')
    .set({
      request: ctx.store.profile.jsonParam(JSON.stringify(next)),
      error: null,
      error_code: null,
      committed_at: null,
      finished_at: null,
    })
    .where('id', '=', id)
    .execute();
  await enqueueJob(ctx, ctx.store.db, { kind: 'validate', importId: id });
  await audit(ctx.store, {
    workspace,
    actor,
    action: 'import.replay',
    target: id,
    details: change,
  });
}

/** The files of an import to validate again are here (restored from the database if need be), or purged. */
async function keptFiles(
  ctx: ImportContext,
  id: string,
  sub: ImportSubmission,
  status?: string,
): Promise<void> {
  await localFiles(ctx, id, sub);
  if (sub.files.some((f) => !isUrl(f) && !existsSync(f))) {
    throw new IntakeError(
      'INTAKE_E_IMPORT_STATE',
      `the files of import ${id} are purged (${ctx.replayDays} days after it ended): submit them again`,
      status ? { status } : undefined,
    );
  }
}

/**
 * Walk a validated import back to its mapping (issue 17): one awaiting approval, a dry
 * run, or one that failed before writing anything becomes a draft again, its files and
 * settings kept, its validation dropped; the wizard then changes what it needs and
 * validates again. What was written cannot be walked back: that is undo's work.
 */
export async function reopenImport(
  ctx: ImportContext,
  workspace: string,
  id: string,
  actor: string,
): Promise<void> {
  await ownImport(ctx.store, workspace, id);
  await keptFiles(ctx, id, await changedSubmission(ctx, id, {}));
  await transition(ctx.store, id, 'reopen', { actor, note: 'back to the mapping' });
  await clearValidation(ctx.store, id);
  await dropRowResults(ctx.store, id);
  await ctx.store.db
    .updateTable('intake_import')
    .set({
      counts: null,
      plan: null,
      error: null,
      error_code: null,
      finished_at: null,
      job_id: null,
      progress: null,
    })
    .where('id', '=', id)
    .execute();
  await audit(ctx.store, { workspace, actor, action: 'import.reopen', target: id });
}

const ENDED = ['completed', 'completed_with_issues', 'failed', 'cancelled', 'dry_run', 'undone'];

/**
 * Files and staged rows of imports that ended more than `replayDays` ago are removed:
 * a failed import can be replayed until then, and no longer. Row results go after
 * `rowRetentionDays`: reports and undo need them until then.
 */
export async function purgeExpired(
  ctx: ImportContext,
  uploadDir: (id: string) => string,
  now = new Date(),
): Promise<string[]> {
  /** Imports that ended more than `days` ago. */
  const endedBefore = (days: number) =>
    ctx.store.db
      .selectFrom('intake_import')
      .select('id')
      .where('finished_at', '<', new Date(now.getTime() - days * 86_400_000).toISOString())
      .where('status', 'in', ENDED);
  const rows = await endedBefore(ctx.replayDays).execute();
  const purged: string[] = [];
  for (const { id } of rows) {
    const dir = uploadDir(id);
    const stored = await ctx.store.db
      .selectFrom('intake_blob')
      .select('import_id')
      .where('import_id', '=', id)
      .executeTakeFirst();
    if (!existsSync(dir) && !stored) continue;
    await rm(dir, { recursive: true, force: true });
    await dropBlobs(ctx.store, id);
    await dropStaging(ctx.store, id);
    purged.push(id);
  }
  const old = await endedBefore(ctx.rowRetentionDays)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('intake_row')
          .select('import_id')
          .whereRef('import_id', '=', 'intake_import.id'),
      ),
    )
    .execute();
  for (const { id } of old) await dropRowResults(ctx.store, id);
  return purged;
}

async function giveUp(
  ctx: ImportContext,
  id: string,
  status: string,
  attempts: number,
): Promise<void> {
  const message = `its job was tried ${attempts} times and its worker stopped (killed or crashed) every time; nothing more is tried`;
  await saveError(ctx.store, id, { code: 'INTAKE_E_WORKER_LOST', message });
  if (status === 'undoing') {
    await transition(ctx.store, id, 'undo_failed', {
      to: await statusBeforeUndo(ctx, id),
      actor: 'system',
      note: message,
    });
  } else {
    await dropStaging(ctx.store, id);
    await transition(ctx.store, id, 'fail', { actor: 'system', note: message });
  }
  await ctx.onFinished?.(id);
}

/**
 * An import whose status says a job should be under way, with no job queued or
 * running for it (a crash between a status change and its job, a CLI run that died),
 * gets its job back. Only imports untouched for `quietMs`, so a change in progress is
 * left alone.
 */
export async function recoverOrphans(
  ctx: ImportContext,
  quietMs = 60_000,
  now = new Date(),
): Promise<string[]> {
  const before = new Date(now.getTime() - quietMs).toISOString();
  const candidates = await ctx.store.db
    .selectFrom('intake_import')
    .select(['id', 'status', 'job_id'])
    .where('status', 'in', ['validating', 'queued', 'running', 'undoing'])
    .where('updated_at', '<', before)
    .execute();
  const rows = [];
  for (const r of candidates) {
    const job = r.job_id ? await ctx.queue.status(r.job_id) : undefined;
    if (pending(job)) continue;
    if (job?.state === 'failed') {
      // Its attempts are spent (its worker died each time): the import fails, it does
      // not get a job again.
      await giveUp(ctx, r.id, r.status, job.attempts);
      continue;
    }
    const kind =
      r.status === 'validating' ? 'validate' : r.status === 'undoing' ? 'undo' : 'commit';
    await enqueueJob(ctx, ctx.store.db, { kind, importId: r.id });
    rows.push(r);
  }
  return rows.map((r) => r.id);
}
