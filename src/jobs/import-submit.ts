import { createHash } from 'node:crypto';
import { IntakeError } from '../core/codes.js';
import { parseOptions } from '../core/options.js';
import type { Store } from '../store/connect.js';
import { audit } from '../store/audit.js';
import { ensureWorkspace } from '../store/imports.js';
import { recordCreated, transition } from '../store/import-status.js';
import { findTemplate } from '../store/templates.js';
import { dropBlobs, saveBlob, sharedBlobs } from '../store/blobs.js';
import { holdsSecret, isUrl as isRemote, redactedSource } from '../sources/fetch/index.js';
import {
  isUrl,
  sourcesOf,
  changedSubmission,
  enqueueJob,
  ownImport,
  type DraftChange,
  type ImportSubmission,
  type ImportContext,
} from './import-context.js';

/** New imports (from files, a template, a draft) and the changes a draft takes. */

/**
 * Returns the id of the import: `id`, or that of an earlier one when this is the same
 * submission again (same Idempotency-Key; or the same files and settings within the
 * window, unless `force`).
 */
export async function submitImport(
  ctx: ImportContext,
  id: string,
  given: ImportSubmission,
  /** Run by the caller in its own process (the CLI): no job is queued. */
  here = false,
): Promise<{ id: string; duplicateOf?: 'idempotency-key' | 'same-files' }> {
  // The template is copied into the import: editing it later changes no queued import.
  const sub = sealSecrets(ctx, given.template ? await withTemplate(ctx.store, given) : given);
  sub.options = parseOptions(sub.options);
  if (sub.entity) ctx.registry.candidates(sub.entity);
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify([
        sub.contentHash ?? sub.files,
        // Two URLs that differ only in their credentials are two submissions.
        sub.sealed ? ctx.secrets.sign(...sourcesOf(ctx, sub)) : null,
        sub.inline ?? null,
        sub.entity ?? null,
        sub.options,
        sub.approval,
        sub.review ?? false,
        sub.draft ?? false,
      ]),
    )
    .digest('hex');
  const earlier = here ? undefined : await findEarlier(ctx, sub, fingerprint);
  if (earlier) return earlier;
  await ensureWorkspace(ctx.store, sub.workspace);
  // Files first (no import names them yet), then the import, its first event and its
  // job in one transaction: a crash never leaves an import that no job will run.
  if (sharedBlobs(ctx.store) && !here) {
    for (const [i, file] of sub.files.entries()) {
      if (!isUrl(file)) await saveBlob(ctx.store, id, i + 1, file);
    }
  }
  // Not inside the transaction: the queue's first start needs connections of its own,
  // and imports arriving together would hold every pooled connection waiting for it.
  if (!here && !sub.draft) await ctx.queue.ready();
  let first: Awaited<ReturnType<typeof findEarlier>>;
  try {
    first = await insertImport(ctx, id, sub, fingerprint, here);
  } catch (e) {
    // The same Idempotency-Key submitted twice at the same moment: the first one won.
    first = sub.idempotencyKey ? await findEarlier(ctx, sub, fingerprint) : undefined;
    if (!first) throw e;
  }
  if (first) {
    await dropBlobs(ctx.store, id);
    return first;
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

/**
 * Sources a client names over the API are URLs only: a local path would read the
 * server's own files (its configuration, its database). Paths are the CLI's.
 */
export function checkRemoteSources(urls: string[]): void {
  const local = urls.find((u) => !isRemote(u));
  if (local !== undefined) {
    throw new IntakeError(
      'INTAKE_E_REQUEST',
      `urls: "${redactedSource(local)}" is not an http, https, ftp or sftp URL; upload files with POST /imports`,
    );
  }
}

/**
 * Credentials of URL sources never stay in the clear: the request keeps the URL
 * redacted, for everything that shows it, and the real one sealed, for the fetch.
 */
function sealSecrets(ctx: ImportContext, sub: ImportSubmission): ImportSubmission {
  const sealed: Record<number, string> = { ...sub.sealed };
  const files = sub.files.map((f, i) => {
    if (!holdsSecret(f)) return f;
    sealed[i] = ctx.secrets.seal(f);
    return redactedSource(f);
  });
  return {
    ...sub,
    files,
    names: sub.names?.map(redactedSource),
    ...(Object.keys(sealed).length ? { sealed } : {}),
  };
}

/**
 * The import, its first event and its job, in one transaction; unless the same
 * submission came meanwhile (then the earlier one is returned and nothing written).
 * Submissions of one fingerprint take turns: five identical requests at the same moment
 * make one import.
 */
async function insertImport(
  ctx: ImportContext,
  id: string,
  sub: ImportSubmission,
  fingerprint: string,
  here: boolean,
): Promise<Awaited<ReturnType<typeof findEarlier>>> {
  return ctx.store.db.transaction().execute(async (trx) => {
    const store = { ...ctx.store, db: trx };
    if (!here) {
      await ctx.store.profile.lock(trx, `import:${sub.workspace}:${fingerprint}`);
      const earlier = await findEarlier({ ...ctx, store }, sub, fingerprint);
      if (earlier) return earlier;
    }
    await trx
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
    await recordCreated(store, id, sub.actor, sub.draft ? 'draft' : 'validating');
    if (!sub.draft && !here) {
      await enqueueJob(ctx, trx, { kind: 'validate', importId: id, runAt: sub.runAt });
    }
    return undefined;
  });
}

async function findEarlier(
  ctx: ImportContext,
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

export async function updateDraft(
  ctx: ImportContext,
  workspace: string,
  id: string,
  actor: string,
  change: DraftChange,
): Promise<void> {
  await ownImport(ctx.store, workspace, id);
  const next = await changedSubmission(ctx, id, change);
  const r = await ctx.store.db
    .updateTable('intake_import')
    .set({
      request: ctx.store.profile.jsonParam(JSON.stringify(next)),
      approval: next.approval ? 'required' : 'none',
      updated_at: ctx.store.profile.now,
    })
    .where('id', '=', id)
    .where('status', 'in', ['draft', 'incomplete'])
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

/**
 * A draft is incomplete while its mapping leaves out what the import needs (`gaps`,
 * jobs/draft-gaps.ts), and a draft again once nothing is missing; the gaps are its
 * error until then.
 */
export async function settleDraft(ctx: ImportContext, id: string, gaps: string[]): Promise<void> {
  const row = await ctx.store.db
    .selectFrom('intake_import')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirst();
  const status = row?.status;
  if (status !== 'draft' && status !== 'incomplete') return;
  if (gaps.length > 0 && status === 'draft') {
    await transition(ctx.store, id, 'incomplete', { actor: 'system', note: gaps.join('; ') });
  } else if (gaps.length === 0 && status === 'incomplete') {
    await transition(ctx.store, id, 'complete', { actor: 'system' });
  }
  await ctx.store.db
    .updateTable('intake_import')
    .set(
      gaps.length > 0
        ? { error: `the mapping leaves out: ${gaps.join('; ')}`, error_code: 'INTAKE_E_INCOMPLETE' }
        : { error: null, error_code: null },
    )
    .where('id', '=', id)
    .where('status', 'in', ['draft', 'incomplete'])
    .execute();
}

/** A draft whose mapping and options are set: validate it now. */
export async function startDraft(
  ctx: ImportContext,
  workspace: string,
  id: string,
  actor: string,
): Promise<void> {
  await ownImport(ctx.store, workspace, id);
  const row = await ctx.store.db
    .selectFrom('intake_import')
    .select(['status', 'error'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (row?.status === 'incomplete') {
    throw new IntakeError('INTAKE_E_INCOMPLETE', `import ${id} cannot be validated: ${row.error}`);
  }
  await transition(ctx.store, id, 'validate', { actor });
  await enqueueJob(ctx, ctx.store.db, { kind: 'validate', importId: id });
}
