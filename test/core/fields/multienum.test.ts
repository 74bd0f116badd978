import { describe, expect, it } from 'vitest';
import { cleanMultiEnum } from '../../../src/core/fields/multienum.js';
import { ctx, field } from './helpers.js';

const skills = field({
  type: 'multienum',
  label: 'Skills',
  options: ['Fibre', 'Copper', 'Wireless'],
  synonyms: { Wireless: ['wifi'] },
});

describe('multienum', () => {
  it('keeps a cell written as stored silently', () => {
    expect(cleanMultiEnum('Fibre,Copper', skills, ctx())).toEqual({
      ok: true,
      value: 'Fibre,Copper',
    });
  });
  it('reads each value as an enum value, drops repeats, and says it rewrote the cell', () => {
    expect(cleanMultiEnum(' fibre , wifi,Fibre,, ', skills, ctx())).toEqual({
      ok: true,
      value: 'Fibre,Wireless',
      rule: 'enum_case',
    });
    expect(cleanMultiEnum('Fibre, Copper', skills, ctx())).toEqual({
      ok: true,
      value: 'Fibre,Copper',
      rule: 'multienum_format',
    });
  });
  it('uses the declared separator', () => {
    const piped = { ...skills, separator: '|' };
    expect(cleanMultiEnum('Fibre|Copper', piped, ctx())).toEqual({
      ok: true,
      value: 'Fibre|Copper',
    });
    expect(cleanMultiEnum('Fibre,Copper', piped, ctx())).toMatchObject({ ok: false });
  });
  it('refuses the cell for one value outside the list, naming it', () => {
    expect(cleanMultiEnum('Fibre,Satellite', skills, ctx())).toEqual({
      ok: false,
      code: 'INTAKE_E_ENUM',
      message: 'Skills "Satellite" is not one of: Fibre, Copper, Wireless',
    });
    expect(cleanMultiEnum(',,', skills, ctx())).toMatchObject({ ok: false, code: 'INTAKE_E_ENUM' });
  });
});

describe('options kept as records', () => {
  const regions = field({
    type: 'multienum',
    label: 'Regions',
    options: ['North', 'South'],
    optionsFrom: { entity: 'inv.region', value: 'name' },
  });
  it('takes a value the options lack only when the import creates missing options, and says so', () => {
    expect(cleanMultiEnum('North,Lake', regions, ctx())).toMatchObject({ ok: false });
    expect(cleanMultiEnum('North,Lake', regions, ctx({ createOptions: true }))).toEqual({
      ok: true,
      value: 'North,Lake',
      rule: 'option_created',
    });
    // A field whose options are all in the pack never grows.
    expect(cleanMultiEnum('North,Lake', skills, ctx({ createOptions: true }))).toMatchObject({
      ok: false,
    });
  });
});
