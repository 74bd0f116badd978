import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { IntakeError } from '../core/codes.js';
import { audit } from '../store/audit.js';
import { clearImportRows } from '../store/imports.js';
import { transition } from '../store/lifecycle.js';
import { pending } from '../store/queue.js';
import { dropBlobs } from '../store/blobs.js';
import {
  changedSubmission,
  enqueueJob,
  isUrl,
  localFiles,
  ownImport,
  queueCommit,
  statusOf,
  type DraftChange,
  type LifecycleContext,
} from './lifecycle.js';

/** What people decide about an import: approve, reject, cancel, replay; and the purge. */

/** An approver lets a validated import be written. */
export async function approveImport(
  ctx: LifecycleContext,
  workspace: string,
  id: string,
  actor: string,
): Promise<void> {
  await ownImport(ctx.store, workspace, id);
  await queueCommit(ctx, id, actor, 'approved', ['awaiting_approval']);
  await audit(ctx.store, { workspace, actor, action: 'import.approve', target: id });
}

/** An approver refuses a validated import, with a reason; nothing is written. */
export async function rejectImport(
  ctx: LifecycleContext,
  workspace: string,
  id: string,
  actor: string,
  reason: string,
): Promise<void> {
  await ownImport(ctx.store, workspace, id);
  await transition(ctx.store, id, {
    from: ['awaiting_approval'],
    to: 'cancelled',
    actor,
    note: `rejected: ${reason}`,
  });
  await clearImportRows(ctx.store, id);
  await audit(ctx.store, {
    workspace,
    actor,
    action: 'import.reject',
    target: id,
    details: { reason },
  });
  await ctx.onFinished?.(id, undefined);
}

/**
 * Cancel: at once when nothing runs (draft, awaiting approval, queued); a running job
 * sees it at its next check and stops: an atomic commit rolls back, so nothing is
 * written; a partial one keeps the chunks already written. Once an atomic commit has
 * gone through, it is too late.
 */
export async function cancelImport(
  ctx: LifecycleContext,
  workspace: string,
  id: string,
  actor: string,
): Promise<void> {
  await ownImport(ctx.store, workspace, id);
  const was = await statusOf(ctx.store, id);
  await transition(ctx.store, id, {
    from: ['draft', 'validating', 'awaiting_approval', 'queued', 'running'],
    to: 'cancelled',
    actor,
    unlessCommitted: true,
  });
  const job = await ctx.store.db
    .selectFrom('intake_import')
    .select('job_id')
    .where('id', '=', id)
    .executeTakeFirst();
  if (job?.job_id) await ctx.queue.cancel(job.job_id);
  // A running job clears its own staging when it stops.
  if (was !== 'running' && was !== 'validating') await clearImportRows(ctx.store, id);
  await audit(ctx.store, { workspace, actor, action: 'import.cancel', target: id });
}

/**
 * Run a failed import again (SPEC C5), from its kept files, optionally with another
 * entity type, mapping or options: for `replayDays` after it failed; after that its
 * files are purged and it cannot. An import awaiting approval can be validated again
 * the same way (the web UI's "choose the date order").
 */
export async function replayImport(
  ctx: LifecycleContext,
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
  const since = row.finished_at ? Date.now() - new Date(row.finished_at as string).getTime() : 0;
  if (row.status === 'failed' && since > ctx.replayDays * 86_400_000) {
    throw new IntakeError(
      'INTAKE_E_IMPORT_STATE',
      `import ${id} failed more than ${ctx.replayDays} days ago; its files are purged: submit them again`,
      { status: row.status },
    );
  }
  const next = await changedSubmission(ctx, id, change);
  await localFiles(ctx, id, next);
  if (next.files.some((f) => !isUrl(f) && !existsSync(f))) {
    throw new IntakeError(
      'INTAKE_E_IMPORT_STATE',
      `the files of import ${id} are purged (${ctx.replayDays} days after it ended): submit them again`,
      { status: row.status },
    );
  }
  await transition(ctx.store, id, {
    from: ['failed', 'awaiting_approval'],
    to: 'validating',
    actor,
    note: Object.keys(change).length ? `replay with ${JSON.stringify(change)}` : 'replay',
  });
  // Awaiting approval: nothing is written yet; its plan is dropped and made again.
  if (row.status === 'awaiting_approval') await clearImportRows(ctx.store, id);
  await ctx.store.db
    .updateTable('intake_import')
    .set({
      request: ctx.store.profile.jsonParam(JSON.stringify(next)),
      error: null,
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

/**
 * Files and staged rows of imports that ended more than `replayDays` ago are removed:
 * a failed import can be replayed until then, and no longer.
 */
export async function purgeExpired(
  ctx: LifecycleContext,
  uploadDir: (id: string) => string,
  now = new Date(),
): Promise<string[]> {
  const before = new Date(now.getTime() - ctx.replayDays * 86_400_000).toISOString();
  const rows = await ctx.store.db
    .selectFrom('intake_import')
    .select('id')
    .where('finished_at', '<', before)
    .where('status', 'in', ['completed', 'completed_with_issues', 'failed', 'cancelled', 'dry_run'])
    .execute();
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
    await clearImportRows(ctx.store, id);
    purged.push(id);
  }
  return purged;
}

/**
 * An import whose status says a job should be under way, with no job queued or
 * running for it (a crash between a status change and its job), gets its job back.
 * Only imports untouched for `quietMs`, so a change in progress is left alone.
 */
export async function recoverOrphans(
  ctx: LifecycleContext,
  quietMs = 60_000,
  now = new Date(),
): Promise<string[]> {
  const before = new Date(now.getTime() - quietMs).toISOString();
  const candidates = await ctx.store.db
    .selectFrom('intake_import')
    .select(['id', 'status', 'job_id'])
    .where('status', 'in', ['validating', 'queued', 'running'])
    .where('updated_at', '<', before)
    .execute();
  const rows = [];
  for (const r of candidates) {
    if (r.job_id && pending(await ctx.queue.status(r.job_id))) continue;
    await enqueueJob(ctx, ctx.store.db, {
      kind: r.status === 'validating' ? 'validate' : 'commit',
      importId: r.id,
    });
    rows.push(r);
  }
  return rows.map((r) => r.id);
}
