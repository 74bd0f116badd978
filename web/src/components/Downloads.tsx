import { api, download } from '../api';
import { t } from '../texts';
import { useLoad } from './useLoad';

/** A report of one file of several (`rejections-2-customers.csv`), not the import's own. */
const PER_FILE = /^(rejections|outcomes)-\d+-/;

/**
 * The reports of an import (rejections, corrections, summary...), each a download saved
 * under the import's name (`imp-…-rejections.csv`), so that two imports' reports do not
 * overwrite each other in a downloads folder. An import of several files (a ZIP) shows
 * its own reports first and the per-file ones folded away.
 */
export function Downloads({ id, status }: { id: string; status: string }) {
  const { data } = useLoad(
    () => api<{ name: string; href: string }[]>(`/imports/${id}/reports`),
    [id, status],
  );
  if (!data || data.length === 0) return null;
  const own = data.filter((r) => !PER_FILE.test(r.name));
  const perFile = data.filter((r) => PER_FILE.test(r.name));
  const link = (r: { name: string; href: string }) => (
    <li key={r.name}>
      <button
        type="button"
        className="link"
        onClick={() => void download(r.href, `${id}-${r.name}`)}
      >
        {r.name}
      </button>
    </li>
  );
  return (
    <section>
      <h3>{t.run.downloads}</h3>
      <ul className="downloads">{own.map(link)}</ul>
      {perFile.length > 0 && (
        <details>
          <summary>{t.run.perFile(perFile.length)}</summary>
          <ul className="downloads">{perFile.map(link)}</ul>
        </details>
      )}
    </section>
  );
}
