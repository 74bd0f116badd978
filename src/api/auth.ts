import type { FastifyRequest } from 'fastify';
import { IntakeError } from '../core/codes.js';
import { ROLES, type Intake, type Role, type TokenInfo } from '../service.js';

/**
 * Bearer tokens, each of one workspace and one role (SPEC I4). Roles are ordered:
 * viewer < importer < approver < admin; a route names the least role it needs, and
 * everything it reads or changes is in the token's workspace.
 */
declare module 'fastify' {
  interface FastifyRequest {
    auth?: TokenInfo;
  }
  interface FastifyContextConfig {
    /** The least role the route needs; none: open (health, docs). */
    role?: Role;
    /** A signed link (`w`, `expires`, `sig` in the query) stands in for a token here. */
    signedLink?: boolean;
  }
}

/** The web UI's session cookie: http-only, so no script in the page can read it. */
export const SESSION_COOKIE = 'intake_session';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who a request comes from: its bearer token, else its session cookie. A request that
 * changes something on a cookie alone must also carry `X-Requested-With` (the web UI
 * always does): a form on another site can send the cookie, never that header.
 */
async function principal(intake: Intake, request: FastifyRequest): Promise<TokenInfo> {
  const header = request.headers.authorization ?? '';
  const cookie = request.cookies?.[SESSION_COOKIE];
  if (!header && cookie) {
    const me = await intake.access.findSession(cookie);
    if (!me) {
      throw new IntakeError(
        'INTAKE_E_UNAUTHENTICATED',
        'the session has ended (signed out, expired, or its user disabled): sign in again',
      );
    }
    if (!SAFE.has(request.method) && !request.headers['x-requested-with']) {
      throw new IntakeError(
        'INTAKE_E_FORBIDDEN',
        'a change made with a session cookie needs the header "X-Requested-With" (sent by the web UI); scripts use an API token',
      );
    }
    return me;
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    throw new IntakeError(
      'INTAKE_E_UNAUTHENTICATED',
      'sign in, or send an API token: "Authorization: Bearer <token>"',
    );
  }
  const token = await intake.access.findToken(match[1]!);
  if (!token) {
    throw new IntakeError('INTAKE_E_UNAUTHENTICATED', 'this API token is unknown or revoked');
  }
  return token;
}

export function authorize(intake: Intake) {
  return async (request: FastifyRequest): Promise<void> => {
    const need = request.routeOptions.config.role;
    if (!need) return;
    const header = request.headers.authorization ?? '';
    const query = request.query as { sig?: string };
    if (request.routeOptions.config.signedLink && query.sig && !header) {
      // A report link from an e-mail: it opens that one file of that one import.
      const params = request.params as { id: string; name: string };
      const workspace = intake.imports.checkReportLink(params.id, params.name, query);
      request.auth = { id: 'link', workspace, name: 'signed link', role: 'viewer' };
      return;
    }
    const token = await principal(intake, request);
    if (ROLES.indexOf(token.role) < ROLES.indexOf(need)) {
      throw new IntakeError(
        'INTAKE_E_FORBIDDEN',
        `this needs the ${need} role; "${token.name}" is ${token.role}`,
        { need, role: token.role },
      );
    }
    request.auth = token;
  };
}

/** The authenticated token of a route that requires one. */
export function who(request: FastifyRequest): TokenInfo {
  return request.auth!;
}
