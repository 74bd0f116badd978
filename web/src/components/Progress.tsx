import { useRef } from 'react';
import { t } from '../texts';
import type { ImportView } from '../types';

/** The phases of an import in the order they run, validation then commit. */
const PHASES = ['scan', 'stage', 'plan', 'commit', 'report'];

/**
 * A bar of rows done out of the total in the current phase, named as a step ("Step 2 of
 * 5: Cleaning and checking rows"), with rows per second and the time left. Within a
 * phase the bar never goes back (a reading older than the last one shown is ignored);
 * a phase without rows to count (the reports) shows a moving bar, never "0 rows".
 */
export function Progress({ view, moving }: { view: ImportView; moving: boolean }) {
  const p = view.progress;
  const rate = rateOf(p);
  const total = moving ? (p?.total ?? 0) : (view.counts?.rows ?? p?.total ?? 0);
  let rows = moving ? (p?.rows ?? 0) : total;
  const seen = useRef<{ phase?: string; rows: number }>({ rows: 0 });
  if (moving && p?.phase) {
    if (seen.current.phase === p.phase) rows = Math.max(rows, seen.current.rows);
    seen.current = { phase: p.phase, rows };
  }
  const step = p?.phase ? PHASES.indexOf(p.phase) : -1;
  const left = moving && rate && total > rows ? (total - rows) / rate : undefined;
  return (
    <div className="progress-block" role="status">
      {moving && p?.phase && (
        <strong>
          {step >= 0
            ? t.run.step(step + 1, PHASES.length, t.run.phase[p.phase] ?? p.phase)
            : (t.run.phase[p.phase] ?? p.phase)}
        </strong>
      )}
      {/* No total (the first read of the file, the reports): an indeterminate bar. */}
      <progress
        max={Math.max(total, 1)}
        value={total > 0 ? rows : undefined}
        aria-label={total > 0 ? t.run.progress(rows, total) : t.run.working}
      />
      {total > 0 && <span>{t.run.progress(rows, total)}</span>}
      {moving && rate !== undefined && <span> · {t.run.rate(rate)}</span>}
      {left !== undefined && <span> · {t.run.left(left)}</span>}
    </div>
  );
}

/** Rows per second in the current phase: rows / (at - since), from one reading. */
function rateOf(p: ImportView['progress']): number | undefined {
  if (!p?.rows || !p.at || !p.since) return undefined;
  const ms = Date.parse(p.at) - Date.parse(p.since);
  return ms > 0 ? (p.rows * 1000) / ms : undefined;
}
