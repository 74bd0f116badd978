import { bad, ok, type Cleaner } from './types.js';

/** Characters, not UTF-16 units: "é" or an emoji counts once. */
function charLength(text: string): number {
  return Array.from(text).length;
}

/** Plain text: checked against maxLength, kept as written (after trimming); clean.ts checks the pattern. */
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
  return ok(text);
};
