import { useEffect, useState } from 'react';
import { api, ApiError } from './api';
import { ErrorBox } from './components/ErrorBox';
import { History } from './pages/History';
import { Home } from './pages/Home';
import { ImportPage } from './pages/ImportPage';
import { Records } from './pages/Records';
import { SignIn } from './pages/SignIn';
import { useRoute } from './route';
import { can, session, type Me } from './session';
import { t } from './texts';

/** Signed in (a token that the API knows) or the sign-in page; then the page of the route. */
export function App() {
  const [me, setMe] = useState<Me | null>();
  const [error, setError] = useState<unknown>();
  const route = useRoute();

  const check = () => {
    if (!session.token()) return setMe(null);
    api<Me>('/me').then(setMe, (e: unknown) => {
      if (e instanceof ApiError && e.status === 401) {
        session.signOut();
        setMe(null);
      } else setError(e);
    });
  };
  useEffect(check, []);

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
        </nav>
        <span className="me">{t.whoami(me.name, me.role, me.workspace)}</span>
        <button
          type="button"
          onClick={() => {
            session.signOut();
            setMe(null);
            window.location.hash = '#/';
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
      </main>
    </>
  );
}
