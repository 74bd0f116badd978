import { describe, expect, it } from 'vitest';
import { cleanEnum } from '../../../src/core/fields/enum.js';
import { ctx, field } from './helpers.js';

const slab = field({
  type: 'enum',
  label: 'Slab',
  options: ['Bronze', 'Silver', 'Gold', 'Fraud Suspected'],
  synonyms: { Gold: ['or'] },
});

describe('enum', () => {
  it('accepts exact options silently', () => {
    expect(cleanEnum('Gold', slab, ctx())).toEqual({ ok: true, value: 'Gold' });
  });
  it('matches case, accents and separators, recording the correction', () => {
    expect(cleanEnum('GOLD', slab, ctx())).toEqual({ ok: true, value: 'Gold', rule: 'enum_case' });
    expect(cleanEnum('fraud_suspected', slab, ctx())).toEqual({
      ok: true,
      value: 'Fraud Suspected',
      rule: 'enum_case',
    });
  });
  it('maps declared synonyms', () => {
    expect(cleanEnum('Or', slab, ctx())).toEqual({ ok: true, value: 'Gold', rule: 'enum_synonym' });
  });
  it('fixes a one-letter typo when only one option is that close', () => {
    expect(cleanEnum('Silvr', slab, ctx())).toEqual({
      ok: true,
      value: 'Silver',
      rule: 'enum_typo',
    });
  });
  it('refuses other values and lists the options', () => {
    const r = cleanEnum('Diamond', slab, ctx());
    expect(r).toMatchObject({ ok: false, code: 'INTAKE_E_ENUM' });
    expect(!r.ok && r.message).toContain('Bronze, Silver, Gold');
  });
});
