import { api, download } from '../api';
import { t } from '../texts';
import { useLoad } from './useLoad';

/** The reports of an import (rejections, corrections, summary...), each a download. */
export function Downloads({ id, status }: { id: string; status: string }) {
  const { data } = useLoad(
    () => api<{ name: string; href: string }[]>(`/imports/${id}/reports`),
    [id, status],
  );
  if (!data || data.length === 0) return null;
  return (
    <section>
      <h3>{t.run.downloads}</h3>
      <ul className="downloads">
        {data.map((r) => (
          <li key={r.name}>
            <button type="button" className="link" onClick={() => void download(r.href, r.name)}>
              {r.name}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
