import { bad, ok, type Cleaner } from './types.js';

// Spaces (also no-break and thin spaces) and apostrophes group thousands: "1 234", "1'234".
const GROUPED = /^[+-]?\d{1,3}([ \u00a0\u202f']\d{3})+$/;
const PLAIN = /^[+-]?\d+$/;
const WHOLE_DECIMAL = /^([+-]?\d+)[.,]0+$/;

/** Whole numbers. Group separators and a zero fraction ("12.00") are corrected and recorded. */
export const cleanInteger: Cleaner = (text, field) => {
  let digits = text;
  let rule: string | undefined;
  if (GROUPED.test(text)) {
    digits = text.replace(/[ \u00a0\u202f']/g, '');
    rule = 'thousands_separator';
  } else if (WHOLE_DECIMAL.test(text)) {
    digits = WHOLE_DECIMAL.exec(text)![1]!;
    rule = 'whole_number';
  }
  if (!PLAIN.test(digits)) {
    return bad('INTAKE_E_TYPE', `${field.label} "${text}" is not a whole number`);
  }
  const n = Number(digits);
  if (!Number.isSafeInteger(n)) {
    return bad('INTAKE_E_TYPE', `${field.label} ${text} is too large for a whole number`);
  }
  if (rule === undefined && String(n) !== text) rule = 'number_format';
  return ok(n, rule);
};
