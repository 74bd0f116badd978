import { bad, ok, type Cleaner } from './types.js';

/** Plain text: checked against maxLength and pattern, kept as written (after trimming). */
export const cleanString: Cleaner = (text, field) => {
  if (field.maxLength !== undefined && [...text].length > field.maxLength) {
    return bad(
      'INTAKE_E_MAX_LENGTH',
      `${field.label} is ${[...text].length} characters long; at most ${field.maxLength} are allowed`,
    );
  }
  if (field.pattern !== undefined && !new RegExp(field.pattern, 'u').test(text)) {
    return bad(
      'INTAKE_E_PATTERN',
      `${field.label} "${text}" does not match the pattern ${field.pattern}`,
    );
  }
  return ok(text);
};
