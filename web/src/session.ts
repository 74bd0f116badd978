/** The API token, kept for the browser tab's session only (sessionStorage). */
export interface Me {
  name: string;
  workspace: string;
  role: 'viewer' | 'importer' | 'approver' | 'admin';
}

const KEY = 'intake.token';
const ROLES = ['viewer', 'importer', 'approver', 'admin'];

export const session = {
  token: (): string | null => sessionStorage.getItem(KEY),
  signIn: (token: string) => sessionStorage.setItem(KEY, token),
  signOut: () => sessionStorage.removeItem(KEY),
};

/** The role is at least `need` (roles are ordered: viewer < importer < approver < admin). */
export function can(me: Me, need: Me['role']): boolean {
  return ROLES.indexOf(me.role) >= ROLES.indexOf(need);
}
