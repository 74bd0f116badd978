import { describe, expect, it } from 'vitest';
import { cleanBoolean } from '../../../src/core/fields/boolean.js';
import { ctx, field } from './helpers.js';

describe('boolean', () => {
  it('takes X as true, as the seed products write ticked boxes', () => {
    expect(cleanBoolean('X', field(), ctx())).toEqual({
      ok: true,
      value: true,
      rule: 'boolean_word',
    });
    expect(cleanBoolean('x', field(), ctx())).toMatchObject({ value: true });
  });
  it('reads the canonical words without a correction', () => {
    expect(cleanBoolean('true', field(), ctx())).toEqual({ ok: true, value: true });
    expect(cleanBoolean('false', field(), ctx())).toEqual({ ok: true, value: false });
  });
  it.each([
    ['Oui', true],
    ['NON', false],
    ['1', true],
    ['0', false],
    ['yes', true],
    ['n', false],
  ])('reads %s as %s', (word, value) => {
    expect(cleanBoolean(word, field(), ctx())).toMatchObject({ ok: true, value });
  });
  it('takes extra words from the field and from the import', () => {
    expect(cleanBoolean('ticked', field({ trueWords: ['ticked'] }), ctx())).toMatchObject({
      value: true,
    });
    expect(cleanBoolean('nope', field(), ctx({ falseWords: ['nope'] }))).toMatchObject({
      value: false,
    });
  });
  it('refuses anything else and lists the accepted words', () => {
    const r = cleanBoolean('maybe', field(), ctx());
    expect(r).toMatchObject({ ok: false, code: 'INTAKE_E_TYPE' });
    expect(!r.ok && r.message).toContain('x');
  });
});
