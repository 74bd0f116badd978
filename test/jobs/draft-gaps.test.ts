import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../src/config/packs.js';
import { mappingGaps } from '../../src/jobs/draft-gaps.js';
import type { Inspection, InspectedSheet } from '../../src/jobs/inspect.js';

/** What an incomplete draft lacks (SPEC J1), from its files as Intake reads them. */
const registry = loadRegistry([]);
const sheet = (name: string, entity: string, fields: (string | null)[]): InspectedSheet => ({
  name,
  entity,
  candidates: [],
  rows: 1,
  encoding: 'utf-8',
  delimiter: ',',
  headerLine: 1,
  header: fields.map((f, i) => f ?? `col${i}`),
  mapping: fields.map((f, i) => ({
    header: f ?? `col${i}`,
    field: f,
    method: 'exact',
    confidence: 1,
  })),
  samples: [],
  warnings: [],
});
const file = (name: string, ...sheets: InspectedSheet[]): Inspection => ({
  file: name,
  sheets,
  skipped: [],
  ignored: [],
});

describe('mapping gaps', () => {
  it('needs an entity type, required fields where rows create, an identifier where they match', () => {
    const stores = file('stores.csv', sheet('stores.csv', 'loyalty.store', ['external_id']));
    expect(mappingGaps(registry, [stores], {})).toEqual([
      'stores.csv: no column for Code, which Store needs',
      'stores.csv: no column for Name, which Store needs',
    ]);
    // Update only: required fields may stay out, the key may not.
    expect(mappingGaps(registry, [stores], { mode: 'update' })).toEqual([]);
    const names = file('names.csv', sheet('names.csv', 'loyalty.store', ['name']));
    expect(mappingGaps(registry, [names], { mode: 'update' })).toEqual([
      'names.csv: no column for an identifier of Store (Code, External id)',
    ]);
    // Create only: no key needed.
    expect(
      mappingGaps(registry, [file('n.csv', sheet('n.csv', 'loyalty.store', ['code', 'name']))], {
        mode: 'create',
      }),
    ).toEqual([]);
    expect(mappingGaps(registry, [file('x.csv', sheet('x.csv', 'UNKNOWN', []))], {})).toEqual([
      'x.csv: no entity type: choose one',
    ]);
  });

  it('lets a ZIP leave an unknown member out, and a removed member out of the count', () => {
    const zip = file(
      'partner.zip',
      sheet('notes.csv', 'UNKNOWN', []),
      sheet('stores.csv', 'loyalty.store', ['code', 'name']),
    );
    expect(mappingGaps(registry, [zip], {})).toEqual([]);
    expect(mappingGaps(registry, [zip], { exclude: ['stores.csv'] })).toEqual([
      'partner.zip: no entity type: choose one',
    ]);
  });
});
