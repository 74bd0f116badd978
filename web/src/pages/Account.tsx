import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { ScrollBox } from '../components/ScrollBox';
import { useLoad } from '../components/useLoad';
import { can, type Me } from '../session';
import { t } from '../texts';
import type { UserInfo } from '../types';

const ROLES = ['viewer', 'importer', 'approver', 'admin'] as const;

/** One's own password; for an admin, the people of the workspace too. */
export function Account({ me }: { me: Me }) {
  return (
    <section>
      <h2>{t.account.title}</h2>
      <OwnPassword />
      {can(me, 'admin') && <Users me={me} />}
    </section>
  );
}

function OwnPassword() {
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setDone(false);
    try {
      await api('/me/password', { method: 'PUT', json: { current, password } });
      setDone(true);
      setCurrent('');
      setPassword('');
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="stacked" onSubmit={(e) => void submit(e)}>
      <h3>{t.account.password}</h3>
      <label>
        {t.account.current}
        <input
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </label>
      <label>
        {t.account.new}
        <input
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <p className="muted">{t.account.rule}</p>
      <button type="submit">{t.account.change}</button>
      {done && (
        <p className="ok" role="status">
          {t.account.changed}
        </p>
      )}
      <ErrorBox error={error} />
    </form>
  );
}

function Users({ me }: { me: Me }) {
  const users = useLoad(() => api<UserInfo[]>('/users'), []);
  const [name, setName] = useState('');
  const [role, setRole] = useState<string>('importer');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      await api('/users', { method: 'POST', json: { name: name.trim(), role, password } });
      setName('');
      setPassword('');
      users.reload();
    } catch (err) {
      setError(err);
    }
  };
  const disable = async (u: UserInfo) => {
    if (!window.confirm(t.account.confirmDisable(u.name))) return;
    setError(undefined);
    try {
      await api(`/users/${u.id}`, { method: 'DELETE' });
      users.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <h3>{t.account.users}</h3>
      <ErrorBox error={users.error} onRetry={users.reload} />
      {users.data && users.data.length === 0 && <p className="empty">{t.account.noUsers}</p>}
      {users.data && users.data.length > 0 && (
        <ScrollBox label={t.account.users}>
          <table className="grid users">
            <thead>
              <tr>
                <th scope="col">{t.account.name}</th>
                <th scope="col">{t.account.role}</th>
                <th scope="col">{t.account.since}</th>
                <th scope="col">
                  <span className="visually-hidden">{t.account.actions}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.id} data-user={u.name}>
                  <td>{u.name}</td>
                  <td>{t.account.roles[u.role] ?? u.role}</td>
                  <td>{new Date(u.createdAt).toLocaleDateString(t.locale)}</td>
                  <td>
                    {u.name !== me.name && (
                      <button type="button" onClick={() => void disable(u)}>
                        {t.account.disable}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      <form className="inline" onSubmit={(e) => void add(e)}>
        <h4>{t.account.add}</h4>
        <label>
          {t.account.name}{' '}
          <input
            required
            value={name}
            autoComplete="off"
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label>
          {t.account.role}{' '}
          <select value={role} onChange={(e) => setRole(e.target.value)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t.account.roles[r] ?? r}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.account.firstPassword}{' '}
          <input
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <button type="submit" className="primary">
          {t.account.addButton}
        </button>
      </form>
      <ErrorBox error={error} />
    </>
  );
}
