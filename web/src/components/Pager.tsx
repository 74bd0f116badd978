import { t } from '../texts';

/** Previous / next over pages of `limit` rows; `total` when known, else `more`. */
export function Pager(props: {
  offset: number;
  limit: number;
  shown: number;
  total?: number;
  more?: boolean;
  onOffset: (offset: number) => void;
  /** Go straight to a page (shown when the total is known and there are several). */
  onJump?: (offset: number) => void;
}) {
  const { offset, limit, shown, total, onOffset } = props;
  const more = total === undefined ? Boolean(props.more) : offset + shown < total;
  if (shown === 0 && offset === 0) return null;
  return (
    <nav className="pager" aria-label={t.pager.label}>
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
      {props.onJump && total !== undefined && total > limit && (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            const n = Number(new FormData(e.currentTarget).get('page'));
            const last = Math.ceil(total / limit);
            props.onJump!((Math.min(Math.max(1, n), last) - 1) * limit);
          }}
        >
          <label>
            {t.pager.page}{' '}
            <input
              name="page"
              type="number"
              min={1}
              max={Math.ceil(total / limit)}
              defaultValue={Math.floor(offset / limit) + 1}
              key={offset}
            />
          </label>{' '}
          {t.pager.of(Math.ceil(total / limit))} <button type="submit">{t.pager.go}</button>
        </form>
      )}
    </nav>
  );
}
