import { PassThrough } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import type { ExportFormat, Intake } from '../../service.js';
import { who } from '../auth.js';

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
      try {
        await sql`SELECT 1`.execute(intake.store.db);
        return { status: 'ready' };
      } catch {
        return reply.status(503).send({
          code: 'INTAKE_E_DATABASE',
          message: 'the database does not answer',
          details: {},
        });
      }
    });

    app.get(
      '/entity-types',
      {
        config: { role: 'viewer' },
        schema: {
          response: {
            200: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  name: { type: 'string' },
                  label: { type: 'string' },
                  identifiers: { type: 'array', items: { type: 'string' } },
                  fields: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        name: { type: 'string' },
                        type: { type: 'string' },
                        label: { type: 'string' },
                        required: { type: 'boolean' },
                        references: { type: 'string', nullable: true },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
      async () =>
        intake.entities().map((e) => ({
          name: e.qualified,
          label: e.label,
          identifiers: e.identifiers,
          fields: e.fields.map((f) => ({
            name: f.name,
            type: f.type,
            label: f.label,
            required: f.required,
            references: f.reference?.entity ?? null,
          })),
        })),
    );

    app.get<{ Params: { entity: string }; Querystring: { format: ExportFormat } }>(
      '/records/:entity',
      {
        config: { role: 'viewer' },
        schema: {
          params: { type: 'object', properties: { entity: { type: 'string' } } },
          querystring: {
            type: 'object',
            properties: {
              format: { type: 'string', enum: ['ndjson', 'csv', 'json'], default: 'ndjson' },
            },
          },
        },
      },
      async (request, reply) => {
        const format = request.query.format;
        intake.registry.get(request.params.entity); // unknown or ambiguous: a clear 400
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
          await intake.exportRecords(request.params.entity, format, body, who(request).workspace);
        } finally {
          body.end();
        }
        return reply;
      },
    );
  };
}
