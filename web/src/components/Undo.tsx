import { useState } from 'react';
import { api } from '../api';
import { t } from '../texts';
import type { ImportView, UndoPreview } from '../types';
import { ErrorBox } from './ErrorBox';

/**
 * Undo an import (approvers): first a preview of what it would delete, restore and
 * refuse, and why; then, confirmed, the undo itself, which runs as a job.
 */
export function Undo({ view, onDone }: { view: ImportView; onDone: () => void }) {
  const [preview, setPreview] = useState<UndoPreview>();
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const call = async (body: { dryRun?: boolean; force: boolean }) => {
    setBusy(true);
    setError(undefined);
    try {
      return await api<UndoPreview>(`/imports/${view.id}/undo`, { method: 'POST', json: body });
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  const look = async (forced: boolean) => {
    setForce(forced);
    setPreview(await call({ dryRun: true, force: forced }));
  };
  if (!preview) {
    return (
      <>
        <button type="button" disabled={busy} onClick={() => void look(false)}>
          {t.undo.open}
        </button>
        <ErrorBox error={error} />
      </>
    );
  }
  return (
    <section className="undo" aria-labelledby="undo-title">
      <h3 id="undo-title">{t.undo.title}</h3>
      <p role="status">{t.undo.would(preview.deleted, preview.restored, preview.refused)}</p>
      {preview.refusals.length > 0 && (
        <ul className="refusals">
          {preview.refusals.map((r) => (
            <li key={r.row}>
              {t.undo.row(r.row)}: {r.message} <span className="muted">({r.code})</span>
            </li>
          ))}
        </ul>
      )}
      <label>
        <input type="checkbox" checked={force} onChange={(e) => void look(e.target.checked)} />{' '}
        {t.undo.force}
      </label>
      <div className="approval">
        <button
          type="button"
          className="primary"
          disabled={busy || preview.deleted + preview.restored === 0}
          onClick={() =>
            void call({ force }).then((done) => {
              if (done) {
                setPreview(undefined);
                onDone();
              }
            })
          }
        >
          {t.undo.confirm}
        </button>
        <button type="button" disabled={busy} onClick={() => setPreview(undefined)}>
          {t.undo.keep}
        </button>
      </div>
      <ErrorBox error={error} />
    </section>
  );
}
