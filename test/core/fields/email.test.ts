import { describe, expect, it } from 'vitest';
import { cleanEmail } from '../../../src/core/fields/email.js';
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
});
