import validator from 'validator';
import { bad, ok, type Cleaner } from './types.js';

/**
 * E-mail addresses, checked by validator.js. Stored in lower case so that an address
 * matches however it was typed; the change is recorded.
 */
const OPTIONS = { allow_utf8_local_part: true, require_tld: true };

export const cleanEmail: Cleaner = (text, field, ctx) => {
  const lower = text.toLowerCase();
  if (ctx.validateEmail && !validator.isEmail(lower, OPTIONS)) {
    return bad('INTAKE_E_EMAIL', `${field.label} "${text}" is not a valid e-mail address`);
  }
  return ok(lower, lower === text ? undefined : 'lowercase');
};
