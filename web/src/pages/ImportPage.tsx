import { useEffect, useRef, useState } from 'react';
import { api } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { STEPS, Stepper, type Step } from '../components/Stepper';
import { Undo } from '../components/Undo';
import { useLoad } from '../components/useLoad';
import { go } from '../route';
import { can, type Me } from '../session';
import { t } from '../texts';
import type { ImportOptions, ImportView, Inspection, OptionsChange } from '../types';
import { MapStep } from '../wizard/Map';
import { Review } from '../wizard/Review';
import { Run } from '../wizard/Run';
import { Members, NewUpload } from '../wizard/Upload';

/** While an import is in one of these, its page reads it again every second. */
const MOVING = new Set(['validating', 'queued', 'running', 'undoing']);

/** The step an import's status puts it at (a draft: upload, or map once asked for). */
function stepOf(view: ImportView, asked?: Step): Step {
  // An incomplete draft is a draft whose mapping leaves something out.
  if (view.status === 'draft' || view.status === 'incomplete')
    return asked === 'map' ? 'map' : 'upload';
  if (view.status === 'validating' || view.status === 'dry_run') return 'review';
  if (view.status === 'awaiting_approval') return asked === 'run' ? 'run' : 'review';
  const ran = view.events?.some((e) => e.to === 'running');
  if (view.status === 'failed' && !ran) return 'review';
  return 'run';
}

/**
 * The steps an import can be taken to from the stepper: back to its files and mapping
 * while nothing is written (a validated import is reopened as a draft), and the steps
 * it has reached.
 */
function reachableSteps(view: ImportView): Step[] {
  if (view.status === 'draft' || view.status === 'incomplete') return ['upload', 'map'];
  const back: Step[] = view.steps?.includes('reopen') ? ['upload', 'map'] : [];
  if (view.status === 'awaiting_approval') return [...back, 'review', 'run'];
  if (view.status === 'dry_run' || view.status === 'failed') return [...back, 'review'];
  return back;
}

/** The wizard, for a new import (no id) or for any import, at the step of its status. */
export function ImportPage({ me, id, entity }: { me: Me; id?: string; entity?: string }) {
  if (!id) {
    return (
      <>
        <h1>{t.nav.newImport}</h1>
        <Stepper step="upload" />
        <NewUpload entity={entity} />
      </>
    );
  }
  return <Wizard me={me} id={id} />;
}

function Wizard({ me, id }: { me: Me; id: string }) {
  const [asked, setAsked] = useState<Step>();
  const [actionError, setActionError] = useState<unknown>();
  const imp = useLoad(() => api<ImportView>(`/imports/${id}`), [id]);
  const view = imp.data;
  const files = useLoad(
    () =>
      view?.status === 'draft' || view?.status === 'incomplete'
        ? api<Inspection[]>(`/imports/${id}/files`)
        : Promise.resolve(undefined),
    [id, view?.status, JSON.stringify(view?.settings)],
  );

  useEffect(() => {
    if (!view || !MOVING.has(view.status)) return;
    // Twice a second while rows move, for a live rate; once a second while queued.
    const timer = setTimeout(imp.reload, view.status === 'queued' ? 1000 : 500);
    return () => clearTimeout(timer);
  }, [view, imp.reload]);

  // One action at a time, in the order asked: one asked while another runs waits for it
  // (a Validate pressed while a change of the options is on its way, a change made
  // before the page shows the previous one's answer), never dropped. The same action
  // asked again while it waits or runs is one action: a double click on Approve sends one
  // approval, not a second one refused by the first (issue 17).
  const [busy, setBusy] = useState(false);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const pending = useRef<string[]>([]);
  /** Do something to the import, then show it as it is now. */
  const act = (key: string, call: () => Promise<unknown>): Promise<void> => {
    if (pending.current.includes(key)) return queue.current;
    pending.current.push(key);
    setBusy(true);
    queue.current = queue.current.then(async () => {
      setActionError(undefined);
      try {
        await call();
        imp.reload();
      } catch (e) {
        setActionError(e);
      } finally {
        pending.current.splice(pending.current.indexOf(key), 1);
        if (pending.current.length === 0) setBusy(false);
      }
    });
    return queue.current;
  };
  const post = (path: string, json?: unknown) =>
    act(`${path} ${JSON.stringify(json ?? {})}`, () =>
      api(`/imports/${id}/${path}`, { method: 'POST', json: json ?? {} }),
    );
  // Each change of the draft is made to the options as the last change left them.
  const latest = useRef<ImportOptions | undefined>(undefined);
  const changeNo = useRef(0);
  const change = (body: { entity?: string | null; options?: OptionsChange }) =>
    act(`change ${changeNo.current++}`, async () => {
      const base = latest.current ?? view!.settings.options;
      const next = await api<ImportView>(`/imports/${id}`, {
        method: 'PATCH',
        json: {
          ...(body.entity !== undefined ? { entity: body.entity ?? '' } : {}),
          ...(body.options ? { options: body.options(base) } : {}),
        },
      });
      latest.current = next.settings.options;
      imp.setData(next);
    });

  // Walking back to the files or the mapping of a validated import makes it a draft again.
  const toStep = (to: Step) => {
    const isDraft = view?.status === 'draft' || view?.status === 'incomplete';
    if (STEPS.indexOf(to) <= STEPS.indexOf('map') && !isDraft) {
      void act('reopen', async () => {
        await api(`/imports/${id}/reopen`, { method: 'POST', json: {} });
        setAsked(to);
      });
    } else setAsked(to);
  };

  // Each step's heading takes the focus, so a screen reader and the keyboard start there
  // (not at the top of the page body); so does Review's once its validation has ended
  // (its page is drawn anew then).
  const stepRef = useRef<HTMLDivElement>(null);
  const step = view ? stepOf(view, asked) : undefined;
  const validating = view?.status === 'validating';
  useEffect(() => {
    const heading = stepRef.current?.querySelector('h2');
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }, [step, validating]);

  if (imp.error) return <ErrorBox error={imp.error} onRetry={imp.reload} />;
  if (!view || !step) return <p className="loading">{t.loading}</p>;
  const back = view.steps?.includes('reopen') ? () => toStep('map') : undefined;
  return (
    <div ref={stepRef}>
      <h1>
        {t.importTitle}: <span className="muted">{view.settings.files.join(', ')}</span>
      </h1>
      <Stepper step={step} reachable={reachableSteps(view)} onStep={toStep} busy={busy} />
      <ErrorBox error={actionError} />
      {step === 'upload' && (
        <Members
          view={view}
          files={files.data}
          error={files.error}
          onExclude={(exclude) => void change({ options: (o) => ({ ...o, exclude }) })}
          onHeaderRow={(name, line) =>
            void change({
              options: (o) => ({ ...o, headerRows: { ...o.headerRows, [name]: line } }),
            })
          }
          onReset={() =>
            void act('reset', async () => {
              await api(`/imports/${id}/cancel`, { method: 'POST', json: {} });
              go('#/new');
            })
          }
          onNext={() => setAsked('map')}
        />
      )}
      {step === 'map' && (
        <MapStep
          me={me}
          view={view}
          files={files.data}
          onChange={change}
          onBack={() => setAsked('upload')}
          // After the changes still on their way: pressed during one, it waits for them.
          onValidate={() => void post('validate')}
        />
      )}
      {step === 'review' && (
        <Review
          view={view}
          busy={busy}
          onRevalidate={(options) =>
            void post('replay', { options: { ...view.settings.options, ...options } })
          }
          onBack={back}
          canFix={can(me, 'importer') && view.steps?.includes('replay')}
          onNext={() => setAsked('run')}
        />
      )}
      {step === 'run' && (
        <Run
          me={me}
          view={view}
          busy={busy}
          onApprove={(confirmErase) =>
            void post('approve', confirmErase === undefined ? {} : { confirmErase })
          }
          onReject={(reason) => void post('reject', { reason })}
        />
      )}
      <footer className="import-actions">
        {/* What the import allows now comes from the server's status machine. */}
        {can(me, 'importer') &&
          view.steps?.includes('cancel') &&
          view.status !== 'draft' &&
          view.status !== 'incomplete' && (
            <button
              type="button"
              disabled={busy}
              onClick={() => window.confirm(t.run.cancelConfirm) && void post('cancel')}
            >
              {t.run.cancel}
            </button>
          )}
        {can(me, 'importer') && view.steps?.includes('replay') && view.status === 'failed' && (
          <button type="button" disabled={busy} onClick={() => void post('replay')}>
            {t.run.replay}
          </button>
        )}
        {can(me, 'approver') && view.steps?.includes('undo') && (
          <Undo view={view} onDone={imp.reload} />
        )}
        <details>
          <summary>{t.run.history}</summary>
          <ol className="events">
            {view.events?.map((e, i) => (
              <li key={i}>
                {new Date(e.at).toLocaleString(t.locale)}:{' '}
                {e.from ? `${t.status[e.from] ?? e.from} → ` : ''}
                {t.status[e.to] ?? e.to} ({e.actor}){e.note ? `: ${e.note}` : ''}
              </li>
            ))}
          </ol>
        </details>
      </footer>
    </div>
  );
}
