import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useLoad } from '../components/useLoad';
import { ErrorBox } from '../components/ErrorBox';
import { LanguageChoice } from '../components/LanguageChoice';
import type { Me } from '../session';
import { t } from '../texts';

interface Methods {
  oidc: { label: string } | null;
}

/** Why the identity provider's sign-in failed, said once (the server sends it back here). */
function providerError(): string | undefined {
  const params = new URLSearchParams(window.location.search);
  const said = params.get('signInError') ?? undefined;
  if (said !== undefined) {
    params.delete('signInError');
    const rest = params.toString();
    window.history.replaceState(
      null,
      '',
      `${window.location.pathname}${rest ? `?${rest}` : ''}${window.location.hash}`,
    );
  }
  return said;
}

/**
 * A name and a password, or an API token for those who have one: either starts a
 * session the browser keeps in a cookie, shared by its tabs until signing out. When the
 * team has an identity provider, its button comes first: the browser goes there and
 * comes back signed in (the server's /session/oidc).
 */
export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const methods = useLoad(() => api<Methods>('/session/methods'), []);
  const [fromProvider] = useState(providerError);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [withToken, setWithToken] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const json = withToken ? { token: token.trim() } : { name: name.trim(), password };
      onSignedIn(await api<Me>('/session', { method: 'POST', json }));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <main className="signin">
      <h1>{t.app}</h1>
      <LanguageChoice />
      <form onSubmit={(e) => void submit(e)}>
        <h2>{t.signIn.title}</h2>
        {fromProvider && <ErrorBox error={new Error(fromProvider)} />}
        {methods.data?.oidc && (
          <p>
            {/* A page the server answers with a redirect: a link, not a fetch. */}
            <a className="button primary" href="/session/oidc">
              {t.signIn.withProvider(methods.data.oidc.label)}
            </a>{' '}
            <span className="muted">{t.signIn.or}</span>
          </p>
        )}
        {withToken ? (
          <label>
            {t.signIn.token}
            <input
              type="password"
              name="token"
              autoComplete="off"
              autoFocus
              required
              value={token}
              onChange={(e) => setToken(e.target.value)}
            />
          </label>
        ) : (
          <>
            <label>
              {t.signIn.name}
              <input
                name="username"
                autoComplete="username"
                autoFocus
                required
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            </label>
            <label>
              {t.signIn.password}
              <input
                type="password"
                name="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </label>
          </>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t.signIn.submit}
        </button>
        <ErrorBox error={error} />
        <p className="muted">
          <button type="button" className="link" onClick={() => setWithToken(!withToken)}>
            {withToken ? t.signIn.usePassword : t.signIn.useToken}
          </button>
        </p>
      </form>
    </main>
  );
}
