import { randomUUID } from 'node:crypto';
import type { Store } from './connect.js';
import type { Role, TokenInfo } from './tokens.js';

/**
 * People who sign in with a name and a password: one workspace and one role each,
 * like an API token. Names are unique across workspaces (they sign in by name alone).
 * A user is disabled, never deleted: the audit log keeps naming them.
 */
export interface UserInfo extends TokenInfo {
  createdAt: string;
}

export async function createUser(
  store: Store,
  u: { workspace: string; name: string; role: Role; passwordHash: string },
): Promise<UserInfo> {
  const id = randomUUID();
  await store.db
    .insertInto('intake_user')
    .values({
      id,
      workspace_id: u.workspace,
      name: u.name,
      role: u.role,
      password_hash: u.passwordHash,
    })
    .execute();
  return (await userById(store, id))!;
}

const columns = ['id', 'workspace_id', 'name', 'role', 'created_at'] as const;

function info(r: {
  id: string;
  workspace_id: string;
  name: string;
  role: string;
  created_at: Date | string;
}): UserInfo {
  return {
    id: r.id,
    workspace: r.workspace_id,
    name: r.name,
    role: r.role as Role,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

export async function userById(store: Store, id: string): Promise<UserInfo | undefined> {
  const r = await store.db
    .selectFrom('intake_user')
    .select(columns)
    .where('id', '=', id)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return r && info(r);
}

/** An active user by name, with the stored hash to check a password against. */
export async function userForSignIn(
  store: Store,
  name: string,
): Promise<(UserInfo & { passwordHash: string }) | undefined> {
  const r = await store.db
    .selectFrom('intake_user')
    .select([...columns, 'password_hash'])
    .where('name', '=', name)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return r && { ...info(r), passwordHash: r.password_hash };
}

/** Whether the name is taken, by an active or a disabled user. */
export async function nameTaken(store: Store, name: string): Promise<boolean> {
  const r = await store.db
    .selectFrom('intake_user')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirst();
  return r !== undefined;
}

export async function listUsers(store: Store, workspace: string): Promise<UserInfo[]> {
  const rows = await store.db
    .selectFrom('intake_user')
    .select(columns)
    .where('workspace_id', '=', workspace)
    .where('disabled_at', 'is', null)
    .orderBy('name')
    .execute();
  return rows.map(info);
}

export async function setPasswordHash(store: Store, id: string, hash: string): Promise<void> {
  await store.db
    .updateTable('intake_user')
    .set({ password_hash: hash })
    .where('id', '=', id)
    .execute();
}

export async function disableUser(store: Store, workspace: string, id: string): Promise<boolean> {
  const r = await store.db
    .updateTable('intake_user')
    .set({ disabled_at: store.profile.now })
    .where('id', '=', id)
    .where('workspace_id', '=', workspace)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Whether anyone can sign in yet: a user or an API token, in any workspace. */
export async function anyUser(store: Store): Promise<boolean> {
  const r = await store.db.selectFrom('intake_user').select('id').limit(1).executeTakeFirst();
  return r !== undefined;
}
