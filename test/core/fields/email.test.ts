import { describe, expect, it } from 'vitest';
import validator from 'validator';
import { cleanEmail, isEmail } from '../../../src/core/fields/email.js';
import { ctx, field } from './helpers.js';

describe('email', () => {
  it('stores addresses in lower case, recorded', () => {
    expect(cleanEmail('Helene.Girard@Example.COM', field(), ctx())).toEqual({
      ok: true,
      value: 'helene.girard@example.com',
      rule: 'lowercase',
    });
  });
  it('accepts international local parts', () => {
    expect(cleanEmail('zoë@example.fr', field(), ctx())).toMatchObject({ ok: true });
  });
  it.each(['paul.durand@exemple', 'no-at-sign.com', 'a@b@c.com', 'spaces in@example.com'])(
    'refuses %s',
    (bad) => {
      expect(cleanEmail(bad, field(), ctx())).toMatchObject({ ok: false, code: 'INTAKE_E_EMAIL' });
    },
  );
  it('can be switched off per import', () => {
    expect(cleanEmail('not-an-email', field(), ctx({ validateEmail: false }))).toMatchObject({
      ok: true,
      value: 'not-an-email',
    });
  });
  it('gives the verdict of validator.js on every shape, its fast path included', () => {
    const local64 = 'a'.repeat(64);
    const label63 = 'b'.repeat(63);
    const cases = [
      'customer1@example.com',
      'a.b-c_d+e@sub.example.co.uk',
      `${local64}@example.com`,
      `${local64}a@example.com`,
      `x@${label63}.com`,
      `x@${label63}b.com`,
      `x@${[label63, label63, label63].join('.')}.${'c'.repeat(58)}`,
      `x@${[label63, label63, label63].join('.')}.${'c'.repeat(59)}`,
      'a..b@example.com',
      '.a@example.com',
      'a.@example.com',
      'a@-example.com',
      'a@example-.com',
      'a@ex--ample.com',
      'a@example.c',
      'a@example.123',
      'a@example.c0m',
      'a@exa_mple.com',
      'a@example..com',
      'a@.example.com',
      'a@example.com.',
      'a@example',
      '@example.com',
      'a@',
      'a b@example.com',
      'a"b@example.com',
      '"quoted"@example.com',
      "o'brien@example.com",
      'zoë@example.fr',
      'a@xn--bcher-kva.example',
      'a@localhost',
      'a@1.2.3.4',
      'a@[1.2.3.4]',
      'a+b+c@example.museum',
      '_@example.com',
      '-@example.com',
      '+@example.com',
      'a@e.co',
      'a@b.cd',
    ].map((c) => c.toLowerCase());
    for (const c of cases) {
      expect([c, isEmail(c)]).toEqual([
        c,
        validator.isEmail(c, { allow_utf8_local_part: true, require_tld: true }),
      ]);
    }
  });
});
