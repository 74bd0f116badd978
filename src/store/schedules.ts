import type { Store } from './connect.js';
import { readJson } from './json.js';
import type { TemplateSettings } from './templates.js';

/**
 * The runs of scheduled templates (migration 0006): claimed by inserting the run of a
 * due time (one worker wins), then finished with what happened.
 */
export interface ScheduleRun {
  template: string;
  dueAt: string;
  outcome: 'running' | 'imported' | 'skipped' | 'failed';
  importId: string | null;
  hash: string | null;
  message: string | null;
}

/** Every template with a schedule, of every workspace. */
export async function scheduledTemplates(
  store: Store,
): Promise<{ workspace: string; name: string; settings: TemplateSettings }[]> {
  const rows = await store.db
    .selectFrom('intake_template')
    .select(['workspace_id', 'name', 'settings'])
    .orderBy('workspace_id')
    .orderBy('name')
    .execute();
  return rows
    .map((r) => ({
      workspace: r.workspace_id,
      name: r.name,
      settings: readJson<TemplateSettings>(r.settings),
    }))
    .filter((t) => t.settings.schedule);
}

/** Take the run of this due time; false when another worker has it already. */
export async function claimRun(
  store: Store,
  workspace: string,
  template: string,
  dueAt: string,
): Promise<boolean> {
  const r = await store.db
    .insertInto('intake_schedule_run')
    .values({ workspace_id: workspace, template, due_at: dueAt, outcome: 'running' })
    .onConflict((oc) => oc.columns(['workspace_id', 'template', 'due_at']).doNothing())
    .returning('due_at')
    .executeTakeFirst();
  return r !== undefined;
}

export async function finishRun(
  store: Store,
  workspace: string,
  template: string,
  dueAt: string,
  end: Pick<ScheduleRun, 'outcome' | 'importId' | 'hash' | 'message'>,
): Promise<void> {
  await store.db
    .updateTable('intake_schedule_run')
    .set({
      outcome: end.outcome,
      import_id: end.importId,
      hash: end.hash,
      message: end.message,
    })
    .where('workspace_id', '=', workspace)
    .where('template', '=', template)
    .where('due_at', '=', dueAt)
    .execute();
}

/** The template's runs, latest first. */
export async function listRuns(
  store: Store,
  workspace: string,
  template: string,
  limit = 50,
): Promise<ScheduleRun[]> {
  const rows = await store.db
    .selectFrom('intake_schedule_run')
    .select(['template', 'due_at', 'outcome', 'import_id', 'hash', 'message'])
    .where('workspace_id', '=', workspace)
    .where('template', '=', template)
    .orderBy('due_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    template: r.template,
    dueAt: r.due_at,
    outcome: r.outcome,
    importId: r.import_id,
    hash: r.hash,
    message: r.message,
  }));
}

/** The last run that fetched a file, before `dueAt`: its hash and import. */
export async function lastFetched(
  store: Store,
  workspace: string,
  template: string,
  dueAt: string,
): Promise<{ hash: string; dueAt: string; importId: string | null } | undefined> {
  const r = await store.db
    .selectFrom('intake_schedule_run')
    .select(['hash', 'due_at', 'import_id'])
    .where('workspace_id', '=', workspace)
    .where('template', '=', template)
    .where('due_at', '<', dueAt)
    .where('hash', 'is not', null)
    .orderBy('due_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? { hash: r.hash!, dueAt: r.due_at, importId: r.import_id } : undefined;
}

/** The latest due time that was run (or claimed). */
export async function lastRunDue(
  store: Store,
  workspace: string,
  template: string,
): Promise<string | undefined> {
  const r = await store.db
    .selectFrom('intake_schedule_run')
    .select((eb) => eb.fn.max('due_at').as('due'))
    .where('workspace_id', '=', workspace)
    .where('template', '=', template)
    .executeTakeFirst();
  return (r?.due as string | null) ?? undefined;
}

export async function deleteRuns(store: Store, workspace: string, template: string): Promise<void> {
  await store.db
    .deleteFrom('intake_schedule_run')
    .where('workspace_id', '=', workspace)
    .where('template', '=', template)
    .execute();
}
