import type { FastifyPluginAsync } from 'fastify';
import { IntakeError } from '../../core/codes.js';
import type { Intake } from '../../service.js';
import { who } from '../auth.js';
import { SCHEDULE_RUN, TEMPLATE } from '../schemas.js';

/** Templates (SPEC M2): everyone reads them, admins write them (SPEC I4). */
const NAME = { type: 'string', pattern: '^[A-Za-z0-9][\\w .-]{0,99}$' } as const;
const BODY = {
  type: 'object',
  required: ['entity'],
  additionalProperties: false,
  properties: {
    entity: { type: 'string', minLength: 1 },
    options: { type: 'object', additionalProperties: true, default: {} },
    approval: { type: 'boolean', default: false },
    notify: { type: 'array', items: { type: 'string', format: 'email' }, default: [] },
    schedule: {
      type: 'object',
      nullable: true,
      required: ['url', 'cron'],
      additionalProperties: false,
      description:
        'A recurring source: the URL (http, https, ftp, sftp; credentials kept sealed, *** keeps the kept ones) imported on a cron schedule in a time zone (docs/schedules.md)',
      properties: {
        url: { type: 'string', minLength: 1, maxLength: 4096 },
        cron: { type: 'string', minLength: 1, maxLength: 200 },
        timezone: { type: 'string', minLength: 1, default: 'UTC' },
      },
    },
  },
} as const;

interface Body {
  entity: string;
  options: Record<string, unknown>;
  approval: boolean;
  notify: string[];
  schedule?: { url: string; cron: string; timezone: string } | null;
}

export function templateRoutes(intake: Intake): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/templates',
      {
        config: { role: 'viewer' },
        schema: { response: { 200: { type: 'array', items: TEMPLATE } } },
      },
      async (request) => intake.templates.list(who(request).workspace),
    );

    app.get<{ Params: { name: string } }>(
      '/templates/:name',
      {
        config: { role: 'viewer' },
        schema: {
          params: { type: 'object', properties: { name: NAME } },
          response: { 200: TEMPLATE },
        },
      },
      async (request) => {
        const t = await intake.templates.find(who(request).workspace, request.params.name);
        if (!t) throw new IntakeError('INTAKE_E_NOT_FOUND', `no template "${request.params.name}"`);
        return t;
      },
    );

    app.put<{ Params: { name: string }; Body: Body }>(
      '/templates/:name',
      {
        config: { role: 'importer' },
        schema: {
          description:
            'Create or replace a template: importers their own (without a schedule), admins any.',
          params: { type: 'object', properties: { name: NAME } },
          body: BODY,
          response: { 200: TEMPLATE, 201: TEMPLATE },
        },
      },
      async (request, reply) => {
        const me = who(request);
        const { entity, ...settings } = request.body;
        const done = await intake.templates.save(
          me.workspace,
          me.name,
          { name: request.params.name, entity, settings },
          me.role === 'admin',
        );
        return reply
          .status(done === 'created' ? 201 : 200)
          .send(await intake.templates.find(me.workspace, request.params.name));
      },
    );

    app.get<{ Params: { name: string } }>(
      '/templates/:name/runs',
      {
        config: { role: 'viewer' },
        schema: {
          description:
            "The runs of a template's schedule, latest first: imported, skipped (the same file), failed.",
          params: { type: 'object', properties: { name: NAME } },
          response: { 200: { type: 'array', items: SCHEDULE_RUN } },
        },
      },
      async (request) => {
        const me = who(request);
        if (!(await intake.templates.find(me.workspace, request.params.name))) {
          throw new IntakeError('INTAKE_E_NOT_FOUND', `no template "${request.params.name}"`);
        }
        return intake.templates.runs(me.workspace, request.params.name);
      },
    );

    app.delete<{ Params: { name: string } }>(
      '/templates/:name',
      {
        config: { role: 'importer' },
        schema: { params: { type: 'object', properties: { name: NAME } } },
      },
      async (request, reply) => {
        const me = who(request);
        if (
          !(await intake.templates.remove(
            me.workspace,
            me.name,
            request.params.name,
            me.role === 'admin',
          ))
        ) {
          throw new IntakeError('INTAKE_E_NOT_FOUND', `no template "${request.params.name}"`);
        }
        return reply.status(204).send();
      },
    );
  };
}
