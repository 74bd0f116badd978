import { t } from '../texts';

export type Step = 'upload' | 'map' | 'review' | 'run';
const STEPS: Step[] = ['upload', 'map', 'review', 'run'];

/** The wizard's four steps, the current one marked (and announced to screen readers). */
export function Stepper({ step }: { step: Step }) {
  const at = STEPS.indexOf(step);
  return (
    <ol className="stepper">
      {STEPS.map((s, i) => (
        <li
          key={s}
          className={i === at ? 'current' : i < at ? 'done' : ''}
          aria-current={i === at ? 'step' : undefined}
        >
          <span>{i + 1}</span> {t.steps[s]}
        </li>
      ))}
    </ol>
  );
}
