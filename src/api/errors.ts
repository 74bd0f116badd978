import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { IntakeError, type Code } from '../core/codes.js';

/**
 * The one place where codes become HTTP statuses (DESIGN.md, Errors). Every error
 * leaves as `{code, message, details}`; an unexpected one is logged with its stack and
 * answered with INTAKE_E_INTERNAL and the request id, never the stack.
 */
const STATUS: Partial<Record<Code, number>> = {
  INTAKE_E_UNAUTHENTICATED: 401,
  INTAKE_E_FORBIDDEN: 403,
  INTAKE_E_NOT_FOUND: 404,
  INTAKE_E_FILE_NOT_FOUND: 404,
  INTAKE_E_IMPORT_STATE: 409,
  INTAKE_E_INCOMPLETE: 409,
  INTAKE_E_ERASE_UNCONFIRMED: 409,
  INTAKE_E_TOO_LARGE: 413,
  INTAKE_E_DATABASE: 503,
  INTAKE_E_PROVIDER: 502,
  INTAKE_E_INTERNAL: 500,
};

export interface ApiError {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export { ERROR_SCHEMA } from './schemas.js';

export function errorHandler(
  error: FastifyError | IntakeError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  if (error instanceof IntakeError) {
    void reply
      .status(STATUS[error.code] ?? 400)
      .send({ code: error.code, message: error.message, details: error.details });
    return;
  }
  const e = error as FastifyError;
  if (e.validation) {
    void reply.status(400).send({
      code: 'INTAKE_E_REQUEST',
      message: `the request is not as the API expects: ${e.message}`,
      details: { validation: e.validation },
    });
    return;
  }
  if (e.code === 'FST_REQ_FILE_TOO_LARGE' || e.statusCode === 413) {
    void reply.status(413).send({
      code: 'INTAKE_E_TOO_LARGE',
      message: 'an uploaded file is larger than this server accepts (uploadMaxBytes)',
      details: {},
    });
    return;
  }
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    void reply.status(e.statusCode).send({
      code: 'INTAKE_E_REQUEST',
      message: e.message,
      details: {},
    });
    return;
  }
  request.log.error({ err: error }, 'unexpected error');
  void reply.status(500).send({
    code: 'INTAKE_E_INTERNAL',
    message: `an unexpected failure inside Intake; report it with request id ${request.id}`,
    details: { requestId: request.id },
  });
}
