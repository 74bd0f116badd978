import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { bad, ok, type Cleaner } from './types.js';

/**
 * Phone numbers, parsed by libphonenumber-js with full metadata (so validity is
 * checked per country, not just by length) and stored as E.164. National numbers
 * take the import's country, else the field's. "00" international prefixes work.
 */
export const cleanPhone: Cleaner = (text, field, ctx) => {
  const country = (ctx.country ?? field.country) as CountryCode | undefined;
  if (!ctx.validatePhone) return ok(text);
  const input = text.startsWith('00') ? `+${text.slice(2)}` : text;
  const phone = parsePhoneNumberFromString(input, country);
  if (!phone || !phone.isValid()) {
    const hint =
      country || input.startsWith('+') ? '' : " (a national number needs the import's country)";
    return bad(
      'INTAKE_E_PHONE',
      `${field.label} "${text}" is not a valid phone number${country ? ` for ${country}` : ''}${hint}`,
    );
  }
  return ok(phone.number, phone.number === text ? undefined : 'phone_e164');
};
