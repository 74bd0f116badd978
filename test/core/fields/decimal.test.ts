import { describe, expect, it } from 'vitest';
import { cleanDecimal } from '../../../src/core/fields/decimal.js';
import { ctx, field } from './helpers.js';

describe('decimal', () => {
  it.each([
    ['1234,50', '1234.5'],
    ['1.234,50', '1234.5'],
    ['1,234.50', '1234.5'],
    ['1 234,5', '1234.5'],
    ['1.234.567', '1234567'],
    ['-0,75', '-0.75'],
    [',5', '0.5'],
  ])('reads %s as %s and records the rewrite', (input, value) => {
    expect(cleanDecimal(input, field(), ctx())).toEqual({
      ok: true,
      value,
      rule: 'decimal_format',
    });
  });
  it('stores a plain number in canonical form without listing a correction', () => {
    expect(cleanDecimal('1320.50', field(), ctx())).toEqual({ ok: true, value: '1320.5' });
    expect(cleanDecimal('007.0', field(), ctx())).toEqual({ ok: true, value: '7' });
  });
  it('refuses text and numbers with two decimal marks', () => {
    expect(cleanDecimal('12 euros', field(), ctx())).toMatchObject({
      ok: false,
      code: 'INTAKE_E_TYPE',
    });
    expect(cleanDecimal('1,2,3.4.5', field(), ctx())).toMatchObject({ ok: false });
  });
});
