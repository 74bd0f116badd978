import { api, download } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { useLoad } from '../components/useLoad';
import { can, type Me } from '../session';
import { t } from '../texts';
import type { EntityInfo, ImportView } from '../types';

/** The workspace's entity types, each with its record count, a browser and an Import button. */
export function Home({ me }: { me: Me }) {
  const { data, error, reload } = useLoad(() => api<EntityInfo[]>('/entity-types'), []);
  // An approver sees first what waits for them.
  const waiting = useLoad(
    () =>
      can(me, 'approver')
        ? api<ImportView[]>('/imports?status=awaiting_approval&limit=50')
        : Promise.resolve([]),
    [me.role],
  );
  const mine = (waiting.data ?? []).filter(
    (v) => v.approval !== 'review' || v.createdBy === me.name,
  );
  return (
    <>
      <h1>{t.home.title}</h1>
      {mine.length > 0 && (
        <section className="waiting-list" aria-labelledby="waiting">
          <h2 id="waiting">{t.home.waiting(mine.length)}</h2>
          <ul>
            {mine.map((v) => (
              <li key={v.id} data-import={v.id}>
                <a href={`#/imports/${v.id}`}>{v.settings.files.join(', ')}</a>{' '}
                <span className="muted">
                  {v.createdBy} · {new Date(v.createdAt).toLocaleString(t.locale)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <ErrorBox error={error} onRetry={reload} />
      {data?.length === 0 && <p className="empty">{t.home.empty}</p>}
      <ul className="cards">
        {data?.map((e) => (
          <li key={e.name} className="card" data-entity={e.name}>
            <h2>{e.label}</h2>
            <p className="muted">{e.name}</p>
            <p className="count">{t.home.records(e.count)}</p>
            <div className="actions">
              <a href={`#/records/${encodeURIComponent(e.name)}`}>{t.home.browse}</a>
              {can(me, 'importer') && (
                <a className="button" href={`#/new?entity=${encodeURIComponent(e.name)}`}>
                  {t.home.import}
                </a>
              )}
              <button
                type="button"
                className="link"
                onClick={() =>
                  void download(`/entity-types/${e.name}/template?format=csv`, `${e.name}.csv`)
                }
              >
                {t.home.template}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
