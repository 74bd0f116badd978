import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import swaggerUi from '@fastify/swagger-ui';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Intake } from '../service.js';
import { authorize } from './auth.js';
import { sessionRoutes } from './routes/session.js';
import { errorHandler } from './errors.js';
import { importRoutes } from './routes/imports.js';
import { metaRoutes } from './routes/meta.js';
import { adminRoutes } from './routes/admin.js';
import { templateRoutes } from './routes/templates.js';
import { compatRoutes } from './routes/compat.js';

/**
 * The HTTP API (SPEC I1): Fastify, a JSON schema on every route, OpenAPI at
 * /openapi.json and a docs page at /docs, JSON logs with a request id. Thin: each
 * route checks the request and calls the service.
 */
export interface ServerOptions {
  logger?: boolean;
}

export async function buildServer(
  intake: Intake,
  opts: ServerOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: 'info' } : false,
    requestIdHeader: 'x-request-id',
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false } },
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({
      code: 'INTAKE_E_NOT_FOUND',
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
      details: {},
    });
  });
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: intake.imports.uploadMaxBytes, files: 50, fields: 20 },
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Intake',
        version: '0.1.0',
        description: 'Bulk import of customer data: upload, validate, approve, commit, report.',
      },
      components: {
        securitySchemes: {
          token: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'intake_session' },
        },
      },
      security: [{ token: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.addHook('preHandler', authorize(intake));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(metaRoutes(intake));
  await app.register(importRoutes(intake));
  await app.register(adminRoutes(intake));
  await app.register(sessionRoutes(intake));
  await app.register(templateRoutes(intake));
  await app.register(compatRoutes(intake));
  await serveWebUi(app);
  return app;
}

/** `npm run build` puts the web UI here (web/, built by Vite); from src/ or dist/ alike. */
export const WEB_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/** The web UI at /ui/ (static files; it talks to the API like any client), / leads there. */
async function serveWebUi(app: FastifyInstance): Promise<void> {
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/ui/'));
  if (!existsSync(join(WEB_DIR, 'index.html'))) {
    app.get('/ui/*', { schema: { hide: true } }, async (_request, reply) =>
      reply.status(404).send({
        code: 'INTAKE_E_NOT_FOUND',
        message: 'the web UI is not built here: run `npm run build`',
        details: {},
      }),
    );
    return;
  }
  // swagger-ui registered @fastify/static already: this second one must not decorate again.
  await app.register(fastifyStatic, { root: WEB_DIR, prefix: '/ui/', decorateReply: false });
}
