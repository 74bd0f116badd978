/**
 * The status machine of an import (SPEC J1), as one declared table: every change of an
 * import's status is one of these steps, taken by a role (people) or by the system
 * (its jobs). Nothing else moves a status: the store's `transition` looks the step up
 * here, and a step the status does not allow is refused with the steps that are.
 *
 *   draft <-> incomplete (its mapping leaves out what the import needs)
 *   draft -> validating -> awaiting_approval -> queued -> running -> completed
 *               |  `-> dry_run     |              |          |-> completed_with_issues
 *               `-> failed         `-> cancelled  `-> cancelled `-> failed | cancelled
 *   completed, completed_with_issues, failed, cancelled -> undoing -> undone
 *   awaiting_approval, dry_run, failed (nothing written) -> draft (walk back to the mapping)
 */
export const STATUSES = [
  'draft',
  'incomplete',
  'validating',
  'awaiting_approval',
  'queued',
  'running',
  'completed',
  'completed_with_issues',
  'failed',
  'cancelled',
  'dry_run',
  'undoing',
  'undone',
] as const;

export type ImportStatus = (typeof STATUSES)[number];

/** Statuses in which no job runs and none will, unless a person takes a step. */
export const FINAL_STATUSES: readonly ImportStatus[] = [
  'completed',
  'completed_with_issues',
  'failed',
  'cancelled',
  'dry_run',
  'undone',
];

/** Who takes a step: the least role of a person, or the system (a job). */
export type Actor = 'importer' | 'approver' | 'system';

/**
 * A condition on the stored import besides its status:
 * - uncommitted: nothing is final yet (an atomic commit that went through cannot be
 *   cancelled);
 * - written: the import wrote rows (there is something to undo);
 * - unwritten: it wrote nothing and committed nothing (it can become a draft again).
 */
export type Guard = 'uncommitted' | 'written' | 'unwritten';

export interface Step {
  from: readonly ImportStatus[];
  to: readonly ImportStatus[];
  by: Actor;
  guard?: Guard;
  /** What the step does, for the message that refuses it and for the docs. */
  says: string;
}

const WROTE = ['completed', 'completed_with_issues', 'failed', 'cancelled'] as const;

export const STEPS = {
  // People's steps.
  validate: {
    from: ['draft'],
    to: ['validating'],
    by: 'importer',
    says: 'validate a draft',
  },
  approve: {
    from: ['awaiting_approval'],
    to: ['queued'],
    // An importer runs an import held for their own review; one that a rule holds for
    // an approver (its `approval` is "required") needs the approver role (decisions).
    by: 'importer',
    says: 'let a validated import be written',
  },
  reject: {
    from: ['awaiting_approval'],
    to: ['cancelled'],
    by: 'approver',
    says: 'refuse a validated import, with a reason',
  },
  cancel: {
    from: ['draft', 'incomplete', 'validating', 'awaiting_approval', 'queued', 'running'],
    to: ['cancelled'],
    by: 'importer',
    guard: 'uncommitted',
    says: 'stop an import before it is written',
  },
  replay: {
    from: ['failed', 'awaiting_approval', 'dry_run'],
    to: ['validating'],
    by: 'importer',
    says: 'validate again from the kept files, maybe with other settings',
  },
  reopen: {
    from: ['awaiting_approval', 'dry_run', 'failed'],
    to: ['draft'],
    by: 'importer',
    guard: 'unwritten',
    says: 'take a validated import back to its mapping, to change it and validate again',
  },
  undo: {
    from: [...WROTE, 'undone'],
    to: ['undoing'],
    by: 'approver',
    guard: 'written',
    says: 'take back what the import wrote',
  },
  // The system's steps (the jobs, and the checks of a draft as it changes).
  incomplete: {
    from: ['draft'],
    to: ['incomplete'],
    by: 'system',
    says: "a draft's mapping leaves out what the import needs",
  },
  complete: {
    from: ['incomplete'],
    to: ['draft'],
    by: 'system',
    says: "a draft's mapping is complete again",
  },
  validated: {
    from: ['validating'],
    to: ['awaiting_approval', 'queued', 'dry_run'],
    by: 'system',
    says: 'a validation ended',
  },
  start: { from: ['queued'], to: ['running'], by: 'system', says: 'a commit starts' },
  retry: {
    from: ['running'],
    to: ['queued'],
    by: 'system',
    says: 'a commit failed and will be tried again',
  },
  revalidate: {
    from: ['queued', 'running'],
    to: ['validating'],
    by: 'system',
    says: 'what was staged for the commit is gone (a database crash): validate again',
  },
  finish: {
    from: ['running'],
    to: ['completed', 'completed_with_issues'],
    by: 'system',
    says: 'a commit ended',
  },
  fail: {
    from: ['validating', 'queued', 'running'],
    to: ['failed'],
    by: 'system',
    says: 'a job failed for good',
  },
  undone: { from: ['undoing'], to: ['undone'], by: 'system', says: 'an undo ended' },
  undo_failed: {
    from: ['undoing'],
    to: [...WROTE, 'undone'],
    by: 'system',
    says: 'an undo failed: nothing was undone',
  },
} as const satisfies Record<string, Step>;

export type StepName = keyof typeof STEPS;

/** People's steps the status allows (before guards), in the table's order. */
export function stepsFrom(status: string): StepName[] {
  return (Object.keys(STEPS) as StepName[]).filter((name) => {
    const s: Step = STEPS[name];
    return s.by !== 'system' && s.from.includes(status as ImportStatus);
  });
}
