import { useEffect, useState } from 'react';
import { api, ApiError } from './api';
import { ErrorBox } from './components/ErrorBox';
import { LanguageChoice } from './components/LanguageChoice';
import { Account } from './pages/Account';
import { History } from './pages/History';
import { Home } from './pages/Home';
import { ImportPage } from './pages/ImportPage';
import { Records } from './pages/Records';
import { SignIn } from './pages/SignIn';
import { useRoute } from './route';
import { can, SIGNED_OUT, type Me } from './session';
import { t } from './texts';

/** Signed in (a session the API knows) or the sign-in page; then the page of the route. */
export function App() {
  const [me, setMe] = useState<Me | null>();
  const [error, setError] = useState<unknown>();
  const route = useRoute();

  const check = () => {
    api<Me>('/me').then(setMe, (e: unknown) => {
      if (e instanceof ApiError && e.status === 401) setMe(null);
      else setError(e);
    });
  };
  useEffect(check, []);
  // A session that ends while the page is open (expired, signed out in another tab)
  // brings the sign-in form; the route stays, so signing in again returns here.
  useEffect(() => {
    const out = () => setMe(null);
    window.addEventListener(SIGNED_OUT, out);
    return () => window.removeEventListener(SIGNED_OUT, out);
  }, []);

  if (error) return <ErrorBox error={error} onRetry={() => (setError(undefined), check())} />;
  if (me === undefined) return <p className="loading">{t.loading}</p>;
  if (me === null) return <SignIn onSignedIn={setMe} />;

  return (
    <>
      <header className="top">
        <a href="#/" className="brand">
          {t.app}
        </a>
        <nav aria-label={t.nav.label}>
          <a href="#/">{t.nav.home}</a>
          <a href="#/imports">{t.nav.imports}</a>
          {can(me, 'importer') && <a href="#/new">{t.nav.newImport}</a>}
          <a href="#/account">{t.nav.account}</a>
        </nav>
        <span className="me">{t.whoami(me.name, me.role, me.workspace)}</span>
        <LanguageChoice />
        <button
          type="button"
          onClick={() => {
            void api('/session', { method: 'DELETE' }).finally(() => {
              setMe(null);
              window.location.hash = '#/';
            });
          }}
        >
          {t.nav.signOut}
        </button>
      </header>
      <main>
        {route.page === 'home' && <Home me={me} />}
        {route.page === 'records' && <Records entity={route.entity} />}
        {route.page === 'history' && <History />}
        {route.page === 'new' &&
          (can(me, 'importer') ? (
            <ImportPage me={me} entity={route.entity} />
          ) : (
            <p className="empty">{t.nav.viewerOnly}</p>
          ))}
        {route.page === 'import' && <ImportPage me={me} id={route.id} key={route.id} />}
        {route.page === 'account' && <Account me={me} />}
      </main>
    </>
  );
}
