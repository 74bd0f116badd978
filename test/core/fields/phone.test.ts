import { describe, expect, it } from 'vitest';
import { cleanPhone } from '../../../src/core/fields/phone.js';
import { ctx, field } from './helpers.js';

describe('phone', () => {
  it('turns national numbers into E.164 with the import country', () => {
    expect(cleanPhone('06 12 34 56 78', field(), ctx({ country: 'FR' }))).toEqual({
      ok: true,
      value: '+33612345678',
      rule: 'phone_e164',
    });
    expect(cleanPhone('9900111111', field(), ctx({ country: 'IN' }))).toMatchObject({
      value: '+919900111111',
    });
  });
  it('reads international forms whatever the country, including 00', () => {
    expect(cleanPhone('+49 0711 2842222', field(), ctx({ country: 'FR' }))).toMatchObject({
      ok: true,
      value: '+497112842222',
    });
    expect(cleanPhone('0033612345681', field(), ctx())).toMatchObject({
      ok: true,
      value: '+33612345681',
    });
  });
  it('keeps E.164 input without a correction', () => {
    expect(cleanPhone('+33612345678', field(), ctx())).toEqual({ ok: true, value: '+33612345678' });
  });
  it('falls back to the field country', () => {
    expect(cleanPhone('0612345678', field({ country: 'FR' }), ctx())).toMatchObject({
      value: '+33612345678',
    });
  });
  it('refuses numbers that are not valid for the country, and hints at the country setting', () => {
    expect(cleanPhone('12345', field(), ctx({ country: 'FR' }))).toMatchObject({
      ok: false,
      code: 'INTAKE_E_PHONE',
    });
    const r = cleanPhone('0612345678', field(), ctx());
    expect(r).toMatchObject({ ok: false, code: 'INTAKE_E_PHONE' });
    // Said in words every entry point shares (the web asks it in the page), not as a flag.
    expect(!r.ok && r.message).toContain("a national number needs the import's country");
  });
  it('stores numbers as given when validation is off', () => {
    expect(cleanPhone('ext. 42', field(), ctx({ validatePhone: false }))).toEqual({
      ok: true,
      value: 'ext. 42',
    });
  });
});
