import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { IntakeError } from '../../core/codes.js';
import { ROLES, type Intake, type Role } from '../../service.js';
import { PENDING_MS } from '../../service/oidc.js';
import { SESSION_COOKIE, who } from '../auth.js';

/** The sealed state of a sign-in with the identity provider, while the browser is there. */
const OIDC_COOKIE = 'intake_oidc';
import { ME, USER } from '../schemas.js';

const PASSWORD = { type: 'string', minLength: 1, maxLength: 1000 };

/**
 * Signing in to the web UI (issue 17, item 5): a name and password, or an API token,
 * start a session kept in an http-only cookie that every tab of the browser shares;
 * signing out ends it on the server. Admins add users; each changes their own password.
 */
export function sessionRoutes(intake: Intake): FastifyPluginAsync {
  return async (app) => {
    // Secure over HTTPS: the request's own, or the public address's when a proxy in front
    // ends TLS and speaks plain HTTP to Intake.
    const publicHttps = intake.config.publicUrl?.startsWith('https:') ?? false;
    const cookie = (request: FastifyRequest, expires: Date) => ({
      path: '/',
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: publicHttps || request.protocol === 'https',
      expires,
    });

    app.post<{ Body: { name?: string; password?: string; token?: string } }>(
      '/session',
      {
        schema: {
          description:
            'Sign in: a name and password, or an API token. The session is set in an http-only cookie (intake_session).',
          security: [],
          body: {
            type: 'object',
            additionalProperties: false,
            properties: {
              name: { type: 'string', minLength: 1, maxLength: 64 },
              password: PASSWORD,
              token: { type: 'string', minLength: 1, maxLength: 200 },
            },
          },
          response: {
            200: { ...ME, properties: { ...ME.properties, expiresAt: { type: 'string' } } },
          },
        },
      },
      async (request, reply) => {
        const { name, password, token } = request.body;
        const credentials =
          token !== undefined
            ? { token }
            : name !== undefined && password !== undefined
              ? { name, password }
              : undefined;
        if (!credentials) {
          throw new IntakeError('INTAKE_E_REQUEST', 'give a name and a password, or a token', {
            path: 'name',
          });
        }
        const s = await intake.access.signIn(credentials);
        void reply.setCookie(SESSION_COOKIE, s.secret, cookie(request, s.expiresAt));
        return {
          name: s.me.name,
          workspace: s.me.workspace,
          role: s.me.role,
          expiresAt: s.expiresAt.toISOString(),
        };
      },
    );

    // The team's identity provider (OpenID Connect), when the configuration names one.
    const oidc = intake.oidc;
    /** Where the browser reaches this server: the public address, else the request's. */
    const base = (request: FastifyRequest) =>
      (intake.config.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
    const pendingCookie = (request: FastifyRequest) => ({
      ...cookie(request, new Date(Date.now() + PENDING_MS)),
      path: '/session/oidc',
    });

    app.get(
      '/session/methods',
      {
        schema: {
          description:
            'How people sign in here: always a name and password (or an API token); `oidc` when an identity provider is configured (GET /session/oidc starts it).',
          security: [],
          response: {
            200: {
              type: 'object',
              additionalProperties: false,
              required: ['oidc'],
              properties: {
                oidc: {
                  type: ['object', 'null'],
                  additionalProperties: false,
                  required: ['label'],
                  properties: { label: { type: 'string' } },
                },
              },
            },
          },
        },
      },
      async () => ({ oidc: oidc ? { label: oidc.config.label } : null }),
    );

    app.get(
      '/session/oidc',
      {
        schema: {
          description:
            'Sign in with the identity provider: a redirect to it (authorization code flow with PKCE); it sends the browser back to /session/oidc/callback.',
          security: [],
        },
      },
      async (request, reply) => {
        if (!oidc) {
          throw new IntakeError(
            'INTAKE_E_NOT_FOUND',
            "no identity provider is configured here (the configuration's oidc)",
          );
        }
        const { url, pending } = await oidc.begin(`${base(request)}/session/oidc/callback`);
        void reply.setCookie(OIDC_COOKIE, pending, pendingCookie(request));
        return reply.redirect(url, 302);
      },
    );

    app.get(
      '/session/oidc/callback',
      {
        schema: {
          description:
            'Back from the identity provider: the session cookie is set and the browser goes to the web UI; a refusal goes there too, said on the sign-in page.',
          security: [],
        },
      },
      async (request, reply) => {
        const sealed = request.cookies[OIDC_COOKIE];
        void reply.clearCookie(OIDC_COOKIE, { path: '/session/oidc' });
        try {
          if (!oidc)
            throw new IntakeError('INTAKE_E_NOT_FOUND', 'no identity provider is configured');
          const name = await oidc.finish(new URL(request.url, base(request)), sealed);
          const s = await intake.access.signInVerified(
            name,
            intake.config.workspace,
            'oidc',
            oidc.config.role,
          );
          void reply.setCookie(SESSION_COOKIE, s.secret, cookie(request, s.expiresAt));
          return reply.redirect('/ui/', 303);
        } catch (e) {
          // A person in a browser: the sign-in page says why, in words (never a stack).
          if (!(e instanceof IntakeError)) request.log.error(e);
          const message = e instanceof IntakeError ? e.message : 'the sign-in failed';
          return reply.redirect(`/ui/?signInError=${encodeURIComponent(message)}`, 303);
        }
      },
    );

    app.delete(
      '/session',
      {
        schema: {
          description: 'Sign out: the session ends on the server and its cookie is cleared.',
          security: [],
        },
      },
      async (request: FastifyRequest, reply: FastifyReply) => {
        const secret = request.cookies[SESSION_COOKIE];
        if (secret) await intake.access.signOut(secret);
        void reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send();
      },
    );

    app.put<{ Body: { current: string; password: string } }>(
      '/me/password',
      {
        config: { role: 'viewer' },
        schema: {
          description: "A user's new password; the current one is asked. Their other sessions end.",
          body: {
            type: 'object',
            required: ['current', 'password'],
            additionalProperties: false,
            properties: { current: PASSWORD, password: PASSWORD },
          },
        },
      },
      async (request, reply) => {
        const me = who(request);
        await intake.access.setPassword(me, me.id, request.body.password, request.body.current);
        return reply.status(204).send();
      },
    );

    app.get(
      '/users',
      { config: { role: 'admin' }, schema: { response: { 200: { type: 'array', items: USER } } } },
      async (request) => intake.access.listUsers(who(request).workspace),
    );

    app.post<{ Body: { name: string; role: Role; password: string } }>(
      '/users',
      {
        config: { role: 'admin' },
        schema: {
          description: 'Add a person who signs in with a name and a password.',
          body: {
            type: 'object',
            required: ['name', 'role', 'password'],
            additionalProperties: false,
            properties: {
              name: { type: 'string', minLength: 1, maxLength: 64 },
              role: { type: 'string', enum: [...ROLES] },
              password: PASSWORD,
            },
          },
          response: { 201: USER },
        },
      },
      async (request, reply) => {
        const me = who(request);
        const user = await intake.access.createUser(me.workspace, me.name, request.body);
        return reply.status(201).send(user);
      },
    );

    app.put<{ Params: { id: string }; Body: { password: string } }>(
      '/users/:id/password',
      {
        config: { role: 'admin' },
        schema: {
          description: "An admin sets a user's password (a forgotten one); their sessions end.",
          body: {
            type: 'object',
            required: ['password'],
            additionalProperties: false,
            properties: { password: PASSWORD },
          },
        },
      },
      async (request, reply) => {
        await intake.access.setPassword(who(request), request.params.id, request.body.password);
        return reply.status(204).send();
      },
    );

    app.delete<{ Params: { id: string } }>(
      '/users/:id',
      {
        config: { role: 'admin' },
        schema: { description: 'Disable a user: they cannot sign in, and their sessions end.' },
      },
      async (request, reply) => {
        const me = who(request);
        if (!(await intake.access.disableUser(me.workspace, me.name, request.params.id))) {
          throw new IntakeError('INTAKE_E_NOT_FOUND', `no user ${request.params.id}`);
        }
        return reply.status(204).send();
      },
    );
  };
}
