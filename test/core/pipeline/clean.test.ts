import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../../../src/core/options.js';
import { makeRowCleaner } from '../../../src/core/pipeline/clean.js';
import { mapHeaders } from '../../../src/core/pipeline/map.js';
import { ColumnProfiler } from '../../../src/core/pipeline/profile.js';
import { parsePack } from '../../../src/core/pack.js';

const entity = parsePack(
  {
    pack: 'p',
    entities: {
      customer: {
        identifiers: ['email'],
        fields: {
          email: { type: 'email' },
          name: { type: 'string', required: true },
          points: { type: 'integer', default: 0 },
          since: { type: 'date' },
        },
      },
    },
  },
  'p.yaml',
).entities[0]!;

const header = ['email', 'name', 'points', 'since', 'colour'];
const mapping = mapHeaders(header, entity);
const today = '2026-11-21';
const cleaner = (over = {}, dateOrders = {}) =>
  makeRowCleaner(
    entity,
    mapping,
    { ...DEFAULT_OPTIONS, match: 'email', ...over },
    { dateOrders },
    today,
  );

describe('cleaning a row', () => {
  it('returns typed values, custom fields and one correction per rewritten cell', () => {
    const r = cleaner()(['  A@B.COM ', 'Ann', '1 000', '2024-01-02', 'blue']);
    expect(r.values).toEqual(['a@b.com', 'Ann', 1000, '2024-01-02']);
    expect(r.custom).toEqual({ colour: 'blue' });
    expect(r.issues).toEqual([]);
    expect(r.corrections).toEqual([
      { field: 'email', from: '  A@B.COM ', to: 'a@b.com', rule: 'trim+lowercase' },
      { field: 'points', from: '1 000', to: '1000', rule: 'thousands_separator' },
    ]);
  });
  it('reports every bad cell of a row, with the raw value', () => {
    const r = cleaner()(['nope', 'Ann', 'many', 'soon', '']);
    expect(r.issues.map((i) => [i.field, i.code, i.value])).toEqual([
      ['email', 'INTAKE_E_EMAIL', 'nope'],
      ['points', 'INTAKE_E_TYPE', 'many'],
      ['since', 'INTAKE_E_DATE', 'soon'],
    ]);
    expect(r.custom).toBeNull();
  });
  it('refuses control characters outside free text: e-mails that would inject headers', () => {
    // validator.isEmail accepts all of these (quoted local parts): Intake must not.
    const evil = [
      '"a\r\n b"@example.com',
      '"a\nb"@example.com',
      '"a\u0007b"@example.com',
      '"a\u007fb"@example.com',
      '"a\u0000b"@example.com',
      'a\tb@example.com',
    ];
    for (const email of evil) {
      const r = cleaner()([email, 'Ann', '1', '2024-01-02', '']);
      expect(
        r.issues.map((i) => [i.field, i.code]),
        JSON.stringify(email),
      ).toEqual([['email', 'INTAKE_E_CONTROL_CHAR']]);
      expect(r.values[0]).toBeNull();
    }
    const r = cleaner()(['a@b.com', 'Ann', '1\u00072', '2024-01\u0000-02', '']);
    expect(r.issues.map((i) => [i.field, i.code])).toEqual([
      ['points', 'INTAKE_E_CONTROL_CHAR'],
      ['since', 'INTAKE_E_CONTROL_CHAR'],
    ]);
    expect(r.issues[0]!.message).toContain('U+0007');
    // Free text keeps what the user wrote (a name over two lines).
    expect(cleaner()(['a@b.com', 'Ann\nMarie', '1', '', '']).values[1]).toBe('Ann\nMarie');
  });
  it('leaves required checks for after matching, except the match key', () => {
    const r = cleaner()(['', '', '', '', '']);
    expect(r.issues.map((i) => i.code)).toEqual(['INTAKE_E_MATCH_KEY_MISSING']);
    // points has a default, so only name is missing
    expect(r.missing).toEqual(['name']);
  });
  it('refuses rows whose shape does not fit the header, but tolerates trailing empty cells', () => {
    expect(cleaner()(['a@b.co', 'Ann']).issues[0]!.code).toBe('INTAKE_E_ROW_SHAPE');
    expect(cleaner()(['a@b.co', 'Ann', '1', '', '', 'extra']).issues[0]!.code).toBe(
      'INTAKE_E_ROW_SHAPE',
    );
    expect(cleaner()(['a@b.co', 'Ann', '1', '', '', '', '']).issues).toEqual([]);
  });
  it('undoes formula neutralisation from Intake’s own reports', () => {
    const r = cleaner()(['a@b.co', "'-Ann", '1', '', '']);
    expect(r.values[1]).toBe('-Ann');
    expect(r.corrections[0]!.rule).toBe('formula_unescape');
  });
  it('uses the date order learned from the whole column', () => {
    const profiler = new ColumnProfiler(entity, mapping, today);
    for (const d of ['03/04/2024', '25/12/2024']) profiler.add(['a@b.co', 'A', '1', d, '']);
    const facts = profiler.facts();
    expect(facts.dateOrders).toEqual({ since: 'dmy' });
    const r = cleaner({}, facts.dateOrders)(['a@b.co', 'A', '1', '03/04/2024', '']);
    expect(r.values[3]).toBe('2024-04-03');
  });
  it('keeps the corrections of one cell out of the next cell and row', () => {
    const clean = cleaner();
    const first = clean(['A@B.CO', 'Ann', '1 000', '', '']);
    expect(first.corrections.map((c) => c.rule)).toEqual(['lowercase', 'thousands_separator']);
    const second = clean(['c@d.co', 'Cy', '7', '', '']);
    expect(second.corrections).toEqual([]);
  });
  it('does not mutate its input', () => {
    const row = ['  a@b.co', 'Ann', '1', '', ''];
    const copy = [...row];
    cleaner()(row);
    expect(row).toEqual(copy);
  });
});

describe('patterns and exact enums (issue 13)', () => {
  const shop = parsePack(
    {
      pack: 'shop',
      entities: {
        member: {
          identifiers: ['mobile'],
          fields: {
            // A brand's mobile rule: French mobiles only, checked after normalisation.
            mobile: { type: 'phone', pattern: '^\\+33[67][0-9]{8}$' },
            stage: { type: 'enum', options: ['New', 'In progress'], match: 'exact' },
            tier: { type: 'enum', options: ['Gold', 'Silver'] },
          },
        },
      },
    },
    'shop.yaml',
  ).entities[0]!;
  const clean = makeRowCleaner(
    shop,
    mapHeaders(['mobile', 'stage', 'tier'], shop),
    { ...DEFAULT_OPTIONS, match: 'mobile', country: 'FR' },
    { dateOrders: {} },
    today,
  );

  it('checks a phone pattern on the normalised number', () => {
    expect(clean(['06 12 34 56 78', 'New', 'gold']).values).toEqual([
      '+33612345678',
      'New',
      'Gold',
    ]);
    const landline = clean(['01 44 55 66 77', 'New', 'Gold']);
    expect(landline.issues).toEqual([
      {
        field: 'mobile',
        code: 'INTAKE_E_PATTERN',
        message: 'Mobile "+33144556677" does not match the pattern ^\\+33[67][0-9]{8}$',
        value: '01 44 55 66 77',
      },
    ]);
  });

  it('takes an exact enum only as written; a loose one is corrected', () => {
    const r = clean(['0612345678', 'in progress', 'gold']);
    expect(r.issues.map((i) => [i.field, i.code])).toEqual([['stage', 'INTAKE_E_ENUM']]);
    expect(r.values[2]).toBe('Gold');
  });

  it('refuses a pattern the loader cannot apply, and a match rule off an enum', () => {
    const pack = (field: object) => () =>
      parsePack(
        {
          pack: 'x',
          entities: { a: { identifiers: ['k'], fields: { k: { type: 'string' }, f: field } } },
        },
        'x.yaml',
      );
    expect(pack({ type: 'boolean', pattern: '^1$' })).toThrow(
      'entities.a.fields.f.pattern: a boolean field has no text form a pattern could check',
    );
    expect(pack({ type: 'string', match: 'exact' })).toThrow(
      'only enum and multienum fields have a match rule',
    );
  });
});
