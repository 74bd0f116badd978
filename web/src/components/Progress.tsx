import { t } from '../texts';
import type { ImportView } from '../types';

/** A bar of rows done out of the total, and while it moves, rows per second. */
export function Progress({ view, moving }: { view: ImportView; moving: boolean }) {
  const p = view.progress;
  const rate = rateOf(p);
  const total = moving ? (p?.total ?? 0) : (view.counts?.rows ?? p?.total ?? 0);
  const rows = moving ? (p?.rows ?? 0) : total;
  return (
    <div className="progress-block" role="status">
      {moving && p?.phase && <strong>{t.run.phase[p.phase] ?? p.phase}</strong>}
      {/* No total yet (the first read of the file): an indeterminate bar. */}
      <progress
        max={Math.max(total, 1)}
        value={total > 0 ? rows : undefined}
        aria-label={t.run.progress(rows, total)}
      />
      <span>{t.run.progress(rows, total)}</span>
      {moving && rate !== undefined && <span> · {t.run.rate(rate)}</span>}
    </div>
  );
}

/** Rows per second in the current phase: rows / (at - since), from one reading. */
function rateOf(p: ImportView['progress']): number | undefined {
  if (!p?.rows || !p.at || !p.since) return undefined;
  const ms = Date.parse(p.at) - Date.parse(p.since);
  return ms > 0 ? (p.rows * 1000) / ms : undefined;
}
