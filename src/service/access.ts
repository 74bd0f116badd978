import type { Store } from '../store/connect.js';
import { audit, auditLog, type AuditEntry } from '../store/audit.js';
import { ensureWorkspace } from '../store/imports.js';
import { saveWorkspaceSettings, workspaceSettings } from '../store/workspaces.js';
import { parseWorkspaceSettings, type WorkspaceSettings } from '../core/workspace-settings.js';
import { IntakeError } from '../core/codes.js';
import { hashPassword, verifyPassword, weakPassword } from './password.js';
import { endSession, endUserSessions, findSession, startSession } from '../store/sessions.js';
import {
  anyUser,
  createUser,
  disableUser,
  listUsers,
  nameTaken,
  setPasswordHash,
  userById,
  userForSignIn,
  type UserInfo,
} from '../store/users.js';
import {
  anyToken,
  createToken,
  findToken,
  listTokens,
  revokeToken,
  type Role,
  type TokenInfo,
} from '../store/tokens.js';

export { ROLES, type Role, type TokenInfo } from '../store/tokens.js';
export type { AuditEntry } from '../store/audit.js';
export type { UserInfo } from '../store/users.js';

/** Checked against when the name is unknown, so that both answers take as long. */
let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword('intake: no such user'));

/**
 * The password of a user only the identity provider signs in: no password matches it
 * (password.ts reads only its own `scrypt$` hashes); an admin may give them one later.
 */
const NO_PASSWORD = '!oidc';

/** How someone signs in to the web UI: their name and password, or an API token. */
export type Credentials = { name: string; password: string } | { token: string };

/** Failed sign-ins in a row after which a name waits before trying again. */
const MAX_FAILURES = 5;
const LOCKOUT_MS = 15 * 60_000;
/** Names whose failures are counted at once, at most. */
const MAX_COUNTED = 10_000;

/**
 * Who may do what (SPEC I4) and who did what (SPEC I5): API tokens, users with
 * passwords, web sessions, and the audit log.
 */
export class AccessService {
  /** Failed sign-ins by name, in this process: a guesser is slowed, not served. */
  private readonly failures = new Map<string, { count: number; until: number }>();

  constructor(
    private readonly store: Store,
    private readonly sessionMs: number = 12 * 3600_000,
  ) {}

  /** An admin (or the CLI) adds a person who signs in with a name and a password. */
  async createUser(
    workspace: string,
    actor: string,
    u: { name: string; role: Role; password: string },
  ): Promise<UserInfo> {
    const name = u.name.trim();
    if (!/^[\p{L}\p{N}._@+-]{2,64}$/u.test(name)) {
      throw new IntakeError(
        'INTAKE_E_REQUEST',
        `user name "${u.name}": 2 to 64 letters, digits or . _ @ + -`,
        { path: 'name' },
      );
    }
    if (await nameTaken(this.store, name)) {
      throw new IntakeError('INTAKE_E_REQUEST', `the user name "${name}" is taken`, {
        path: 'name',
      });
    }
    const weak = weakPassword(u.password, name);
    if (weak) throw new IntakeError('INTAKE_E_REQUEST', weak, { path: 'password' });
    await ensureWorkspace(this.store, workspace);
    const user = await createUser(this.store, {
      workspace,
      name,
      role: u.role,
      passwordHash: await hashPassword(u.password),
    });
    await audit(this.store, {
      workspace,
      actor,
      action: 'user.create',
      target: user.id,
      details: { name, role: u.role },
    });
    return user;
  }

  /**
   * A session for a person the team's identity provider signed in (oidc.ts), by the name
   * it gave: a user of that name, or a new one with `role` when the configuration gives
   * one (they have no password: only the provider signs them in).
   */
  async signInVerified(
    name: string,
    workspace: string,
    via: string,
    role?: Role,
  ): Promise<{ me: TokenInfo; secret: string; expiresAt: Date }> {
    let user: UserInfo | undefined = await userForSignIn(this.store, name);
    if (!user && role && !(await nameTaken(this.store, name))) {
      await ensureWorkspace(this.store, workspace);
      user = await createUser(this.store, { workspace, name, role, passwordHash: NO_PASSWORD });
      await audit(this.store, {
        workspace,
        actor: via,
        action: 'user.create',
        target: user.id,
        details: { name, role, with: via },
      });
    }
    if (!user) {
      throw new IntakeError(
        'INTAKE_E_UNAUTHENTICATED',
        `${via} signed you in as "${name}", but Intake has no such user (or it is disabled): ask an admin to add "${name}"`,
      );
    }
    const me = { id: user.id, workspace: user.workspace, name: user.name, role: user.role };
    return this.started(me, { userId: user.id }, via);
  }

  listUsers(workspace: string): Promise<UserInfo[]> {
    return listUsers(this.store, workspace);
  }

  /** A disabled user cannot sign in, and their sessions end at once. */
  async disableUser(workspace: string, actor: string, id: string): Promise<boolean> {
    const done = await disableUser(this.store, workspace, id);
    if (done) {
      await endUserSessions(this.store, id);
      await audit(this.store, { workspace, actor, action: 'user.disable', target: id });
    }
    return done;
  }

  /**
   * A new password: a user's own (who must give the current one), or one an admin sets.
   * The user's other sessions end.
   */
  async setPassword(
    who: TokenInfo,
    userId: string,
    password: string,
    current?: string,
  ): Promise<void> {
    const user = await userById(this.store, userId);
    if (!user || user.workspace !== who.workspace) {
      throw new IntakeError('INTAKE_E_NOT_FOUND', `no user ${userId} in this workspace`);
    }
    if (current !== undefined) {
      const signIn = await userForSignIn(this.store, user.name);
      if (!signIn || !(await verifyPassword(current, signIn.passwordHash))) {
        throw new IntakeError('INTAKE_E_UNAUTHENTICATED', 'the current password is not right');
      }
    }
    const weak = weakPassword(password, user.name);
    if (weak) throw new IntakeError('INTAKE_E_REQUEST', weak, { path: 'password' });
    await setPasswordHash(this.store, user.id, await hashPassword(password));
    await endUserSessions(this.store, user.id);
    await audit(this.store, {
      workspace: user.workspace,
      actor: who.name,
      action: 'user.password',
      target: user.id,
    });
  }

  /**
   * A web session for a name and password, or for an API token: its secret goes in an
   * http-only cookie. A wrong guess says nothing of which part was wrong; five in a
   * row make that name wait a quarter of an hour.
   */
  async signIn(c: Credentials): Promise<{ me: TokenInfo; secret: string; expiresAt: Date }> {
    // Names are counted; a token cannot be guessed (192 random bits), and one count for
    // all tokens would let anyone lock every script out.
    const key = 'token' in c ? undefined : c.name.trim().toLowerCase();
    const failed = key === undefined ? undefined : this.failures.get(key);
    if (failed && failed.count >= MAX_FAILURES && failed.until > Date.now()) {
      throw new IntakeError(
        'INTAKE_E_UNAUTHENTICATED',
        `too many failed sign-ins: try again in ${Math.ceil((failed.until - Date.now()) / 60_000)} minutes`,
        { retryAfter: Math.ceil((failed.until - Date.now()) / 1000) },
      );
    }
    let me: TokenInfo | undefined;
    let who: { userId?: string; tokenId?: string } = {};
    if ('token' in c) {
      me = await findToken(this.store, c.token.trim());
      who = { tokenId: me?.id };
    } else {
      const user = await userForSignIn(this.store, c.name.trim());
      // A name that does not exist costs a hash too: the answer's time tells nothing.
      const ok = await verifyPassword(c.password, user?.passwordHash ?? (await dummyHash()));
      if (user && ok) {
        me = { id: user.id, workspace: user.workspace, name: user.name, role: user.role };
        who = { userId: user.id };
      }
    }
    if (!me) {
      if (key !== undefined) this.countFailure(key, failed);
      throw new IntakeError(
        'INTAKE_E_UNAUTHENTICATED',
        'token' in c
          ? 'this API token is unknown or revoked'
          : 'the name or the password is not right',
      );
    }
    if (key !== undefined) this.failures.delete(key);
    return this.started(me, who, 'token' in c ? 'token' : 'password');
  }

  /** A session for whoever signed in, and its audit row (`with`: how they did). */
  private async started(
    me: TokenInfo,
    who: { userId?: string; tokenId?: string },
    how: string,
  ): Promise<{ me: TokenInfo; secret: string; expiresAt: Date }> {
    const session = await startSession(this.store, who, this.sessionMs);
    await audit(this.store, {
      workspace: me.workspace,
      actor: me.name,
      action: 'session.start',
      target: me.id,
      details: { with: how },
    });
    return { me, ...session };
  }

  private countFailure(key: string, failed?: { count: number; until: number }): void {
    const now = Date.now();
    const count = (failed && failed.until > now ? failed.count : 0) + 1;
    this.failures.set(key, { count, until: now + LOCKOUT_MS });
    // Names made up by a guesser must not fill the memory: the lapsed ones go first.
    if (this.failures.size > MAX_COUNTED) {
      for (const [k, v] of this.failures) if (v.until <= now) this.failures.delete(k);
      for (const k of this.failures.keys()) {
        if (this.failures.size <= MAX_COUNTED) break;
        this.failures.delete(k);
      }
    }
  }

  findSession(secret: string): Promise<TokenInfo | undefined> {
    return findSession(this.store, secret);
  }

  signOut(secret: string): Promise<void> {
    return endSession(this.store, secret);
  }

  async createToken(workspace: string, name: string, role: Role): ReturnType<typeof createToken> {
    await ensureWorkspace(this.store, workspace);
    return createToken(this.store, { workspace, name, role });
  }

  /** Whether anyone can sign in yet: an API token or a user, in any workspace. */
  async hasTokens(): Promise<boolean> {
    return (await anyToken(this.store)) || (await anyUser(this.store));
  }

  findToken(secret: string): Promise<TokenInfo | undefined> {
    return findToken(this.store, secret);
  }

  listTokens(workspace: string): Promise<TokenInfo[]> {
    return listTokens(this.store, workspace);
  }

  revokeToken(workspace: string, id: string): Promise<boolean> {
    return revokeToken(this.store, workspace, id);
  }

  /** What the workspace decides for all its imports (approval rules). */
  settings(workspace: string): Promise<WorkspaceSettings> {
    return workspaceSettings(this.store, workspace);
  }

  /** An admin sets the workspace's settings (all of them: what is left out is unset). */
  async saveSettings(workspace: string, actor: string, input: unknown): Promise<WorkspaceSettings> {
    const settings = parseWorkspaceSettings(input);
    await saveWorkspaceSettings(this.store, workspace, settings);
    await audit(this.store, {
      workspace,
      actor,
      action: 'workspace.settings',
      target: workspace,
      details: settings,
    });
    return settings;
  }

  auditLog(workspace: string): Promise<AuditEntry[]> {
    return auditLog(this.store, workspace);
  }

  audit(entry: Parameters<typeof audit>[1]): Promise<void> {
    return audit(this.store, entry);
  }
}
