import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';

/**
 * Sign-in people use (issue 17, item 5): users with passwords kept as scrypt hashes,
 * web sessions in an http-only cookie, sign-out that ends them on the server, and API
 * tokens still there for scripts (and able to start a session too).
 */
describe.each(BACKENDS)('users and sessions on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  let app: FastifyInstance;
  let admin: string;

  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open();
    app = await buildServer(intake);
    admin = (await intake.access.createToken('acme', 'root', 'admin')).secret;
  });
  afterEach(async () => {
    await app.close();
    await intake.close();
    await box.cleanup();
  });

  const asAdmin = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url, payload, headers: { authorization: `Bearer ${admin}` } });
  const signIn = (payload: object) => app.inject({ method: 'POST', url: '/session', payload });
  /** The session cookie a sign-in set, as the browser sends it back. */
  const sessionOf = (res: LightMyRequestResponse) => {
    const c = res.cookies.find((x) => x.name === 'intake_session');
    return c ? `intake_session=${c.value}` : '';
  };
  const me = (cookie: string) => app.inject({ method: 'GET', url: '/me', headers: { cookie } });
  const addUser = async (name: string, role = 'importer', password = 'a long passphrase') =>
    (await asAdmin('POST', '/users', { name, role, password })).json();

  it('an admin adds a user, who signs in with a password into an http-only cookie, and signs out', async () => {
    const created = await asAdmin('POST', '/users', {
      name: 'ann',
      role: 'approver',
      password: 'a long passphrase',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'ann', role: 'approver', workspace: 'acme' });
    // Stored only as a salted scrypt hash.
    const stored = await sql<{ password_hash: string }>`
      SELECT password_hash FROM intake_user WHERE name = 'ann'`.execute(intake.store.db);
    expect(stored.rows[0]!.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(stored.rows[0]!.password_hash).not.toContain('passphrase');

    const res = await signIn({ name: 'ann', password: 'a long passphrase' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'ann', role: 'approver', workspace: 'acme' });
    const set = res.cookies.find((c) => c.name === 'intake_session')!;
    expect(set).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    // The cookie lasts as long as the session: sessionHours, 12 by default.
    const hours = (new Date(set.expires!).getTime() - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);
    const cookie = sessionOf(res);
    expect((await me(cookie)).json()).toEqual({ name: 'ann', workspace: 'acme', role: 'approver' });

    const out = await app.inject({ method: 'DELETE', url: '/session', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'intake_session')!.value).toBe('');
    // Ended on the server: the old cookie, sent again, opens nothing.
    const after = await me(cookie);
    expect(after.statusCode).toBe(401);
    expect(after.json().message).toMatch(/the session has ended/);
    const log = await intake.access.auditLog('acme');
    expect(log.map((a) => a.action)).toEqual(
      expect.arrayContaining(['user.create', 'session.start']),
    );
  });

  it('a session ends when its time is up', async () => {
    await addUser('hal');
    const cookie = sessionOf(await signIn({ name: 'hal', password: 'a long passphrase' }));
    expect((await me(cookie)).statusCode).toBe(200);
    // Its time, moved into the past (what sessionHours would do in 12 hours).
    const past = new Date(Date.now() - 1000);
    await intake.store.db
      .updateTable('intake_session')
      .set({ expires_at: backend.name === 'sqlite' ? past.toISOString() : past })
      .execute();
    const after = await me(cookie);
    expect(after.statusCode).toBe(401);
    expect(after.json().message).toMatch(/expired/);
  });

  it('a change made with the cookie alone needs the UI header; a read does not', async () => {
    await addUser('bob');
    const cookie = sessionOf(await signIn({ name: 'bob', password: 'a long passphrase' }));
    const form = await app.inject({
      method: 'POST',
      url: '/imports/sources',
      headers: { cookie, 'content-type': 'application/json' },
      payload: { inline: 'code,name\nS1,One\n', entity: 'loyalty.store' },
    });
    expect(form.statusCode).toBe(403);
    expect(form.json().message).toMatch(/X-Requested-With/);
    const ui = await app.inject({
      method: 'POST',
      url: '/imports/sources',
      headers: { cookie, 'x-requested-with': 'intake', 'content-type': 'application/json' },
      payload: { inline: 'code,name\nS1,One\n', entity: 'loyalty.store' },
    });
    expect(ui.statusCode).toBe(202);
    expect((await me(cookie)).statusCode).toBe(200);
  });

  it('wrong passwords say nothing of which part was wrong, and five in a row lock the name', async () => {
    await addUser('cy');
    const unknown = await signIn({ name: 'nobody', password: 'a long passphrase' });
    const wrong = await signIn({ name: 'cy', password: 'not the passphrase' });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().message).toBe('the name or the password is not right');
    for (let i = 0; i < 4; i++) await signIn({ name: 'cy', password: `guess ${i}` });
    // Even the right password waits now.
    const locked = await signIn({ name: 'cy', password: 'a long passphrase' });
    expect(locked.statusCode).toBe(401);
    expect(locked.json().message).toMatch(/too many failed sign-ins: try again in 15 minutes/);
    // Another name is not held up.
    await addUser('dee');
    expect((await signIn({ name: 'dee', password: 'a long passphrase' })).statusCode).toBe(200);
  });

  it('refuses weak passwords and taken names, with the field named', async () => {
    const short = await asAdmin('POST', '/users', {
      name: 'eve',
      role: 'viewer',
      password: 'short',
    });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({
      code: 'INTAKE_E_REQUEST',
      message: 'a password needs at least 10 characters',
      details: { path: 'password' },
    });
    const named = await asAdmin('POST', '/users', {
      name: 'eve',
      role: 'viewer',
      password: 'eve-is-my-password',
    });
    expect(named.json().message).toBe('a password must not contain the user name');
    await addUser('eve', 'viewer');
    const taken = await asAdmin('POST', '/users', {
      name: 'eve',
      role: 'admin',
      password: 'another passphrase',
    });
    expect(taken.json()).toMatchObject({ message: 'the user name "eve" is taken' });
    // Only admins add users.
    const viewer = sessionOf(await signIn({ name: 'eve', password: 'a long passphrase' }));
    const denied = await app.inject({
      method: 'POST',
      url: '/users',
      headers: { cookie: viewer, 'x-requested-with': 'intake' },
      payload: { name: 'fay', role: 'admin', password: 'a long passphrase' },
    });
    expect(denied.statusCode).toBe(403);
  });

  it('a new password ends the other sessions; a disabled user is signed out everywhere', async () => {
    const gus = await addUser('gus');
    const laptop = sessionOf(await signIn({ name: 'gus', password: 'a long passphrase' }));
    const phone = sessionOf(await signIn({ name: 'gus', password: 'a long passphrase' }));
    const wrongCurrent = await app.inject({
      method: 'PUT',
      url: '/me/password',
      headers: { cookie: laptop, 'x-requested-with': 'intake' },
      payload: { current: 'not it at all', password: 'a new long passphrase' },
    });
    expect(wrongCurrent.statusCode).toBe(401);
    const changed = await app.inject({
      method: 'PUT',
      url: '/me/password',
      headers: { cookie: laptop, 'x-requested-with': 'intake' },
      payload: { current: 'a long passphrase', password: 'a new long passphrase' },
    });
    expect(changed.statusCode).toBe(204);
    expect((await me(phone)).statusCode).toBe(401);
    expect((await signIn({ name: 'gus', password: 'a long passphrase' })).statusCode).toBe(401);
    const fresh = sessionOf(await signIn({ name: 'gus', password: 'a new long passphrase' }));
    expect((await me(fresh)).statusCode).toBe(200);

    expect((await asAdmin('GET', '/users')).json().map((u: { name: string }) => u.name)).toEqual([
      'gus',
    ]);
    expect((await asAdmin('DELETE', `/users/${gus.id}`)).statusCode).toBe(204);
    expect((await me(fresh)).statusCode).toBe(401);
    expect((await signIn({ name: 'gus', password: 'a new long passphrase' })).statusCode).toBe(401);
    expect((await asAdmin('GET', '/users')).json()).toEqual([]);
  });

  it('an API token starts a session too, which ends when the token is revoked', async () => {
    const t = await intake.access.createToken('acme', 'kim', 'importer');
    const res = await signIn({ token: t.secret });
    expect(res.json()).toMatchObject({ name: 'kim', role: 'importer' });
    const cookie = sessionOf(res);
    expect((await me(cookie)).statusCode).toBe(200);
    await asAdmin('DELETE', `/tokens/${t.id}`);
    expect((await me(cookie)).statusCode).toBe(401);
    expect((await signIn({ token: 'itk_nope' })).json().message).toBe(
      'this API token is unknown or revoked',
    );
  });
});
