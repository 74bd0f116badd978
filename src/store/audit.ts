import type { Store } from './connect.js';
import { readJson } from './json.js';

/** Who did what to which import, template or token (SPEC I5), per workspace. */
export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  target: string;
  details: unknown;
}

export async function audit(
  store: Store,
  e: { workspace: string; actor: string; action: string; target: string; details?: unknown },
): Promise<void> {
  await store.db
    .insertInto('intake_audit')
    .values({
      workspace_id: e.workspace,
      actor: e.actor,
      action: e.action,
      target: e.target,
      details: store.profile.jsonParam(e.details === undefined ? null : JSON.stringify(e.details)),
    })
    .execute();
}

export async function auditLog(
  store: Store,
  workspace: string,
  limit = 200,
): Promise<AuditEntry[]> {
  const rows = await store.db
    .selectFrom('intake_audit')
    .select(['at', 'actor', 'action', 'target', 'details'])
    .where('workspace_id', '=', workspace)
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    action: r.action,
    target: r.target,
    details: readJson(r.details),
  }));
}
