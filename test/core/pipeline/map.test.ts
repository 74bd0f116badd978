import { describe, expect, it } from 'vitest';
import { IntakeError } from '../../../src/core/codes.js';
import {
  alternatives,
  headerScore,
  KEEP_CUSTOM,
  mapHeaders,
} from '../../../src/core/pipeline/map.js';
import { parsePack } from '../../../src/core/pack.js';

const customer = parsePack(
  {
    pack: 'p',
    entities: {
      customer: {
        identifiers: ['email'],
        fields: {
          email: { type: 'email', aliases: ['email address'] },
          mobile: { type: 'phone', aliases: ['mobile no'] },
          first_name: { type: 'string', required: true },
          join_date: { type: 'date', required: true },
        },
      },
    },
  },
  'p.yaml',
).entities[0]!;

describe('mapping headers to fields', () => {
  it('matches exact names ignoring case and punctuation, then aliases, then near names', () => {
    const m = mapHeaders(['First Name', 'Mobile No.', 'E-mail Adress', 'Loyalty Colour'], customer);
    expect(m.columns.map((c) => [c.header, c.field, c.method])).toEqual([
      ['First Name', 'first_name', 'exact'],
      ['Mobile No.', 'mobile', 'alias'],
      ['E-mail Adress', 'email', 'fuzzy'],
      ['Loyalty Colour', undefined, 'custom'],
    ]);
    expect(m.columns[0]!.confidence).toBe(1);
    expect(m.columns[1]!.confidence).toBe(0.95);
    expect(m.columns[2]!.confidence).toBeGreaterThan(0.7);
    expect(m.columns[2]!.confidence).toBeLessThan(0.95);
  });
  it('ignores columns no field takes when the import says so, unless the user keeps one', () => {
    const m = mapHeaders(
      ['email', 'colour', 'mood', 'Emial'],
      customer,
      { mood: KEEP_CUSTOM },
      {},
      'ignore',
    );
    expect(m.columns.map((c) => [c.header, c.field, c.method])).toEqual([
      ['email', 'email', 'exact'],
      ['colour', undefined, 'unmapped'],
      ['mood', undefined, 'custom'],
      ['Emial', undefined, 'unmapped'], // its near field is taken: not a custom field either
    ]);
    expect(m.custom).toEqual(['mood']);
    // Kept by the user: never matched to a field, whatever its header.
    const kept = mapHeaders(['email'], customer, { email: KEEP_CUSTOM });
    expect(kept.columns[0]!.field).toBeUndefined();
    expect(kept.columns[0]!.method).toBe('custom');
  });
  it('offers the next guesses for a column, closest first, never the field it has', () => {
    expect(alternatives('First', customer, undefined)).toEqual([
      { field: 'first_name', confidence: 0.56 },
    ]);
    expect(alternatives('email', customer, 'email')).toEqual([]);
  });
  it('lists extra columns as custom fields and required fields left unmapped', () => {
    const m = mapHeaders(['email', 'colour'], customer);
    expect(m.custom).toEqual(['colour']);
    expect(m.missingRequired).toEqual(['first_name', 'join_date']);
  });
  it('gives a field to one column only', () => {
    const m = mapHeaders(['email', 'Email Address'], customer);
    expect(m.columns.map((c) => c.field)).toEqual(['email', undefined]);
  });
  it('ignores the columns of a rejection file, so it can be imported again', () => {
    const m = mapHeaders(['email', '_line', '_field', '_code', '_message'], customer);
    expect(m.columns.slice(1).every((c) => c.method === 'ignored')).toBe(true);
    expect(m.custom).toEqual([]);
  });
  it('applies manual overrides and can ignore a column', () => {
    const m = mapHeaders(['courriel', 'notes'], customer, { courriel: 'email', notes: null });
    expect(m.columns.map((c) => [c.field, c.method])).toEqual([
      ['email', 'manual'],
      [undefined, 'ignored'],
    ]);
    expect(() => mapHeaders(['x'], customer, { x: 'nope' })).toThrow(IntakeError);
  });
  it('scores how well headers fit an entity type', () => {
    expect(headerScore(['email', 'first_name'], customer)).toBe(1);
    expect(headerScore(['sku', 'price'], customer)).toBe(0);
  });
});
