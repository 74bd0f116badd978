/** Who is signed in, as /me says; the session itself is an http-only cookie. */
export interface Me {
  name: string;
  workspace: string;
  role: 'viewer' | 'importer' | 'approver' | 'admin';
}

const ROLES = ['viewer', 'importer', 'approver', 'admin'];

/** The role is at least `need` (roles are ordered: viewer < importer < approver < admin). */
export function can(me: Me, need: Me['role']): boolean {
  return ROLES.indexOf(me.role) >= ROLES.indexOf(need);
}

/** Said by any call the API answers 401: the session ended (expired, signed out elsewhere). */
export const SIGNED_OUT = 'intake:signed-out';
