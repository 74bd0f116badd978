import type { FastifyPluginAsync } from 'fastify';
import { IntakeError } from '../../core/codes.js';
import { ROLES, type Intake, type Role } from '../../service.js';
import { who } from '../auth.js';
import { AUDIT, DELIVERY, TOKEN, WEBHOOK } from '../schemas.js';

/** Tokens and the audit log: admins of the workspace only (SPEC I4, I5). */
export function adminRoutes(intake: Intake): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: { name: string; role: Role } }>(
      '/tokens',
      {
        config: { role: 'admin' },
        schema: {
          body: {
            type: 'object',
            required: ['name', 'role'],
            additionalProperties: false,
            properties: {
              name: { type: 'string', minLength: 1, maxLength: 100 },
              role: { type: 'string', enum: [...ROLES] },
            },
          },
          response: {
            201: {
              description: 'The token; `secret` is shown this once.',
              type: 'object',
              properties: { ...TOKEN.properties, secret: { type: 'string' } },
            },
          },
        },
      },
      async (request, reply) => {
        const me = who(request);
        const t = await intake.access.createToken(
          me.workspace,
          request.body.name,
          request.body.role,
        );
        await intake.access.audit({
          workspace: me.workspace,
          actor: me.name,
          action: 'token.create',
          target: t.id,
          details: { name: t.name, role: t.role },
        });
        return reply.status(201).send(t);
      },
    );

    app.get(
      '/tokens',
      { config: { role: 'admin' }, schema: { response: { 200: { type: 'array', items: TOKEN } } } },
      async (request) => intake.access.listTokens(who(request).workspace),
    );

    app.delete<{ Params: { id: string } }>(
      '/tokens/:id',
      { config: { role: 'admin' } },
      async (request, reply) => {
        const me = who(request);
        if (!(await intake.access.revokeToken(me.workspace, request.params.id))) {
          throw new IntakeError('INTAKE_E_NOT_FOUND', `no token ${request.params.id}`);
        }
        await intake.access.audit({
          workspace: me.workspace,
          actor: me.name,
          action: 'token.revoke',
          target: request.params.id,
        });
        return reply.status(204).send();
      },
    );

    // The workspace's settings: everyone reads them (the UI says who must approve), admins set them.
    const SETTINGS = {
      type: 'object',
      additionalProperties: false,
      properties: {
        approval: {
          type: 'object',
          additionalProperties: false,
          properties: {
            always: { type: 'boolean', description: 'every import needs an approver' },
            aboveRows: {
              type: 'integer',
              minimum: 0,
              description: 'an import with more rows than this needs an approver',
            },
          },
        },
      },
    };
    app.get(
      '/workspace/settings',
      {
        config: { role: 'viewer' },
        schema: {
          description: "The workspace's settings: when an import needs an approver.",
          response: { 200: SETTINGS },
        },
      },
      async (request) => intake.access.settings(who(request).workspace),
    );
    app.put<{ Body: unknown }>(
      '/workspace/settings',
      {
        config: { role: 'admin' },
        schema: {
          description:
            "Set the workspace's settings. Approval: imports held for review are run by an importer, unless `approval.always` or more rows than `approval.aboveRows` (or the import's own request or template) want an approver.",
          body: SETTINGS,
          response: { 200: SETTINGS },
        },
      },
      async (request) => {
        const me = who(request);
        return intake.access.saveSettings(me.workspace, me.name, request.body);
      },
    );

    app.get(
      '/audit',
      { config: { role: 'admin' }, schema: { response: { 200: { type: 'array', items: AUDIT } } } },
      async (request) => intake.access.auditLog(who(request).workspace),
    );

    // Webhooks: a signed POST on every final status of an import of the workspace.
    app.post<{ Body: { url: string; secret?: string } }>(
      '/webhooks',
      {
        config: { role: 'admin' },
        schema: {
          body: {
            type: 'object',
            required: ['url'],
            additionalProperties: false,
            properties: {
              url: { type: 'string', pattern: '^https?://' },
              secret: { type: 'string', minLength: 16 },
            },
          },
          response: {
            201: {
              description: 'The webhook with the secret its deliveries are signed with.',
              type: 'object',
              properties: { ...WEBHOOK.properties, secret: { type: 'string' } },
            },
          },
        },
      },
      async (request, reply) => {
        const me = who(request);
        const hook = await intake.webhooks.add(me.workspace, request.body.url, request.body.secret);
        await intake.access.audit({
          workspace: me.workspace,
          actor: me.name,
          action: 'webhook.create',
          target: hook.id,
          details: { url: hook.url },
        });
        return reply.status(201).send(hook);
      },
    );
    app.get(
      '/webhooks',
      {
        config: { role: 'admin' },
        schema: { response: { 200: { type: 'array', items: WEBHOOK } } },
      },
      async (request) =>
        (await intake.webhooks.list(who(request).workspace)).map(({ secret: _s, ...h }) => h),
    );
    app.get<{ Params: { id: string } }>(
      '/webhooks/:id/deliveries',
      {
        config: { role: 'admin' },
        schema: { response: { 200: { type: 'array', items: DELIVERY } } },
      },
      async (request) => intake.webhooks.deliveries(who(request).workspace, request.params.id),
    );
    app.delete<{ Params: { id: string } }>(
      '/webhooks/:id',
      { config: { role: 'admin' } },
      async (request, reply) => {
        const me = who(request);
        if (!(await intake.webhooks.remove(me.workspace, request.params.id))) {
          throw new IntakeError('INTAKE_E_NOT_FOUND', `no webhook ${request.params.id}`);
        }
        await intake.access.audit({
          workspace: me.workspace,
          actor: me.name,
          action: 'webhook.delete',
          target: request.params.id,
        });
        return reply.status(204).send();
      },
    );
  };
}
