import { OPERATION_OUTCOMES, type RecordOperation } from './operations.js';

/**
 * What happened to a row (its outcome in the row results, SPEC V5), and the counts of
 * an import per outcome: one list, read by the store, the reports, the API's schemas
 * and the UI's generated types.
 */
export type Outcome =
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'skipped'
  | 'rejected'
  | (typeof OPERATION_OUTCOMES)[RecordOperation];
export const OUTCOMES: Outcome[] = [
  'created',
  'updated',
  ...Object.values(OPERATION_OUTCOMES),
  'unchanged',
  'skipped',
  'rejected',
];
/** Outcomes that write: each is counted by the commit in the chunk that wrote it. */
export const WRITES = ['created', 'updated', ...Object.values(OPERATION_OUTCOMES)] as const;
export type Written = (typeof WRITES)[number];
export const isWrite = (o: string): o is Written => (WRITES as readonly string[]).includes(o);

export type Counts = { rows: number } & Record<Outcome, number>;

export const NO_COUNTS: Counts = {
  rows: 0,
  ...(Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>),
};

/** Rows an import writes (or wrote), whatever the kind of write. */
export const writes = (c: Counts): number => WRITES.reduce((n, w) => n + c[w], 0);
