import { describe, expect, it } from 'vitest';
import { patternProblem } from '../../../src/core/fields/pattern.js';
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
    expect(patternProblem(f, "Zoë O'Neil")).toBeUndefined();
    expect(patternProblem(f, 'J0hn')).toMatchObject({ ok: false, code: 'INTAKE_E_PATTERN' });
  });
});
