import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Job } from '../store/queue.js';
import {
  localFiles,
  sourcesOf,
  statusOf,
  submission,
  type ImportContext,
} from './import-context.js';
import { openInputs } from './import-inputs.js';
import { stageChunks, type StagePlan } from './stage-chunks.js';

/**
 * A `stage` job (stage-chunks.ts): a worker helps a large import's validation by staging
 * its chunks until none is left to take. It opens the import's files as the validation
 * did (restored from the database on another machine), and stops once the import is no
 * longer validating under the same split (cancelled, failed, or validated again).
 */
export async function stageJob(
  ctx: ImportContext,
  job: Job,
  signal?: AbortSignal,
  beat?: () => void,
): Promise<void> {
  const id = job.importId;
  const plan = await loadPlan(ctx, id);
  if (!plan || (await statusOf(ctx.store, id)) !== 'validating') return;
  const stillMine = async () =>
    (await statusOf(ctx.store, id)) === 'validating' &&
    (await loadPlan(ctx, id))?.token === plan.token;
  const sub = await submission(ctx.store, id);
  await localFiles(ctx, id, sub);
  await mkdir(ctx.workDir, { recursive: true });
  const workDir = await mkdtemp(join(ctx.workDir, 'stage-'));
  try {
    const { inputs } = await openInputs(
      ctx.registry,
      {
        files: sourcesOf(ctx, sub),
        inline: sub.inline,
        entity: sub.entity,
        options: sub.options,
        fetch: ctx.base.fetch,
        limits: ctx.base.limits,
      },
      workDir,
    );
    await stageChunks(ctx.store, ctx.registry, ctx.queue, {
      importId: id,
      plan,
      sheets: new Map(inputs.map((i) => [i.fileNo, () => i.sheet.chunks()])),
      me: { id: job.id, attempts: job.attempts },
      workers: ctx.base.workers ?? 0,
      signal,
      waitForOthers: false,
      onStaged: () => beat?.(),
      stillMine,
    });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function loadPlan(ctx: ImportContext, id: string): Promise<StagePlan | undefined> {
  const row = await ctx.store.db
    .selectFrom('intake_stage_plan')
    .select('plan')
    .where('import_id', '=', id)
    .executeTakeFirst();
  return row ? (JSON.parse(row.plan) as StagePlan) : undefined;
}
