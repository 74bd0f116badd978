import { describe, expect, it } from 'vitest';
import { cleanInteger } from '../../../src/core/fields/integer.js';
import { ctx, field } from './helpers.js';

describe('integer', () => {
  it('reads plain whole numbers without a correction', () => {
    expect(cleanInteger('-42', field(), ctx())).toEqual({ ok: true, value: -42 });
  });
  it('removes thousand separators and says so', () => {
    expect(cleanInteger('1 250', field(), ctx())).toEqual({
      ok: true,
      value: 1250,
      rule: 'thousands_separator',
    });
    expect(cleanInteger('1\u00a0000\u00a0000', field(), ctx())).toMatchObject({ value: 1000000 });
    expect(cleanInteger("12'500", field(), ctx())).toMatchObject({ value: 12500 });
  });
  it('accepts a zero fraction, recorded', () => {
    expect(cleanInteger('12,00', field(), ctx())).toEqual({
      ok: true,
      value: 12,
      rule: 'whole_number',
    });
  });
  it('normalises a leading plus or zeros, recorded', () => {
    expect(cleanInteger('+007', field(), ctx())).toEqual({
      ok: true,
      value: 7,
      rule: 'number_format',
    });
  });
  it('refuses fractions, words and numbers beyond 2^53', () => {
    expect(cleanInteger('12.5', field(), ctx())).toMatchObject({
      ok: false,
      code: 'INTAKE_E_TYPE',
    });
    expect(cleanInteger('twelve', field(), ctx())).toMatchObject({
      ok: false,
      code: 'INTAKE_E_TYPE',
    });
    expect(cleanInteger('99999999999999999999', field(), ctx())).toMatchObject({
      ok: false,
      code: 'INTAKE_E_TYPE',
    });
  });
});
