import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { IntakeError } from '../../core/codes.js';
import type { Intake } from '../../service.js';
import { IMPORTWS_PARAMS, answer } from '../../service/compat.js';

/**
 * `GET|POST /compat/importws`: the call-centre seed's importWS, for systems that call
 * it already (docs/compat.md). Its own login (user, password, orgidentity) stands in
 * for a bearer token, and it answers in its own text, with HTTP 200 either way, as its
 * callers read the text; the code of a refusal is in the `x-intake-code` header too.
 */
export function compatRoutes(intake: Intake): FastifyPluginAsync {
  return async (app) => {
    // importWS callers post HTML forms.
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    const schema = {
      description:
        'importWS compatibility: the seed API\'s 21 parameters, answered "|Retuen|Success|Retuen|<import id>" or "|Retuen|Failed|Retuen|<reason>".',
      produces: ['text/plain'],
    };
    const handle = async (params: unknown, reply: FastifyReply) => {
      void reply.type('text/plain; charset=utf-8');
      try {
        const id = await intake.compat.importWs((params ?? {}) as Record<string, unknown>);
        return answer(true, id);
      } catch (e) {
        if (!(e instanceof IntakeError)) throw e;
        void reply.header('x-intake-code', e.code);
        return answer(false, e.message);
      }
    };
    const querystring = {
      type: 'object',
      properties: Object.fromEntries(
        [...IMPORTWS_PARAMS, 'list'].map((p) => [p, { type: 'string' }]),
      ),
    };
    app.get('/compat/importws', { schema: { ...schema, querystring } }, (request, reply) =>
      handle(request.query, reply),
    );
    app.post('/compat/importws', { schema }, (request, reply) => handle(request.body, reply));
  };
}
