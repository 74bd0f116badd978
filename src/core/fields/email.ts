import validator from 'validator';
import { bad, ok, type Cleaner } from './types.js';

/**
 * E-mail addresses, checked by validator.js. Stored in lower case so that an address
 * matches however it was typed; the change is recorded.
 */
const OPTIONS = { allow_utf8_local_part: true, require_tld: true };

/**
 * The common shape, which validator.js accepts every time: dot-separated atoms of
 * letters, digits, _ + - before the @ (at most 64 characters), then host labels of
 * letters, digits and inner hyphens (at most 63 each) and a letter TLD, 254 in all.
 * Anything else goes to validator.js; the same verdicts, a quarter of the time (issue
 * 15; test/core/fields/email.test.ts checks this against validator on every case).
 */
const COMMON =
  /^(?=.{6,254}$)(?=[^@]{1,64}@)[a-z0-9_+-]+(?:\.[a-z0-9_+-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const isEmail = (lower: string): boolean =>
  COMMON.test(lower) || validator.isEmail(lower, OPTIONS);

export const cleanEmail: Cleaner = (text, field, ctx) => {
  const lower = text.toLowerCase();
  if (ctx.validateEmail && !isEmail(lower)) {
    return bad('INTAKE_E_EMAIL', `${field.label} "${text}" is not a valid e-mail address`);
  }
  return ok(lower, lower === text ? undefined : 'lowercase');
};
