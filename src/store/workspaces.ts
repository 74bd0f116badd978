import type { WorkspaceSettings } from '../core/workspace-settings.js';
import type { Store } from './connect.js';
import { ensureWorkspace } from './imports.js';
import { readJson } from './json.js';

/** A workspace's settings as stored ({} when it set none). */
export async function workspaceSettings(
  store: Store,
  workspace: string,
): Promise<WorkspaceSettings> {
  const row = await store.db
    .selectFrom('intake_workspace')
    .select('settings')
    .where('id', '=', workspace)
    .executeTakeFirst();
  return row?.settings ? readJson<WorkspaceSettings>(row.settings) : {};
}

export async function saveWorkspaceSettings(
  store: Store,
  workspace: string,
  settings: WorkspaceSettings,
): Promise<void> {
  await ensureWorkspace(store, workspace);
  await store.db
    .updateTable('intake_workspace')
    .set({ settings: JSON.stringify(settings) })
    .where('id', '=', workspace)
    .execute();
}
