import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { IntakeError } from '../../core/codes.js';
import { DEFAULT_OPTIONS } from '../../core/options.js';
import type { ExportFormat, Intake, TemplateFormat } from '../../service.js';
import { who } from '../auth.js';
import { ENTITY_TYPE, ME } from '../schemas.js';

/** Health, readiness, entity types and records. */
export function metaRoutes(intake: Intake): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/health',
      {
        schema: {
          response: { 200: { type: 'object', properties: { status: { type: 'string' } } } },
        },
      },
      async () => ({ status: 'ok' }),
    );

    app.get('/ready', async (_request, reply) => {
      if (!(await intake.ready())) {
        return reply.status(503).send({
          code: 'INTAKE_E_DATABASE',
          message: 'the database does not answer',
          details: {},
        });
      }
      const worker = intake.workerHealth();
      if (worker?.state === 'stalled') {
        return reply.status(503).send({
          code: 'INTAKE_E_WORKER_STALLED',
          message: `the worker's ${worker.job!.kind} job of ${worker.job!.importId} has made no progress for ${Math.round(worker.job!.quietMs / 1000)} s`,
          details: { worker },
        });
      }
      return { status: 'ready', ...(worker ? { worker: worker.state } : {}) };
    });

    app.get(
      '/entity-types',
      {
        config: { role: 'viewer' },
        schema: { response: { 200: { type: 'array', items: ENTITY_TYPE } } },
      },
      async (request) => {
        const counts = await intake.records.counts(who(request).workspace);
        return intake.records.entities().map((e) => ({
          name: e.qualified,
          label: e.label,
          identifiers: e.identifiers,
          count: counts[e.qualified] ?? 0,
          defaults: {
            mode: e.defaults.mode ?? DEFAULT_OPTIONS.mode,
            commit: e.defaults.commit ?? DEFAULT_OPTIONS.commit,
            match: e.defaults.match ?? null,
            dateOrder: e.defaults.dateOrder ?? null,
            country: e.defaults.country ?? null,
          },
          fields: e.fields.map((f) => ({
            name: f.name,
            type: f.type,
            label: f.label,
            required: f.required,
            references: f.reference?.entity ?? null,
            ...(f.options ? { options: f.options } : {}),
          })),
        }));
      },
    );

    app.get(
      '/me',
      {
        config: { role: 'viewer' },
        schema: {
          description: 'The token in use: its name, workspace and role.',
          response: { 200: ME },
        },
      },
      async (request) => {
        const me = who(request);
        return { name: me.name, workspace: me.workspace, role: me.role };
      },
    );

    app.get<{ Params: { name: string }; Querystring: { format: TemplateFormat } }>(
      '/entity-types/:name/template',
      {
        config: { role: 'viewer' },
        schema: {
          description: 'A blank template of the entity type: its headers, and notes on each.',
          params: { type: 'object', properties: { name: { type: 'string' } } },
          querystring: {
            type: 'object',
            properties: { format: { type: 'string', enum: ['csv', 'xlsx'], default: 'csv' } },
          },
        },
      },
      async (request, reply) => {
        const entity = intake.records.entity(request.params.name);
        const { format } = request.query;
        const dir = await mkdtemp(join(tmpdir(), 'intake-template-'));
        try {
          const path = join(dir, `${entity.name}.${format}`);
          await intake.records.writeTemplate(entity.qualified, format, path);
          const body = await readFile(path); // a header and a few notes: small
          return reply
            .type(
              format === 'csv'
                ? 'text/csv; charset=utf-8'
                : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            )
            .header('content-disposition', `attachment; filename="${entity.name}.${format}"`)
            .send(body);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    );

    app.get<{
      Params: { name: string };
      Querystring: { q?: string; offset: number; limit: number } & Record<string, string>;
    }>(
      '/entity-types/:name/records',
      {
        config: { role: 'viewer' },
        schema: {
          description:
            'A page of stored records, newest first: `q` searches text fields, any other parameter filters by field.',
          params: { type: 'object', properties: { name: { type: 'string' } } },
          querystring: {
            type: 'object',
            additionalProperties: { type: 'string' },
            properties: {
              q: { type: 'string' },
              offset: { type: 'integer', minimum: 0, default: 0 },
              limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            },
          },
        },
      },
      async (request) => {
        const { q, offset, limit, ...where } = request.query;
        return intake.records.browse(request.params.name, who(request).workspace, {
          q,
          offset: Number(offset),
          limit: Number(limit),
          where: where as Record<string, string>,
        });
      },
    );

    app.get<{ Params: { entity: string; key: string }; Querystring: { by?: string } }>(
      '/records/:entity/:key',
      {
        config: { role: 'viewer' },
        schema: {
          description: 'One record by an identifier (`by`, default: the first identifier).',
          querystring: { type: 'object', properties: { by: { type: 'string' } } },
        },
      },
      async (request) => {
        const { entity, key } = request.params;
        const found = await intake.records.get(
          entity,
          key,
          who(request).workspace,
          request.query.by,
        );
        if (!found) throw new IntakeError('INTAKE_E_NOT_FOUND', `no ${entity} "${key}"`);
        return found;
      },
    );

    app.get<{
      Params: { entity: string };
      Querystring: { format: ExportFormat } & Record<string, string>;
    }>(
      '/records/:entity',
      {
        config: { role: 'viewer' },
        schema: {
          description:
            'Stored records, streamed; any other query parameter filters by field (`?status=ACTIVE`).',
          params: { type: 'object', properties: { entity: { type: 'string' } } },
          querystring: {
            type: 'object',
            additionalProperties: { type: 'string' },
            properties: {
              format: { type: 'string', enum: ['ndjson', 'csv', 'json'], default: 'ndjson' },
            },
          },
        },
      },
      async (request, reply) => {
        const { format, ...where } = request.query;
        // Unknown or ambiguous entity, unknown field: a clear 400 before streaming starts.
        const entity = intake.records.entity(request.params.entity);
        for (const k of Object.keys(where)) {
          if (!entity.fields.some((f) => f.name === k)) {
            throw new IntakeError(
              'INTAKE_E_FIELD_UNKNOWN',
              `${entity.qualified} has no field "${k}"`,
            );
          }
        }
        const body = new PassThrough();
        void reply
          .type(
            format === 'csv'
              ? 'text/csv; charset=utf-8'
              : format === 'json'
                ? 'application/json'
                : 'application/x-ndjson',
          )
          .send(body);
        try {
          await intake.records.export(
            request.params.entity,
            format,
            body,
            who(request).workspace,
            where,
          );
        } finally {
          body.end();
        }
        return reply;
      },
    );
  };
}
