import { ApiError } from '../api';
import { t } from '../texts';

/** An error as a person reads it: the API's message and code, never a stack. */
export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : undefined;
  const message =
    e?.code === 'NETWORK'
      ? t.error.network
      : error instanceof Error
        ? error.message
        : String(error);
  return (
    <div className="error" role="alert">
      <strong>{t.error.title}</strong>
      <p>{message}</p>
      {e && e.code !== 'NETWORK' && <code>{e.code}</code>}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t.error.retry}
        </button>
      )}
    </div>
  );
}
