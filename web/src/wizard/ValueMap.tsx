import { useState } from 'react';
import { api } from '../api';
import { useLoad } from '../components/useLoad';
import { t } from '../texts';
import type { EntityInfo, Fix, ProblemCount } from '../types';

/**
 * Values not in a selection's list, each read as one of its options by the user
 * (`Gold Member` → `Gold`): a fix of kind `value` for every row that has it, whatever
 * the column the field comes from. Saved together, then the import is validated again.
 */
export function ValueMap(props: {
  entities: string[];
  problems: ProblemCount[];
  busy?: boolean;
  onFix: (fixes: Fix[]) => void;
}) {
  const types = useLoad(() => api<EntityInfo[]>('/entity-types'), []);
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const refused = props.problems.filter((p) => p.code === 'INTAKE_E_ENUM' && p.values?.length);
  if (refused.length === 0 || !types.data) return null;
  const optionsOf = (field: string) =>
    types
      .data!.filter((e) => props.entities.includes(e.name))
      .flatMap((e) => e.fields)
      .find((f) => f.name === field && f.options)?.options ?? [];
  const key = (field: string, value: string) => `${field}\u0000${value}`;
  const fixes: Fix[] = Object.entries(chosen)
    .filter(([, to]) => to !== '')
    .map(([k, to]) => {
      const [field, from] = k.split('\u0000') as [string, string];
      return { kind: 'value', field, from, to };
    });
  return (
    <section className="value-map">
      <h3>{t.fix.values}</h3>
      <p className="muted">{t.fix.valuesHint}</p>
      {refused.map((p) => (
        <table key={p.field} className="grid">
          <caption>{p.field}</caption>
          <thead>
            <tr>
              <th scope="col">{t.fix.inFile}</th>
              <th scope="col">{t.upload.rows}</th>
              <th scope="col">{t.fix.readAs}</th>
            </tr>
          </thead>
          <tbody>
            {p.values!.map((v) => (
              <tr key={v.value}>
                <th scope="row">{v.value}</th>
                <td className="num">{v.rows.toLocaleString(t.locale)}</td>
                <td>
                  <select
                    aria-label={t.fix.readAsLabel(p.field, v.value)}
                    value={chosen[key(p.field, v.value)] ?? ''}
                    onChange={(e) =>
                      setChosen({ ...chosen, [key(p.field, v.value)]: e.target.value })
                    }
                  >
                    <option value="">{t.fix.leave}</option>
                    {optionsOf(p.field).map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <button
        type="button"
        className="primary"
        disabled={props.busy || fixes.length === 0}
        onClick={() => props.onFix(fixes)}
      >
        {t.fix.applyValues(fixes.length)}
      </button>
    </section>
  );
}
