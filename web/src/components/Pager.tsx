import { t } from '../texts';

/** Previous / next over pages of `limit` rows; `total` when known, else `more`. */
export function Pager(props: {
  offset: number;
  limit: number;
  shown: number;
  total?: number;
  more?: boolean;
  onOffset: (offset: number) => void;
}) {
  const { offset, limit, shown, total, onOffset } = props;
  const more = total === undefined ? Boolean(props.more) : offset + shown < total;
  if (shown === 0 && offset === 0) return null;
  return (
    <nav className="pager" aria-label="pages">
      <button
        type="button"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - limit))}
      >
        {t.pager.prev}
      </button>
      <span>{t.pager.range(offset + 1, offset + shown, total)}</span>
      <button type="button" disabled={!more} onClick={() => onOffset(offset + limit)}>
        {t.pager.next}
      </button>
    </nav>
  );
}
