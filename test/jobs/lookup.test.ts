import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportOptions } from '../../src/core/options.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { csv } from '../helpers/files.js';
import { byKey } from '../helpers/records.js';

/**
 * References by any identifier (issue 13): a customer's join store given as the
 * store's external id, with --lookup join_store=external_id; stored or in the same
 * import; an unknown one refused in the words of the lookup; a lookup that names no
 * identifier said before anything runs.
 */
describe.each(BACKENDS)('reference lookups on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  let n = 0;
  const run = (files: string[][][], options: Partial<ImportOptions> = {}) =>
    intake.imports.run({
      files: files.map((rows) => csv(box.dir, `in-${n++}.csv`, rows)),
      options: { country: 'FR', commit: 'partial', ...options },
      today: '2026-11-21',
    });
  const storesFile = [
    ['code', 'external_id', 'name'],
    ['PARIS01', 'EXT-75', 'Paris'],
  ];

  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open();
    await run([storesFile]);
  });
  afterEach(async () => {
    await intake.close();
    await box.cleanup();
  });

  it('finds the store by its external id, stored or in the same import, and says so', async () => {
    const r = await run(
      [
        [
          ['code', 'external_id', 'name'],
          ['LYON01', 'EXT-69', 'Lyon'],
        ],
        [
          ['external_id', 'first_name', 'email', 'Till IUN Or Store Ext Id'],
          ['C1', 'Ann', 'ann@example.com', 'EXT-75'],
          ['C2', 'Bob', 'bob@example.com', 'EXT-69'],
          ['C3', 'Cid', 'cid@example.com', 'EXT-99'],
          ['C4', 'Dee', 'dee@example.com', 'PARIS01'],
        ],
      ],
      { lookup: { join_store: 'external_id' } },
    );
    expect(r.counts).toMatchObject({ created: 3, rejected: 2 });
    const customers = await byKey(intake, 'loyalty.customer', 'external_id');
    expect(customers.C1!.join_store).toBe('PARIS01');
    expect(customers.C2!.join_store).toBe('LYON01');
    const rows = await intake.imports.rows('default', r.import.id, {
      outcome: 'rejected',
      limit: 5,
    });
    expect(rows.rows.map((x) => x.problems[0]!.message)).toEqual([
      'Join store: no store with external_id "EXT-99" is stored or in this import',
      'Join store: no store with external_id "PARIS01" is stored or in this import',
    ]);
    const fixes = await intake.imports.corrections('default', r.import.id, { limit: 10 });
    expect(fixes.rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'join_store',
          from: 'EXT-75',
          to: 'PARIS01',
          rule: 'lookup_external_id',
        }),
      ]),
    );
  });

  it('finds a store by its name when asked, and refuses a name several stores share', async () => {
    const r = await run(
      [
        [
          ['code', 'external_id', 'name'],
          ['PARIS02', 'EXT-76', 'Paris'],
          ['LYON01', 'EXT-69', 'Lyon'],
        ],
        [
          ['external_id', 'first_name', 'email', 'Store'],
          ['C1', 'Ann', 'ann@example.com', 'Lyon'],
          ['C2', 'Bob', 'bob@example.com', 'Paris'],
          ['C3', 'Cid', 'cid@example.com', 'Nice'],
        ],
      ],
      { lookup: { join_store: 'name' } },
    );
    expect(r.counts).toMatchObject({ created: 3, rejected: 2 });
    const customers = await byKey(intake, 'loyalty.customer', 'external_id');
    expect(customers.C1!.join_store).toBe('LYON01');
    const rows = await intake.imports.rows('default', r.import.id, {
      outcome: 'rejected',
      limit: 5,
    });
    expect(rows.rows.map((x) => [x.problems[0]!.code, x.problems[0]!.message])).toEqual([
      // One stored "Paris" and one in the file: two stores.
      [
        'INTAKE_E_REFERENCE_AMBIGUOUS',
        'Join store: 2 records of store have name "Paris"; name it by code instead',
      ],
      ['INTAKE_E_REFERENCE', 'Join store: no store with name "Nice" is stored or in this import'],
    ]);
  });

  it('refuses a lookup by a field that is not an identifier of the target, before anything runs', async () => {
    const file = [
      ['external_id', 'first_name', 'join_store'],
      ['C1', 'Ann', 'Paris'],
    ];
    await expect(run([file], { lookup: { join_store: 'slab' } })).rejects.toMatchObject({
      code: 'INTAKE_E_FIELD_UNKNOWN',
      message: expect.stringContaining('"slab" is not an identifier of loyalty.store'),
    });
    await expect(run([file], { lookup: { slab: 'code' } })).rejects.toMatchObject({
      code: 'INTAKE_E_FIELD_UNKNOWN',
    });
  });
});
