import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { IntakeError } from '../core/codes.js';
import { parseOptions, type ImportOptions } from '../core/options.js';
import type { Registry } from '../core/registry.js';
import type { Store } from '../store/connect.js';
import { audit } from '../store/audit.js';
import { clearImportRows, ensureWorkspace, type ImportStatus } from '../store/imports.js';
import { recordCreated, saveProgress, transition } from '../store/lifecycle.js';
import { dropQueued, enqueue, type Job } from '../store/queue.js';
import { findTemplate } from '../store/templates.js';
import { dropBlobs, restoreBlob, saveBlob, sharedBlobs } from '../store/blobs.js';
import { CommitCancelled } from '../store/commit.js';
import { commitHeld } from './import-commit.js';
import { runImport } from './import-run.js';
import type { ImportRequest, ImportResult, Progress } from './import-types.js';

/**
 * An import of the service is two jobs (SPEC J1, J2): validate (read, clean, stage,
 * plan: a dry run whose rows stay staged), then commit from staging, either at once or
 * once an approver approves. Statuses move by compare and set, each move an event:
 *
 *   validating -> awaiting_approval -> queued -> running -> completed | completed_with_issues
 *        |               |              |           `-> failed (after the retries)
 *        `-> failed      `-> cancelled  `-> cancelled
 */
export interface LifecycleContext {
  store: Store;
  registry: Registry;
  reportDir: string;
  workDir: string;
  /** Everything runImport needs besides the request of the import. */
  base: Pick<ImportRequest, 'configOptions' | 'workers' | 'fetch' | 'today'>;
  maxAttempts: number;
  commitChunkRows?: number;
  /** The same files and settings again within this time return the earlier import. */
  duplicateWindowMs: number;
  /** Days a failed import can be replayed; then its files are purged. */
  replayDays: number;
  /** Told of every import that reaches a final status (notifications); never throws. */
  onFinished?: (importId: string, result: ImportResult | undefined) => Promise<void>;
}

/** What a client asked for, kept with the import so that any worker can run it. */
export interface ImportSubmission {
  workspace: string;
  actor: string;
  files: string[];
  names?: string[];
  inline?: string;
  entity?: string;
  options: Partial<ImportOptions>;
  /** Hold in awaiting_approval after validation until an approver approves. */
  approval: boolean;
  /** E-mail addresses told when the import ends. */
  notify?: string[];
  outcomes?: boolean;
  runAt?: Date;
  /** Keep it as a draft: files in, nothing run until the mapping and options are set. */
  draft?: boolean;
  /** A saved template whose settings the request completes (the request wins). */
  template?: string;
  /** Hash of the files' bytes, for noticing the same submission twice. */
  contentHash?: string;
  /** The client's Idempotency-Key header. */
  idempotencyKey?: string;
  /** Submit even when the same files and settings came within the window. */
  force?: boolean;
}

/**
 * Returns the id of the import: `id`, or that of an earlier one when this is the same
 * submission again (same Idempotency-Key; or the same files and settings within the
 * window, unless `force`).
 */
export async function submitImport(
  ctx: LifecycleContext,
  id: string,
  given: ImportSubmission,
): Promise<{ id: string; duplicateOf?: 'idempotency-key' | 'same-files' }> {
  // The template is copied into the import: editing it later changes no queued import.
  const sub = given.template ? await withTemplate(ctx.store, given) : given;
  sub.options = parseOptions(sub.options);
  if (sub.entity) ctx.registry.candidates(sub.entity);
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify([
        sub.contentHash ?? sub.files,
        sub.inline ?? null,
        sub.entity ?? null,
        sub.options,
        sub.approval,
        sub.draft ?? false,
      ]),
    )
    .digest('hex');
  const earlier = await findEarlier(ctx, sub, fingerprint);
  if (earlier) return earlier;
  await ensureWorkspace(ctx.store, sub.workspace);
  await ctx.store.db
    .insertInto('intake_import')
    .values({
      id,
      workspace_id: sub.workspace,
      status: sub.draft ? 'draft' : 'validating',
      entities: sub.entity ?? '',
      options: ctx.store.profile.jsonParam(JSON.stringify(sub.options)),
      created_by: sub.actor,
      approval: sub.approval ? 'required' : 'none',
      request: ctx.store.profile.jsonParam(JSON.stringify(sub)),
      updated_at: ctx.store.profile.now,
      fingerprint,
      idempotency_key: sub.idempotencyKey ?? null,
    })
    .execute();
  if (sharedBlobs(ctx.store)) {
    for (const [i, file] of sub.files.entries()) {
      if (!isUrl(file)) await saveBlob(ctx.store, id, i + 1, file);
    }
  }
  await recordCreated(ctx.store, id, sub.actor, sub.draft ? 'draft' : 'validating');
  if (!sub.draft) {
    await enqueue(ctx.store, {
      kind: 'validate',
      importId: id,
      runAt: sub.runAt,
      maxAttempts: ctx.maxAttempts,
    });
  }
  await audit(ctx.store, {
    workspace: sub.workspace,
    actor: sub.actor,
    action: 'import.create',
    target: id,
    details: { files: sub.names ?? sub.files.length, entity: sub.entity ?? null },
  });
  return { id };
}

async function findEarlier(
  ctx: LifecycleContext,
  sub: ImportSubmission,
  fingerprint: string,
): Promise<{ id: string; duplicateOf: 'idempotency-key' | 'same-files' } | undefined> {
  const base = ctx.store.db
    .selectFrom('intake_import')
    .select('id')
    .where('workspace_id', '=', sub.workspace);
  if (sub.idempotencyKey) {
    const row = await base.where('idempotency_key', '=', sub.idempotencyKey).executeTakeFirst();
    if (row) return { id: row.id, duplicateOf: 'idempotency-key' };
  }
  if (sub.force || ctx.duplicateWindowMs <= 0) return undefined;
  const since = new Date(Date.now() - ctx.duplicateWindowMs).toISOString();
  const row = await base
    .where('fingerprint', '=', fingerprint)
    .where('created_at', '>=', since)
    .where('status', 'not in', ['failed', 'cancelled'])
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row ? { id: row.id, duplicateOf: 'same-files' } : undefined;
}

async function withTemplate(store: Store, sub: ImportSubmission): Promise<ImportSubmission> {
  const t = await findTemplate(store, sub.workspace, sub.template!);
  if (!t) {
    throw new IntakeError(
      'INTAKE_E_NOT_FOUND',
      `no template "${sub.template}" in ${sub.workspace}`,
    );
  }
  return {
    ...sub,
    entity: sub.entity ?? t.entity,
    options: { ...t.options, ...sub.options },
    approval: sub.approval || t.approval,
    notify: sub.notify ?? (t.notify.length ? t.notify : undefined),
  };
}

/**
 * Run a failed import again (SPEC C5), from its kept files, optionally with another
 * entity type, mapping or options: for `replayDays` after it failed; after that its
 * files are purged and it cannot.
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
  if (change.entity) ctx.registry.candidates(change.entity);
  const sub = await submission(ctx.store, id);
  await localFiles(ctx, id, sub);
  if (sub.files.some((f) => !isUrl(f) && !existsSync(f))) {
    throw new IntakeError(
      'INTAKE_E_IMPORT_STATE',
      `the files of import ${id} are purged (${ctx.replayDays} days after it ended): submit them again`,
      { status: row.status },
    );
  }
  const next: ImportSubmission = {
    ...sub,
    ...change,
    options: parseOptions({ ...sub.options, ...(change.options ?? {}) }),
  };
  await transition(ctx.store, id, {
    from: ['failed'],
    to: 'validating',
    actor,
    note: Object.keys(change).length ? `replay with ${JSON.stringify(change)}` : 'replay',
  });
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
  await enqueue(ctx.store, { kind: 'validate', importId: id, maxAttempts: ctx.maxAttempts });
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

/** What may change on a draft before it is validated. */
export type DraftChange = Partial<
  Pick<ImportSubmission, 'entity' | 'options' | 'approval' | 'notify' | 'outcomes'>
>;

export async function updateDraft(
  ctx: LifecycleContext,
  workspace: string,
  id: string,
  actor: string,
  change: DraftChange,
): Promise<void> {
  await ownImport(ctx.store, workspace, id);
  if (change.entity) ctx.registry.candidates(change.entity);
  const sub = await submission(ctx.store, id);
  const next: ImportSubmission = {
    ...sub,
    ...change,
    options: parseOptions({ ...sub.options, ...(change.options ?? {}) }),
  };
  const r = await ctx.store.db
    .updateTable('intake_import')
    .set({
      request: ctx.store.profile.jsonParam(JSON.stringify(next)),
      approval: next.approval ? 'required' : 'none',
      updated_at: ctx.store.profile.now,
    })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) {
    throw new IntakeError('INTAKE_E_IMPORT_STATE', `import ${id} is no longer a draft`);
  }
  await audit(ctx.store, {
    workspace,
    actor,
    action: 'import.update',
    target: id,
    details: change,
  });
}

/** A draft whose mapping and options are set: validate it now. */
export async function startDraft(
  ctx: LifecycleContext,
  workspace: string,
  id: string,
  actor: string,
): Promise<void> {
  await ownImport(ctx.store, workspace, id);
  await transition(ctx.store, id, { from: ['draft'], to: 'validating', actor });
  await enqueue(ctx.store, { kind: 'validate', importId: id, maxAttempts: ctx.maxAttempts });
}

export async function submission(store: Store, id: string): Promise<ImportSubmission> {
  const row = await store.db
    .selectFrom('intake_import')
    .select('request')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const r = typeof row.request === 'string' ? JSON.parse(row.request) : row.request;
  return { ...r, runAt: undefined } as ImportSubmission;
}

/** A user error (a file of unknown type, a bad option) will not pass on a retry. */
function permanent(e: unknown): boolean {
  return e instanceof IntakeError && e.code !== 'INTAKE_E_DATABASE' && e.code !== 'INTAKE_E_FETCH';
}

function progressSaver(store: Store, id: string): (p: Progress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 500 && p.phase !== 'commit' && p.phase !== 'report') return;
    last = now;
    saveProgress(store, id, { ...p, at: new Date(now).toISOString() }).catch(() => {});
  };
}

/** Run one claimed job. Throws to have the queue retry it. */
export async function runJob(ctx: LifecycleContext, job: Job): Promise<void> {
  if (job.kind === 'validate') await validate(ctx, job);
  else await commit(ctx, job);
}

/**
 * The files of an import on this machine: a worker elsewhere restores them from the
 * database (PostgreSQL) before it reads them.
 */
async function localFiles(ctx: LifecycleContext, id: string, sub: ImportSubmission): Promise<void> {
  for (const [i, file] of sub.files.entries()) {
    if (isUrl(file) || existsSync(file)) continue;
    await restoreBlob(ctx.store, id, i + 1, file);
  }
}

const isUrl = (f: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(f);

async function validate(ctx: LifecycleContext, job: Job): Promise<void> {
  const id = job.importId;
  const sub = await submission(ctx.store, id);
  await localFiles(ctx, id, sub);
  let result: ImportResult;
  try {
    result = await runImport(ctx.store, ctx.registry, {
      ...ctx.base,
      files: sub.files,
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

async function queueCommit(
  ctx: LifecycleContext,
  id: string,
  actor: string,
  note?: string,
  from: ImportStatus[] = ['validating'],
): Promise<void> {
  await transition(ctx.store, id, { from, to: 'queued', actor, note });
  await enqueue(ctx.store, { kind: 'commit', importId: id, maxAttempts: ctx.maxAttempts });
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
  await dropQueued(ctx.store, id);
  // A running job clears its own staging when it stops.
  if (was !== 'running' && was !== 'validating') await clearImportRows(ctx.store, id);
  await audit(ctx.store, { workspace, actor, action: 'import.cancel', target: id });
}

async function statusOf(store: Store, id: string): Promise<string | undefined> {
  const row = await store.db
    .selectFrom('intake_import')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.status;
}

/** Nothing of another workspace is visible: an import of another one is "not found". */
export async function ownImport(store: Store, workspace: string, id: string): Promise<void> {
  const row = await store.db
    .selectFrom('intake_import')
    .select('id')
    .where('id', '=', id)
    .where('workspace_id', '=', workspace)
    .executeTakeFirst();
  if (!row)
    throw new IntakeError('INTAKE_E_NOT_FOUND', `no import ${id} in workspace ${workspace}`);
}

async function saveError(store: Store, id: string, error: string): Promise<void> {
  await store.db.updateTable('intake_import').set({ error }).where('id', '=', id).execute();
}
