import { t } from '../texts';
import type { InspectedSheet } from '../types';

const SHOWN = 8;

/**
 * What the first rows of a sheet would meet at validation, as the server checked them
 * with the mapping and options now set (issue 15: feedback before the file is read
 * through). Changing a mapping or an option checks them again.
 */
export function FirstRows(props: { sheet: InspectedSheet }) {
  const f = props.sheet.firstRows;
  if (!f) return null;
  const problems = f.problems.slice(0, SHOWN);
  return (
    <div className="first-rows" role="status" data-first-rows={props.sheet.name}>
      <p className={f.refused > 0 ? 'warning' : 'muted'}>
        {f.refused > 0 ? t.map.firstRefused(f.rows, f.refused) : t.map.firstClean(f.rows)}
      </p>
      {problems.length > 0 && (
        <ul>
          {problems.map((p, i) => (
            <li key={i}>
              {t.map.firstProblem(p.line, p.column)}: {p.message}
            </li>
          ))}
          {f.problems.length + f.more > SHOWN && (
            <li className="muted">{t.map.firstMore(f.problems.length + f.more - SHOWN)}</li>
          )}
        </ul>
      )}
    </div>
  );
}
