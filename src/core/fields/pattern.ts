import type { FieldDef, FieldKind, Value } from '../schema.js';
import { bad, type CellResult } from './types.js';

/**
 * A pack's `pattern` checks a value's text form after its type's own normalisation: a
 * phone as +33612345678, an e-mail in lower case, a date as YYYY-MM-DD. Booleans and
 * JSON documents have no text form a pattern could mean; the pack loader refuses those.
 */
export const PATTERN_TYPES: FieldKind[] = [
  'string',
  'integer',
  'decimal',
  'date',
  'datetime',
  'email',
  'phone',
  'enum',
  'reference',
];

// One compiled pattern per field: this runs once per cell of a million-row file.
const patterns = new WeakMap<FieldDef, RegExp>();

function patternOf(field: FieldDef): RegExp {
  let re = patterns.get(field);
  if (!re) {
    re = new RegExp(field.pattern!, 'u');
    patterns.set(field, re);
  }
  return re;
}

/** The field's pattern refuses `value`: the problem, else undefined. */
export function patternProblem(field: FieldDef, value: Value): CellResult | undefined {
  if (field.pattern === undefined) return undefined;
  const text = String(value);
  if (patternOf(field).test(text)) return undefined;
  return bad(
    'INTAKE_E_PATTERN',
    `${field.label} "${text}" does not match the pattern ${field.pattern}`,
  );
}
