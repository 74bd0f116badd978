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
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new IntakeError(
        'INTAKE_E_UNAUTHENTICATED',
        'send an API token: "Authorization: Bearer <token>"',
      );
    }
    const token = await intake.access.findToken(match[1]!);
    if (!token) {
      throw new IntakeError('INTAKE_E_UNAUTHENTICATED', 'this API token is unknown or revoked');
    }
    if (ROLES.indexOf(token.role) < ROLES.indexOf(need)) {
      throw new IntakeError(
        'INTAKE_E_FORBIDDEN',
        `this needs the ${need} role; the token "${token.name}" is ${token.role}`,
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
