import type { Counts } from '../types';
import { t } from '../texts';

const KINDS = ['created', 'updated', 'unchanged', 'skipped', 'rejected'] as const;
/** Shown only when an import has them (operations on stored records). */
const OPERATIONS = ['inactivated', 'reactivated', 'anonymized', 'deleted', 'erased'] as const;

/** A small bar chart of row outcomes, with the numbers written out beside each bar. */
export function OutcomeChart({ counts }: { counts: Counts | null }) {
  const ops = OPERATIONS.filter((k) => (counts?.[k] ?? 0) > 0);
  const kinds = [...KINDS.slice(0, 2), ...ops, ...KINDS.slice(2)];
  const values = kinds.map((k) => counts?.[k] ?? 0);
  const max = Math.max(1, ...values);
  return (
    <table className="chart" aria-label={t.review.outcomes}>
      <tbody>
        {kinds.map((k, i) => (
          <tr key={k} data-outcome={k}>
            <th scope="row">{t.outcome[k]}</th>
            <td>
              <div className={`bar ${k}`} style={{ width: `${(values[i]! / max) * 100}%` }} />
            </td>
            <td className="num">{values[i]!.toLocaleString(t.locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
