import { useState } from 'react';
import { Downloads } from '../components/Downloads';
import { OutcomeChart } from '../components/OutcomeChart';
import { Progress } from '../components/Progress';
import { can, type Me } from '../session';
import { t } from '../texts';
import type { ImportView } from '../types';

const ACTIVE = new Set(['queued', 'running', 'undoing']);

/**
 * Step 4: approve (approvers) or wait for an approver; then live progress (rows/s, a
 * bar, the outcomes so far) and the result with its reports.
 */
export function Run(props: {
  me: Me;
  view: ImportView;
  /** With the number of records it erases, when it erases any (typed by the approver). */
  onApprove: (confirmErase?: number) => void;
  onReject: (reason: string) => void;
  /** An action on the import is on its way: its buttons wait for its answer. */
  busy?: boolean;
}) {
  const { me, view } = props;
  const [reason, setReason] = useState('');
  // Erase cannot be undone: the approver types the number of records it erases.
  const erases = view.counts?.erased ?? 0;
  const [typed, setTyped] = useState('');
  const confirmed = erases === 0 || typed.trim() === String(erases);
  return (
    <section>
      <h2>{t.run.title}</h2>
      <p>
        <span className={`status ${view.status}`} role="status">
          {t.status[view.status] ?? view.status}
        </span>
      </p>
      {view.status === 'awaiting_approval' &&
        // Held for the importer's own review, an importer runs it; held by a rule of the
        // workspace (or asked for), an approver.
        (can(me, 'approver') || (view.approval === 'review' && can(me, 'importer')) ? (
          <div className="approval">
            {erases > 0 && (
              <label className="erase-confirm">
                <strong>{t.run.eraseWarning(erases)}</strong>{' '}
                <input
                  inputMode="numeric"
                  aria-label={t.run.eraseType(erases)}
                  placeholder={t.run.eraseType(erases)}
                  value={typed}
                  onChange={(e) => setTyped(e.target.value)}
                />
              </label>
            )}
            <button
              type="button"
              className="primary"
              disabled={!confirmed || props.busy}
              onClick={() => props.onApprove(erases > 0 ? erases : undefined)}
            >
              {can(me, 'approver') ? t.run.approve : t.run.write}
            </button>
            {can(me, 'approver') && (
              <form
                className="inline"
                onSubmit={(e) => (e.preventDefault(), props.onReject(reason))}
              >
                <input
                  aria-label={t.run.rejectReason}
                  placeholder={t.run.rejectReason}
                  required
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
                <button type="submit" disabled={props.busy}>
                  {t.run.reject}
                </button>
              </form>
            )}
          </div>
        ) : (
          <p className="waiting">
            {t.run.waiting} <code>{window.location.href}</code>
          </p>
        ))}
      {view.status !== 'awaiting_approval' && (
        <Progress view={view} moving={ACTIVE.has(view.status)} />
      )}
      {view.status !== 'awaiting_approval' && <OutcomeChart counts={view.counts} />}
      {view.error && <p className="error">{view.error}</p>}
      {view.status === 'undone' && view.undo && (
        <p className="undone" role="status">
          {t.run.undone(
            Number(view.undo.deleted ?? 0),
            Number(view.undo.restored ?? 0),
            Number(view.undo.refused ?? 0),
          )}
        </p>
      )}
      <Downloads id={view.id} status={view.status} />
    </section>
  );
}
