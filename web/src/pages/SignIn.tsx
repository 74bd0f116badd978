import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { session, type Me } from '../session';
import { t } from '../texts';

export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    session.signIn(token.trim());
    try {
      onSignedIn(await api<Me>('/me'));
    } catch (err) {
      session.signOut();
      setError(err instanceof ApiError && err.status === 401 ? new Error(t.signIn.bad) : err);
    }
  };
  return (
    <main className="signin">
      <h1>{t.app}</h1>
      <form onSubmit={(e) => void submit(e)}>
        <h2>{t.signIn.title}</h2>
        <p>
          {t.signIn.intro} <code>{t.signIn.command}</code>.
        </p>
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
        <button type="submit">{t.signIn.submit}</button>
        <ErrorBox error={error} />
      </form>
    </main>
  );
}
