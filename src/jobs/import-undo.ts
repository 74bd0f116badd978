import { IntakeError } from '../core/codes.js';
import type { ImportStatus } from '../core/import-status.js';
import { audit } from '../store/audit.js';
import { readJson, writeJson } from '../store/json.js';
import { transition } from '../store/import-status.js';
import { undoImport, undoRefusals, type UndoCounts, type UndoRequest } from '../store/undo.js';
import { storedImport } from './import-commit.js';
import { enqueueJob, ownImport, saveError, type ImportContext } from './import-context.js';
import { failureOf, settle } from './failures.js';
import type { Attempt, RunOptions } from './import-jobs.js';

/**
 * Undo of an import (SPEC C4): asked by an approver (or the CLI), previewed without
 * writing, run as a job of its own with its report (`undo.csv`), audited, and ending
 * the import `undone`. The work itself is store/undo.ts.
 */
export interface UndoSettings {
  force: boolean;
  /** Who asked, and when (kept on the import with the counts once done). */
  by: string;
}

export interface UndoPreview extends UndoCounts {
  /** The first refusals: row, code and why. */
  refusals: { row: number; code: string; message: string }[];
}

export interface UndoState extends Partial<UndoCounts> {
  force: boolean;
  by: string;
  at?: string;
}

class Rollback extends Error {
  constructor(readonly preview: UndoPreview) {
    super('preview only');
  }
}

async function undoRequest(ctx: ImportContext, id: string, force: boolean): Promise<UndoRequest> {
  const stored = await storedImport(ctx.store, id);
  return {
    importId: id,
    workspace: stored.workspace,
    entities: stored.entities.map((e) => ctx.registry.get(e)),
    keys: stored.plan?.keys ?? {},
    force,
  };
}

/** What an undo would do, found by doing it in a transaction that is then rolled back. */
export async function previewUndo(
  ctx: ImportContext,
  workspace: string,
  id: string,
  force: boolean,
): Promise<UndoPreview> {
  await ownImport(ctx.store, workspace, id);
  const req = await undoRequest(ctx, id, force);
  try {
    await ctx.store.db.transaction().execute(async (trx) => {
      const counts = await undoImport(ctx.store, ctx.registry, req, trx);
      const refusals = (await undoRefusals(ctx.store, id, 100, trx)).map((r) => ({
        row: r.rowNo,
        code: r.code,
        message: r.message,
      }));
      throw new Rollback({ ...counts, refusals });
    });
  } catch (e) {
    if (e instanceof Rollback) return e.preview;
    throw e;
  }
  throw new Error('unreachable');
}

/** An approver asks for the undo: the import becomes `undoing` and its job is queued. */
export async function requestUndo(
  ctx: ImportContext,
  workspace: string,
  id: string,
  actor: string,
  force: boolean,
  run: RunOptions = {},
): Promise<void> {
  await ownImport(ctx.store, workspace, id);
  await transition(ctx.store, id, 'undo', {
    actor,
    note: force ? 'undo, forced past later changes' : 'undo',
  });
  const state: UndoState = { force, by: actor };
  await ctx.store.db
    .updateTable('intake_import')
    .set({ undo: writeJson(ctx.store.profile, state) })
    .where('id', '=', id)
    .execute();
  await audit(ctx.store, {
    workspace,
    actor,
    action: 'import.undo',
    target: id,
    details: { force },
  });
  if (!run.inProcess) await enqueueJob(ctx, ctx.store.db, { kind: 'undo', importId: id });
}

export async function undoJob(
  ctx: ImportContext,
  id: string,
  attempt: Attempt,
  run: RunOptions = {},
): Promise<void> {
  const row = await ctx.store.db
    .selectFrom('intake_import')
    .select(['undo', 'workspace_id', 'status'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  if (row.status !== 'undoing') return; // done already, by a worker that died after
  const state = readJson<UndoState>(row.undo) ?? { force: false, by: 'system' };
  let counts: UndoCounts;
  run.onProgress?.({ phase: 'undo', rows: 0, total: 0 });
  try {
    const req = await undoRequest(ctx, id, state.force);
    counts = await ctx.store.db
      .transaction()
      .execute((trx) => undoImport(ctx.store, ctx.registry, req, trx));
  } catch (e) {
    if (attempt.n < attempt.max) throw e;
    const failure = failureOf(e);
    await saveError(ctx.store, id, {
      code: failure.code,
      message: `the undo failed, nothing was undone: ${failure.message}`,
    });
    await transition(ctx.store, id, 'undo_failed', {
      to: await statusBeforeUndo(ctx, id),
      actor: 'system',
      note: `the undo failed, nothing was undone: ${failure.message}`,
    });
    if (run.rethrow) {
      throw settle(e instanceof IntakeError ? e : new IntakeError(failure.code, failure.message));
    }
    return;
  }
  const done: UndoState = { ...state, ...counts, at: new Date().toISOString() };
  await ctx.store.db
    .updateTable('intake_import')
    .set({ undo: writeJson(ctx.store.profile, done) })
    .where('id', '=', id)
    .execute();
  await transition(ctx.store, id, 'undone', {
    actor: 'system',
    note: `${counts.deleted} deleted, ${counts.restored} restored, ${counts.refused} refused`,
  });
  await audit(ctx.store, {
    workspace: row.workspace_id,
    actor: state.by,
    action: 'import.undone',
    target: id,
    details: counts,
  });
  await ctx.onFinished?.(id);
}

/** Where an import stood before its undo began (an undo that fails goes back there). */
export async function statusBeforeUndo(ctx: ImportContext, id: string): Promise<ImportStatus> {
  const e = await ctx.store.db
    .selectFrom('intake_import_event')
    .select('from_status')
    .where('import_id', '=', id)
    .where('to_status', '=', 'undoing')
    .orderBy('at', 'desc')
    .executeTakeFirst();
  return (e?.from_status ?? 'completed') as ImportStatus;
}
