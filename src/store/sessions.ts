import { randomBytes, randomUUID } from 'node:crypto';
import type { Store } from './connect.js';
import { findTokenById, secretHash, type TokenInfo } from './tokens.js';
import { userById } from './users.js';

/**
 * Sessions of the web UI: a random secret in an http-only cookie, stored here only as
 * its SHA-256 hash. A session stands for a user or an API token, read again on every
 * request: a disabled user, a revoked token or a changed role counts at once.
 */
export interface Session {
  secret: string;
  expiresAt: Date;
}

export async function startSession(
  store: Store,
  who: { userId?: string; tokenId?: string },
  lifetimeMs: number,
): Promise<Session> {
  const secret = `its_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(Date.now() + lifetimeMs);
  await store.db
    .insertInto('intake_session')
    .values({
      id: randomUUID(),
      hash: secretHash(secret),
      user_id: who.userId ?? null,
      token_id: who.tokenId ?? null,
      // ISO text: SQLite keeps it as is, PostgreSQL reads it into its timestamptz.
      expires_at: expiresAt.toISOString(),
    })
    .execute();
  return { secret, expiresAt };
}

/** Who a session's secret stands for, while it lasts. */
export async function findSession(store: Store, secret: string): Promise<TokenInfo | undefined> {
  const s = await store.db
    .selectFrom('intake_session')
    .select(['user_id', 'token_id', 'expires_at'])
    .where('hash', '=', secretHash(secret))
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  if (!s || new Date(s.expires_at).getTime() <= Date.now()) return undefined;
  if (s.user_id) {
    const u = await userById(store, s.user_id);
    return u && { id: u.id, workspace: u.workspace, name: u.name, role: u.role };
  }
  return s.token_id ? findTokenById(store, s.token_id) : undefined;
}

export async function endSession(store: Store, secret: string): Promise<void> {
  await store.db
    .updateTable('intake_session')
    .set({ ended_at: store.profile.now })
    .where('hash', '=', secretHash(secret))
    .where('ended_at', 'is', null)
    .execute();
}

/** Every session of a user ends (disabled, or their password changed elsewhere). */
export async function endUserSessions(store: Store, userId: string): Promise<void> {
  await store.db
    .updateTable('intake_session')
    .set({ ended_at: store.profile.now })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .execute();
}
