import { useState } from 'react';
import { api } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { ScrollBox } from '../components/ScrollBox';
import { Pager } from '../components/Pager';
import { useLoad } from '../components/useLoad';
import { t } from '../texts';
import type { EntityInfo } from '../types';

const LIMIT = 50;

/** Stored records of one entity type: search, a filter on one field, a page at a time. */
export function Records({ entity }: { entity: string }) {
  const [q, setQ] = useState('');
  const [field, setField] = useState('');
  const [value, setValue] = useState('');
  const [offset, setOffset] = useState(0);
  const types = useLoad(() => api<EntityInfo[]>('/entity-types'), []);
  const type = types.data?.find((e) => e.name === entity);
  const params = new URLSearchParams({ offset: String(offset), limit: String(LIMIT) });
  if (q) params.set('q', q);
  if (field && value) params.set(field, value);
  const page = useLoad(
    () =>
      api<{ total: number; rows: Record<string, unknown>[] }>(
        `/entity-types/${encodeURIComponent(entity)}/records?${params}`,
      ),
    [entity, params.toString()],
  );
  const columns = type?.fields ?? [];
  return (
    <>
      <h1>{t.records.title(type?.label ?? entity)}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t.records.search}
          <input
            type="search"
            value={q}
            placeholder={t.records.searchHint}
            onChange={(e) => (setQ(e.target.value), setOffset(0))}
          />
        </label>
        <label>
          {t.records.filterField}
          <select value={field} onChange={(e) => (setField(e.target.value), setOffset(0))}>
            <option value="">—</option>
            {columns.map((f) => (
              <option key={f.name} value={f.name}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.records.filterValue}
          <input value={value} onChange={(e) => (setValue(e.target.value), setOffset(0))} />
        </label>
      </form>
      <ErrorBox error={types.error ?? page.error} onRetry={page.reload} />
      {page.data && page.data.total === 0 && (
        <p className="empty">{q || value ? t.records.none : t.records.noneYet}</p>
      )}
      {page.data && page.data.total > 0 && (
        <ScrollBox label={t.records.title(type?.label ?? entity)}>
          <table className="grid">
            <thead>
              <tr>
                {columns.map((f) => (
                  <th key={f.name} scope="col">
                    {f.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {page.data.rows.map((r, i) => (
                <tr key={i}>
                  {columns.map((f) => (
                    <td key={f.name}>{r[f.name] == null ? '' : String(r[f.name])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {page.data && (
        <Pager
          offset={offset}
          limit={LIMIT}
          shown={page.data.rows.length}
          total={page.data.total}
          onOffset={setOffset}
        />
      )}
    </>
  );
}
