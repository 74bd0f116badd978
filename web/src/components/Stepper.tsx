import { t } from '../texts';

export type Step = 'upload' | 'map' | 'review' | 'run';
export const STEPS: Step[] = ['upload', 'map', 'review', 'run'];

/**
 * The wizard's four steps, the current one marked (and announced to screen readers).
 * The steps the import can go to now are buttons: back to the mapping while nothing is
 * written, forward to the steps it has reached (issue 17: Review was a dead end).
 */
export function Stepper(props: {
  step: Step;
  reachable?: readonly Step[];
  onStep?: (step: Step) => void;
  busy?: boolean;
}) {
  const at = STEPS.indexOf(props.step);
  return (
    <nav aria-label={t.stepsLabel}>
      <ol className="stepper">
        {STEPS.map((s, i) => {
          const label = (
            <>
              <span>{i + 1}</span> {t.steps[s]}
            </>
          );
          const go = i !== at && props.onStep && props.reachable?.includes(s);
          return (
            <li
              key={s}
              className={i === at ? 'current' : i < at ? 'done' : ''}
              aria-current={i === at ? 'step' : undefined}
            >
              {go ? (
                <button
                  type="button"
                  className="link"
                  disabled={props.busy}
                  onClick={() => props.onStep!(s)}
                >
                  {label}
                </button>
              ) : (
                label
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
