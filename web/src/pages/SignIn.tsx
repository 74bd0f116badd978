import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { LanguageChoice } from '../components/LanguageChoice';
import type { Me } from '../session';
import { t } from '../texts';

/**
 * A name and a password, or an API token for those who have one: either starts a
 * session the browser keeps in a cookie, shared by its tabs until signing out.
 */
export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
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
