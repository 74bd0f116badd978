import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Store } from './connect.js';

/**
 * API tokens (SPEC I4): shown once when made, stored only as a SHA-256 hash. Each
 * belongs to one workspace and carries one role.
 */
export const ROLES = ['viewer', 'importer', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface TokenInfo {
  id: string;
  workspace: string;
  name: string;
  role: Role;
}

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

export async function createToken(
  store: Store,
  t: { workspace: string; name: string; role: Role },
): Promise<TokenInfo & { secret: string }> {
  const id = randomUUID();
  const secret = `itk_${randomBytes(24).toString('base64url')}`;
  await store.db
    .insertInto('intake_token')
    .values({ id, workspace_id: t.workspace, name: t.name, role: t.role, hash: hash(secret) })
    .execute();
  return { id, workspace: t.workspace, name: t.name, role: t.role, secret };
}

export async function findToken(store: Store, secret: string): Promise<TokenInfo | undefined> {
  const row = await store.db
    .selectFrom('intake_token')
    .select(['id', 'workspace_id', 'name', 'role'])
    .where('hash', '=', hash(secret))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row
    ? { id: row.id, workspace: row.workspace_id, name: row.name, role: row.role as Role }
    : undefined;
}

export async function listTokens(store: Store, workspace: string): Promise<TokenInfo[]> {
  const rows = await store.db
    .selectFrom('intake_token')
    .select(['id', 'workspace_id', 'name', 'role'])
    .where('workspace_id', '=', workspace)
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    workspace: r.workspace_id,
    name: r.name,
    role: r.role as Role,
  }));
}

export async function revokeToken(store: Store, workspace: string, id: string): Promise<boolean> {
  const r = await store.db
    .updateTable('intake_token')
    .set({ revoked_at: store.profile.now })
    .where('id', '=', id)
    .where('workspace_id', '=', workspace)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Whether any token exists, in any workspace (a fresh install has none). */
export async function anyToken(store: Store): Promise<boolean> {
  const row = await store.db.selectFrom('intake_token').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}
