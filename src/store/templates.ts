import type { Schedule } from '../core/schedule.js';
import type { Store } from './connect.js';
import { readJson } from './json.js';

/**
 * Templates (SPEC M2): a named, saved import configuration for one entity type, per
 * workspace: options (mapping, match key, mode, commit, duplicates...), whether an
 * approver must approve, who is told when it ends.
 */
export interface TemplateSettings {
  options: Record<string, unknown>;
  approval: boolean;
  notify: string[];
  /** A recurring source: its URL shown redacted, the real one sealed (SecretBox). */
  schedule?: StoredSchedule;
}

export interface StoredSchedule extends Schedule {
  sealed: string;
  /** When the schedule was set: the first run is the first due time after it. */
  since: string;
}

export interface Template extends TemplateSettings {
  name: string;
  entity: string;
  updatedBy: string;
  updatedAt: string;
}

const parse = (v: unknown) => readJson<TemplateSettings>(v);

export async function saveTemplate(
  store: Store,
  workspace: string,
  t: { name: string; entity: string; settings: TemplateSettings; by: string },
): Promise<'created' | 'updated'> {
  const settings = store.profile.jsonParam(JSON.stringify(t.settings));
  const updated = await store.db
    .updateTable('intake_template')
    .set({ entity: t.entity, settings, updated_by: t.by, updated_at: store.profile.now })
    .where('workspace_id', '=', workspace)
    .where('name', '=', t.name)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) return 'updated';
  await store.db
    .insertInto('intake_template')
    .values({ workspace_id: workspace, name: t.name, entity: t.entity, settings, updated_by: t.by })
    .execute();
  return 'created';
}

export async function findTemplate(
  store: Store,
  workspace: string,
  name: string,
): Promise<Template | undefined> {
  const row = await store.db
    .selectFrom('intake_template')
    .select(['name', 'entity', 'settings', 'updated_by', 'updated_at'])
    .where('workspace_id', '=', workspace)
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? view(row) : undefined;
}

export async function listTemplates(store: Store, workspace: string): Promise<Template[]> {
  const rows = await store.db
    .selectFrom('intake_template')
    .select(['name', 'entity', 'settings', 'updated_by', 'updated_at'])
    .where('workspace_id', '=', workspace)
    .orderBy('name')
    .execute();
  return rows.map(view);
}

export async function deleteTemplate(
  store: Store,
  workspace: string,
  name: string,
): Promise<boolean> {
  const r = await store.db
    .deleteFrom('intake_template')
    .where('workspace_id', '=', workspace)
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

function view(r: {
  name: string;
  entity: string;
  settings: unknown;
  updated_by: string;
  updated_at: unknown;
}): Template {
  return {
    name: r.name,
    entity: r.entity,
    ...parse(r.settings),
    updatedBy: r.updated_by,
    updatedAt: new Date(r.updated_at as string).toISOString(),
  };
}
