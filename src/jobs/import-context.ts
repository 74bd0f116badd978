import { existsSync } from 'node:fs';
import { IntakeError } from '../core/codes.js';
import { parseOptions } from '../core/options.js';
import { type ImportOptions } from '../core/options.js';
import type { Registry } from '../core/registry.js';
import { redactCredentials } from '../core/redact.js';
import type { SecretBox } from './secret-box.js';
import type { Store } from '../store/connect.js';
import type { JobQueue, NewJob } from '../store/queue.js';
import { restoreBlob } from '../store/blobs.js';
import { readJson } from '../store/json.js';
import type { ValidateRequest } from './import-validate.js';

/**
 * An import runs as jobs (SPEC J1, J2): validate (read, clean, stage, plan: a dry run
 * whose rows stay staged), then commit from staging, at once or once an approver
 * approves; later, maybe, undo. Its status moves only by the steps of the declared
 * table (core/import-status.ts). The CLI runs the same steps in its own process.
 *
 * This file holds what the steps share: the context, the stored request, ownership.
 * The steps: import-submit.ts (new imports, drafts), import-validate.ts and
 * import-commit.ts (the work), import-jobs.ts (the jobs: the work and the status
 * moves around it), import-decisions.ts (approve, reject, cancel, replay, undo,
 * purge), import-run.ts (the CLI's run of the same jobs, in process).
 */
export interface ImportContext {
  store: Store;
  queue: JobQueue;
  registry: Registry;
  reportDir: string;
  workDir: string;
  /** Where uploaded files are kept, a folder per import. */
  uploadRoot: string;
  /** Everything runImport needs besides the request of the import. */
  base: Pick<ValidateRequest, 'configOptions' | 'workers' | 'fetch' | 'limits' | 'today'>;
  commitChunkRows?: number;
  /** Scale-out: chunk size and helper jobs of a large import's staging (stage-chunks.ts). */
  stageChunkRows: number;
  stageHelpers: number;
  /** The same files and settings again within this time return the earlier import. */
  duplicateWindowMs: number;
  /** Days a failed import can be replayed; then its files are purged. */
  replayDays: number;
  /** Seals the credentials of URL sources while they are kept. */
  secrets: SecretBox;
  /** Days row results are kept for reports and undo; then they are purged. */
  rowRetentionDays: number;
  /** Told of every import that reaches a final status (notifications); never throws. */
  onFinished?: (importId: string) => Promise<void>;
}

/** What a client asked for, kept with the import so that any worker can run it. */
export interface ImportSubmission {
  workspace: string;
  actor: string;
  /** Paths of kept files, or URLs shown redacted (the real one, sealed, in `sealed`). */
  files: string[];
  names?: string[];
  /** File index -> its URL with credentials, sealed (SecretBox). */
  sealed?: Record<number, string>;
  inline?: string;
  entity?: string;
  options: Partial<ImportOptions>;
  /** Hold in awaiting_approval after validation until an approver approves. */
  approval: boolean;
  /**
   * Hold in awaiting_approval after validation for the importer's own review: an
   * importer runs it, unless a rule of the workspace wants an approver.
   */
  review?: boolean;
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

/** What may change on a draft before it is validated. */
export type DraftChange = Partial<
  Pick<ImportSubmission, 'entity' | 'options' | 'approval' | 'notify' | 'outcomes'>
>;

export async function submission(store: Store, id: string): Promise<ImportSubmission> {
  const row = await store.db
    .selectFrom('intake_import')
    .select('request')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { ...readJson<ImportSubmission>(row.request), runAt: undefined };
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

export async function statusOf(store: Store, id: string): Promise<string | undefined> {
  const row = await store.db
    .selectFrom('intake_import')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.status;
}

/** Why an import failed, as a user reads it: a code and a message, no secrets. */
export async function saveError(
  store: Store,
  id: string,
  failure: { code: string; message: string },
): Promise<void> {
  await store.db
    .updateTable('intake_import')
    .set({ error: redactCredentials(failure.message), error_code: failure.code })
    .where('id', '=', id)
    .execute();
}

export const isUrl = (f: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(f);

/**
 * The files of an import on this machine: a worker elsewhere restores them from the
 * database (PostgreSQL) before it reads them.
 */
/** The files to read: sealed URLs opened again, only for the worker that fetches them. */
export function sourcesOf(ctx: ImportContext, sub: ImportSubmission): string[] {
  return sub.files.map((f, i) => {
    const sealed = sub.sealed?.[i];
    return sealed ? ctx.secrets.open(sealed) : f;
  });
}

export async function localFiles(
  ctx: ImportContext,
  id: string,
  sub: ImportSubmission,
): Promise<void> {
  for (const [i, file] of sub.files.entries()) {
    if (isUrl(file) || existsSync(file)) continue;
    await restoreBlob(ctx.store, id, i + 1, file);
  }
}

/**
 * Queue a job of an import and remember it as the import's job (cancel and the
 * orphan sweep look it up). With a transaction as `db`, both or neither are written.
 */
export async function enqueueJob(
  ctx: ImportContext,
  db: Store['db'],
  job: NewJob,
): Promise<string> {
  const jobId = await ctx.queue.enqueue(db, job);
  await db
    .updateTable('intake_import')
    .set({ job_id: jobId })
    .where('id', '=', job.importId)
    .execute();
  return jobId;
}

/** The stored request of an import with a change laid over it, checked. */
export async function changedSubmission(
  ctx: ImportContext,
  id: string,
  change: DraftChange,
): Promise<ImportSubmission> {
  if (change.entity) ctx.registry.candidates(change.entity);
  const sub = await submission(ctx.store, id);
  // null (or an empty entity) takes a setting back to its default.
  const options: Record<string, unknown> = { ...sub.options, ...(change.options ?? {}) };
  for (const [k, v] of Object.entries(options)) if (v === null) delete options[k];
  const next = { ...sub, ...change, options: parseOptions(options) };
  if (change.entity === '') delete next.entity;
  return next;
}
