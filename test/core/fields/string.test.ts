import { describe, expect, it } from 'vitest';
import { cleanString } from '../../../src/core/fields/string.js';
import { ctx, field } from './helpers.js';

describe('string', () => {
  it('keeps text as written', () => {
    expect(cleanString('Hélène', field(), ctx())).toEqual({ ok: true, value: 'Hélène' });
  });
  it('counts characters, not bytes, against maxLength', () => {
    expect(cleanString('ééé', field({ maxLength: 3 }), ctx()).ok).toBe(true);
    expect(cleanString('éééé', field({ maxLength: 3 }), ctx())).toMatchObject({
      ok: false,
      code: 'INTAKE_E_MAX_LENGTH',
    });
  });
  it('checks the pattern with Unicode classes', () => {
    const f = field({ pattern: "^[\\p{L}' -]+$" });
    expect(cleanString("Zoë O'Neil", f, ctx()).ok).toBe(true);
    expect(cleanString('J0hn', f, ctx())).toMatchObject({ ok: false, code: 'INTAKE_E_PATTERN' });
  });
});
