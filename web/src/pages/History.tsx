import { useState } from 'react';
import { api } from '../api';
import { Choice } from '../components/Choice';
import { ErrorBox } from '../components/ErrorBox';
import { ScrollBox } from '../components/ScrollBox';
import { Pager } from '../components/Pager';
import { useLoad } from '../components/useLoad';
import { t } from '../texts';
import type { ImportView } from '../types';

/** Every import of the workspace: status, who, when, counts; open one to see it whole. */
const LIMIT = 50;

export function History() {
  const [status, setStatus] = useState('');
  const [offset, setOffset] = useState(0);
  const query = new URLSearchParams({ limit: String(LIMIT), offset: String(offset) });
  if (status) query.set('status', status);
  const { data, error, reload } = useLoad(
    () => api<ImportView[]>(`/imports?${query}`),
    [query.toString()],
  );
  return (
    <>
      <h1>{t.history.title}</h1>
      <Choice
        label={t.history.status}
        value={status}
        none={t.history.all}
        choices={t.status}
        onChange={(v) => (setStatus(v), setOffset(0))}
      />
      <ErrorBox error={error} onRetry={reload} />
      {data?.length === 0 && offset === 0 && (
        <p className="empty">
          {t.history.empty} <a href="#/new">{t.history.start}</a>
        </p>
      )}
      {data && data.length > 0 && (
        <ScrollBox label={t.history.title}>
          <table className="grid history">
            <thead>
              <tr>
                <th scope="col">{t.history.when}</th>
                <th scope="col">{t.history.status}</th>
                <th scope="col">{t.history.who}</th>
                <th scope="col">{t.history.entities}</th>
                <th scope="col">{t.history.counts}</th>
                <th scope="col">
                  <span className="sr-only">{t.history.open}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.map((i) => (
                <tr key={i.id} data-import={i.id}>
                  <td>{new Date(i.createdAt).toLocaleString(t.locale)}</td>
                  <td>
                    <span className={`status ${i.status}`}>{t.status[i.status] ?? i.status}</span>
                  </td>
                  <td>{i.createdBy}</td>
                  <td className="wrap">{i.entities.join(', ') || i.settings.files.join(', ')}</td>
                  <td className="num">
                    {i.counts?.rows !== undefined
                      ? `${i.counts.rows} (${i.counts.rejected ?? 0} ${t.outcome.rejected})`
                      : ''}
                  </td>
                  <td>
                    <a href={`#/imports/${i.id}`}>{t.history.open}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {data && (
        <Pager
          offset={offset}
          limit={LIMIT}
          shown={data.length}
          more={data.length === LIMIT}
          onOffset={setOffset}
        />
      )}
    </>
  );
}
