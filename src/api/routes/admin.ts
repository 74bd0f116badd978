import type { FastifyPluginAsync } from 'fastify';
import { IntakeError } from '../../core/codes.js';
import { ROLES, type Intake, type Role } from '../../service.js';
import { who } from '../auth.js';

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
        },
      },
      async (request, reply) => {
        const me = who(request);
        const t = await intake.createToken(me.workspace, request.body.name, request.body.role);
        await intake.audit({
          workspace: me.workspace,
          actor: me.name,
          action: 'token.create',
          target: t.id,
          details: { name: t.name, role: t.role },
        });
        return reply.status(201).send(t);
      },
    );

    app.get('/tokens', { config: { role: 'admin' } }, async (request) =>
      intake.listTokens(who(request).workspace),
    );

    app.delete<{ Params: { id: string } }>(
      '/tokens/:id',
      { config: { role: 'admin' } },
      async (request, reply) => {
        const me = who(request);
        if (!(await intake.revokeToken(me.workspace, request.params.id))) {
          throw new IntakeError('INTAKE_E_NOT_FOUND', `no token ${request.params.id}`);
        }
        await intake.audit({
          workspace: me.workspace,
          actor: me.name,
          action: 'token.revoke',
          target: request.params.id,
        });
        return reply.status(204).send();
      },
    );

    app.get('/audit', { config: { role: 'admin' } }, async (request) =>
      intake.auditLog(who(request).workspace),
    );
  };
}
