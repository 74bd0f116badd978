import { useEffect, useState } from 'react';

/**
 * Hash routes, so that the server serves one index.html and a link to an import
 * (`/ui/#/imports/imp-...`) can be shared:
 *   #/                      data (entity types)
 *   #/records/<entity>      record browser
 *   #/imports               history
 *   #/new[?entity=x]        a new import
 *   #/imports/<id>          one import, at the wizard step its status is at
 *   #/account               your password; an admin's users
 */
export type Route =
  | { page: 'home' }
  | { page: 'records'; entity: string }
  | { page: 'history' }
  | { page: 'new'; entity?: string }
  | { page: 'import'; id: string }
  | { page: 'account' };

export function parse(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'records' && parts[1]) return { page: 'records', entity: parts[1] };
  if (parts[0] === 'imports' && parts[1]) return { page: 'import', id: parts[1] };
  if (parts[0] === 'imports') return { page: 'history' };
  if (parts[0] === 'account') return { page: 'account' };
  if (parts[0] === 'new') {
    const entity = new URLSearchParams(query).get('entity') ?? undefined;
    return { page: 'new', entity };
  }
  return { page: 'home' };
}

export function go(hash: string): void {
  window.location.hash = hash;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parse(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parse(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
