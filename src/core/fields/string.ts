import type { FieldDef } from '../schema.js';
import { bad, ok, type Cleaner } from './types.js';

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

/** Characters, not UTF-16 units: "é" or an emoji counts once. */
function charLength(text: string): number {
  return Array.from(text).length;
}

/** Plain text: checked against maxLength and pattern, kept as written (after trimming). */
export const cleanString: Cleaner = (text, field) => {
  // A string is never longer in characters than in UTF-16 units: count only when needed.
  if (field.maxLength !== undefined && text.length > field.maxLength) {
    const length = charLength(text);
    if (length > field.maxLength) {
      return bad(
        'INTAKE_E_MAX_LENGTH',
        `${field.label} is ${length} characters long; at most ${field.maxLength} are allowed`,
      );
    }
  }
  if (field.pattern !== undefined && !patternOf(field).test(text)) {
    return bad(
      'INTAKE_E_PATTERN',
      `${field.label} "${text}" does not match the pattern ${field.pattern}`,
    );
  }
  return ok(text);
};
