import type { EntityType } from './schema.js';

/**
 * What an import does to each row's record (SPEC C2). create, update and upsert write
 * the row's fields; the record operations act on a stored record found by its key and
 * write none of the row's fields: their other columns only double-check the record.
 */
export const RECORD_OPERATIONS = [
  'inactivate',
  'reactivate',
  'delete',
  'anonymize',
  'erase',
] as const;
export type RecordOperation = (typeof RECORD_OPERATIONS)[number];

export const OPERATIONS = ['create', 'update', 'upsert', ...RECORD_OPERATIONS] as const;
export type Operation = (typeof OPERATIONS)[number];

export const isRecordOperation = (op: string): op is RecordOperation =>
  (RECORD_OPERATIONS as readonly string[]).includes(op);

/** What a row's planned record operation became (its outcome in the row results). */
export const OPERATION_OUTCOMES = {
  inactivate: 'inactivated',
  reactivate: 'reactivated',
  delete: 'deleted',
  anonymize: 'anonymized',
  erase: 'erased',
} as const satisfies Record<RecordOperation, string>;

/** The pseudo-field a column maps to when it carries each row's operation. */
export const OPERATION_FIELD = '_operation';

/** Words other products use for the same operations (SecuTix says "invalidate"). */
const SYNONYMS: Record<string, Operation> = {
  invalidate: 'inactivate',
  deactivate: 'inactivate',
  disable: 'inactivate',
  activate: 'reactivate',
  enable: 'reactivate',
  remove: 'delete',
  anonymise: 'anonymize',
  insert: 'create',
  new: 'create',
  modify: 'update',
};

/** A cell of an operation column -> the operation, in any case; undefined when unknown. */
export function parseOperation(cell: string): Operation | undefined {
  const word = cell.trim().toLowerCase();
  if ((OPERATIONS as readonly string[]).includes(word)) return word as Operation;
  return SYNONYMS[word];
}

/** Why `entity` cannot run `op` (its pack declares nothing for it), or undefined. */
export function unsupported(entity: EntityType, op: Operation): string | undefined {
  const what = entity.label.toLowerCase();
  if ((op === 'inactivate' || op === 'reactivate') && !entity.activity) {
    return `the ${what} type declares no active/inactive field (activity in its pack), so it cannot be ${op}d`;
  }
  if (op === 'anonymize' && Object.keys(entity.anonymize).length === 0) {
    return `the ${what} type declares no anonymize rules in its pack, so it cannot be anonymized`;
  }
  return undefined;
}
