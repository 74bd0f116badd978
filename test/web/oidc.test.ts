import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import Provider from 'oidc-provider';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import type { Intake } from '../../src/service.js';
import { en as t } from '../../web/src/texts.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { axeProblems, browserMissing, launch } from '../helpers/browser.js';
import { ROOT } from '../helpers/files.js';

/**
 * Signing in with the team's identity provider (issue 17, item 5: "optionally OpenID
 * Connect"): a real provider (node-oidc-provider, with its own login and consent pages)
 * on this machine, a real browser, the authorization code flow with PKCE. A person an
 * admin added comes back signed in with their role; a new one gets the configured role;
 * a disabled one, an unverified e-mail, or a callback that was not started here are
 * refused, said on the sign-in page.
 */
const ARTIFACTS = join(ROOT, 'test-artifacts', 'web');

describe.skipIf(browserMissing)('sign-in with an identity provider', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe.each(BACKENDS)('on $name', (backend) => {
    let box: Sandbox;
    let intake: Intake;
    let app: FastifyInstance;
    let idp: Server;
    let base: string;
    let page: Page;

    beforeEach(async () => {
      // The provider's address is its issuer: listen first, answer once it is made.
      let handle: (req: IncomingMessage, res: ServerResponse) => void = (_q, s) => s.end();
      idp = createServer((q, s) => handle(q, s));
      await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
      const issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
      box = sandbox(backend);
      intake = await box.open({
        oidc: {
          issuer,
          clientId: 'intake',
          clientSecret: 'the client secret of this test',
          label: 'Acme SSO',
          nameClaim: 'email',
          role: 'viewer',
        },
      });
      app = await buildServer(intake);
      base = await app.listen({ port: 0, host: '127.0.0.1' });
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: 'intake',
            client_secret: 'the client secret of this test',
            redirect_uris: [`${base}/session/oidc/callback`],
            response_types: ['code'],
            grant_types: ['authorization_code'],
          },
        ],
        // Anyone may sign in at this provider with any password; their login is their
        // e-mail, verified unless it says otherwise.
        findAccount: (_ctx, id) => ({
          accountId: id,
          claims: () => ({ sub: id, email: id, email_verified: !id.startsWith('unverified') }),
        }),
        claims: { openid: ['sub'], email: ['email', 'email_verified'] },
        cookies: { keys: ['a cookie key of this test'] },
      });
      handle = provider.callback();
      page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    });
    afterEach(async () => {
      await page.context().close();
      await app.close();
      await new Promise((r) => idp.close(r));
      await intake.close();
      await box.cleanup();
    });

    /** Through the provider's own pages, as the person would. */
    const signInAt = async (login: string) => {
      await page.goto(`${base}/ui/`);
      await page.getByRole('link', { name: t.signIn.withProvider('Acme SSO') }).click();
      await page.locator('input[name=login]').fill(login);
      await page.locator('input[name=password]').fill('anything');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      // The provider asks once to share the e-mail with Intake.
      await page.getByRole('button', { name: 'Continue' }).click();
    };

    it('a person an admin added comes back signed in with their role, in every tab', async () => {
      await intake.access.createUser('acme', 'admin-kim', {
        name: 'ann@example.com',
        role: 'approver',
        password: 'a long password of ann',
      });
      await page.goto(`${base}/ui/`);
      const button = page.getByRole('link', { name: t.signIn.withProvider('Acme SSO') });
      await button.waitFor();
      await page.screenshot({
        path: join(ARTIFACTS, backend.name, 'oidc-sign-in.png'),
        fullPage: true,
      });
      expect(await axeProblems(page)).toEqual([]);

      await signInAt('ann@example.com');
      await page.getByText('ann@example.com · approver · workspace acme').waitFor();
      expect(new URL(page.url()).pathname).toBe('/ui/');
      // The session is the browser's: another tab is signed in too.
      const other = await page.context().newPage();
      await other.goto(`${base}/ui/`);
      await other.getByText('ann@example.com · approver').waitFor();
      const audit = await intake.access.auditLog('acme');
      expect(audit.map((a) => [a.action, a.actor, a.details])).toContainEqual([
        'session.start',
        'ann@example.com',
        { with: 'oidc' },
      ]);
    });

    it('a new person gets the configured role; a disabled one is refused, and told why', async () => {
      await signInAt('bob@example.com');
      const ws = intake.config.workspace;
      await page.getByText(`bob@example.com · viewer · workspace ${ws}`).waitFor();
      const bob = (await intake.access.listUsers(ws)).find((u) => u.name === 'bob@example.com')!;
      expect(bob.role).toBe('viewer');
      // No password opens this account: only the provider signs Bob in.
      await expect(
        intake.access.signIn({ name: 'bob@example.com', password: '!oidc' }),
      ).rejects.toMatchObject({ code: 'INTAKE_E_UNAUTHENTICATED' });

      await page.getByRole('button', { name: t.nav.signOut }).click();
      await intake.access.disableUser(ws, 'admin', bob.id);
      // The provider remembers Bob: it sends him straight back, and Intake refuses him.
      await page.getByRole('link', { name: t.signIn.withProvider('Acme SSO') }).click();
      await page
        .getByRole('alert')
        .getByText(/Intake has no such user \(or it is disabled\): ask an admin/)
        .waitFor();
      // The reason is said once: the address no longer carries it.
      expect(new URL(page.url()).search).toBe('');
      await page.getByLabel(t.signIn.name).waitFor();
    });

    it('refuses an e-mail the provider has not verified, and a callback not started here', async () => {
      await signInAt('unverified.cid@example.com');
      await page
        .getByRole('alert')
        .getByText('Acme SSO has not verified your e-mail address unverified.cid@example.com')
        .waitFor();
      expect(
        (await intake.access.listUsers(intake.config.workspace)).map((u) => u.name),
      ).not.toContain('unverified.cid@example.com');

      // A callback forged or replayed, without the sealed state of its start.
      const forged = await app.inject({
        method: 'GET',
        url: '/session/oidc/callback?code=abc&state=xyz',
      });
      expect(forged.statusCode).toBe(303);
      expect(forged.headers['set-cookie']).not.toMatch(/intake_session=[^;]/);
      expect(decodeURIComponent(String(forged.headers.location))).toMatch(
        /^\/ui\/\?signInError=the sign-in with Acme SSO was not started here/,
      );
    });
  });
});

describe('sign-in methods without an identity provider', () => {
  it('offers none, and says so when asked to start one', async () => {
    const box = sandbox(BACKENDS[0]!);
    const intake = await box.open();
    const app = await buildServer(intake);
    try {
      const methods = await app.inject({ method: 'GET', url: '/session/methods' });
      expect(methods.json()).toEqual({ oidc: null });
      const start = await app.inject({ method: 'GET', url: '/session/oidc' });
      expect(start.statusCode).toBe(404);
      expect(start.json()).toMatchObject({ code: 'INTAKE_E_NOT_FOUND' });
    } finally {
      await app.close();
      await intake.close();
      await box.cleanup();
    }
  });
});
