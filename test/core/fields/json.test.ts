import { describe, expect, it } from 'vitest';
import { cleanJson } from '../../../src/core/fields/json.js';
import { cleanReference } from '../../../src/core/fields/reference.js';
import { ctx, field } from './helpers.js';

describe('json', () => {
  it('stores compact JSON and records the rewrite', () => {
    expect(cleanJson('{ "a": [1, 2] }', field(), ctx())).toEqual({
      ok: true,
      value: '{"a":[1,2]}',
      rule: 'json_compact',
    });
    expect(cleanJson('{"a":1}', field(), ctx())).toEqual({ ok: true, value: '{"a":1}' });
  });
  it('refuses broken JSON with the parser message', () => {
    expect(cleanJson('{a:1}', field(), ctx())).toMatchObject({ ok: false, code: 'INTAKE_E_TYPE' });
  });
});

describe('reference', () => {
  it('is checked like a string here (existence is checked in SQL)', () => {
    expect(
      cleanReference('PARIS01', field({ type: 'reference', maxLength: 5 }), ctx()),
    ).toMatchObject({
      ok: false,
      code: 'INTAKE_E_MAX_LENGTH',
    });
    expect(cleanReference('PARIS01', field({ type: 'reference' }), ctx())).toEqual({
      ok: true,
      value: 'PARIS01',
    });
  });
});
