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

/** How a secret (a token's, a session's) is kept: only its SHA-256. */
export const secretHash = (secret: string) => createHash('sha256').update(secret).digest('hex');

export async function createToken(
  store: Store,
  t: { workspace: string; name: string; role: Role },
): Promise<TokenInfo & { secret: string }> {
  const id = randomUUID();
  const secret = `itk_${randomBytes(24).toString('base64url')}`;
  await store.db
    .insertInto('intake_token')
    .values({ id, workspace_id: t.workspace, name: t.name, role: t.role, hash: secretHash(secret) })
    .execute();
  return { id, workspace: t.workspace, name: t.name, role: t.role, secret };
}

/** Tokens in force (not revoked), as a query to narrow. */
const inForce = (store: Store) =>
  store.db
    .selectFrom('intake_token')
    .select(['id', 'workspace_id', 'name', 'role'])
    .where('revoked_at', 'is', null);

const toInfo = (
  row: { id: string; workspace_id: string; name: string; role: string } | undefined,
) =>
  row
    ? { id: row.id, workspace: row.workspace_id, name: row.name, role: row.role as Role }
    : undefined;

export async function findToken(store: Store, secret: string): Promise<TokenInfo | undefined> {
  return toInfo(await inForce(store).where('hash', '=', secretHash(secret)).executeTakeFirst());
}

/** A token still in force, by its id (a session started with it). */
export async function findTokenById(store: Store, id: string): Promise<TokenInfo | undefined> {
  return toInfo(await inForce(store).where('id', '=', id).executeTakeFirst());
}

export async function listTokens(store: Store, workspace: string): Promise<TokenInfo[]> {
  const rows = await inForce(store)
    .where('workspace_id', '=', workspace)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => toInfo(r)!);
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
