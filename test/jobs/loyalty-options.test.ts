import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportOptions } from '../../src/core/options.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { EXAMPLES, csv } from '../helpers/files.js';
import { byKey } from '../helpers/records.js';

/**
 * The loyalty seed's customer template options (issue 13), each an import option a
 * template keeps (docs/packs.md lists them side by side): one test per option, named
 * in the seed's words, on what it changes.
 */
describe.each(BACKENDS)('loyalty customer options on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  let n = 0;
  const run = (rows: string[][], options: Partial<ImportOptions> = {}) =>
    intake.imports.run({
      files: [csv(box.dir, `customers-${n++}.csv`, rows)],
      entity: 'loyalty.customer',
      options: { commit: 'partial', ...options },
      today: '2026-11-21',
    });
  const refused = async (id: string) =>
    (await intake.imports.rows('default', id, { outcome: 'rejected', limit: 10 })).rows.map((r) => [
      r.line,
      r.problems[0]!.field,
      r.problems[0]!.code,
    ]);
  const customers = () => byKey(intake, 'loyalty.customer', 'external_id');

  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open();
    await intake.imports.run({
      files: [join(EXAMPLES, 'stores.csv'), join(EXAMPLES, 'customers.csv')],
    });
  });
  afterEach(async () => {
    await intake.close();
    await box.cleanup();
  });

  it('Disable existing data updation: existing customers are skipped, new ones registered', async () => {
    const r = await run(
      [
        ['external_id', 'first_name', 'email'],
        ['C-1001', 'Alicia', 'alice.martin@example.com'],
        ['C-2001', 'Zoé', 'zoe@example.com'],
      ],
      { mode: 'create' },
    );
    expect(r.counts).toMatchObject({ created: 1, skipped: 1, updated: 0 });
    expect((await customers())['C-1001']!.first_name).toBe('Alice');
  });

  it('Disable updation of custom fields with empty values: an empty cell keeps the stored one', async () => {
    await run([
      ['external_id', 'Favourite shop'],
      ['C-1001', 'Rivoli'],
    ]);
    await run([
      ['external_id', 'first_name', 'Favourite shop'],
      ['C-1001', 'Alicia', ''],
    ]);
    const alice = (await customers())['C-1001']!;
    expect(alice.first_name).toBe('Alicia');
    expect(alice.custom).toMatchObject({ 'Favourite shop': 'Rivoli' });
  });

  it('Select fields to be updated: other changes are refused, named by field', async () => {
    const r = await run(
      [
        ['external_id', 'slab', 'mobile'],
        ['C-1002', 'Gold', '+33612340002'],
        ['C-1003', 'Gold', '+33612349999'],
      ],
      { updateFields: ['slab'] },
    );
    expect(r.counts).toMatchObject({ updated: 1, rejected: 1 });
    expect(await refused(r.import.id)).toEqual([[3, 'mobile', 'INTAKE_E_NOT_UPDATABLE']]);
  });

  it('Replace invalid store names with: an unknown store becomes the chosen one, as a correction', async () => {
    const r = await run(
      [
        ['external_id', 'first_name', 'join_store'],
        ['C-2002', 'Yann', 'ROME01'],
      ],
      { referenceDefaults: { join_store: 'PARIS01' } },
    );
    expect(r.counts).toMatchObject({ created: 1 });
    expect((await customers())['C-2002']!.join_store).toBe('PARIS01');
    const fixes = await intake.imports.corrections('default', r.import.id, { limit: 5 });
    expect(fixes.rows).toEqual([
      expect.objectContaining({ field: 'join_store', from: 'ROME01', to: 'PARIS01' }),
    ]);
  });

  it('Append country code to the mobile number automatically', async () => {
    const rows = [
      ['external_id', 'first_name', 'mobile'],
      ['C-2003', 'Xavier', '06 12 34 56 78'],
    ];
    const without = await run(rows);
    expect(await refused(without.import.id)).toEqual([[2, 'mobile', 'INTAKE_E_PHONE']]);
    await run(rows, { country: 'FR' });
    expect((await customers())['C-2003']!.mobile).toBe('+33612345678');
  });

  it('Disable mobile number validation and Disable email id validation: stored as given', async () => {
    const rows = [
      ['external_id', 'first_name', 'mobile', 'email'],
      ['C-2004', 'Wanda', '12345', 'wanda(at)example'],
    ];
    const checked = await run(rows);
    const row = (await intake.imports.rows('default', checked.import.id, { limit: 1 })).rows[0]!;
    expect(row.problems.map((p) => [p.field, p.code]).sort()).toEqual([
      ['email', 'INTAKE_E_EMAIL'],
      ['mobile', 'INTAKE_E_PHONE'],
    ]);
    const r = await run(rows, { validatePhone: false, validateEmail: false });
    expect(r.counts).toMatchObject({ created: 1 });
    expect((await customers())['C-2004']).toMatchObject({
      mobile: '12345',
      email: 'wanda(at)example',
    });
  });

  it('Denote stores by external ids', async () => {
    const r = await run(
      [
        ['external_id', 'first_name', 'join_store'],
        ['C-2005', 'Victor', 'ST-69003'],
      ],
      { lookup: { join_store: 'external_id' } },
    );
    expect(r.counts).toMatchObject({ created: 1 });
    expect((await customers())['C-2005']!.join_store).toBe('LYON01');
  });

  it("Choose customers' unique identifier: the mobile finds the customer to update", async () => {
    const r = await run(
      [
        ['mobile', 'slab'],
        ['+33612340004', 'Gold'],
      ],
      { match: 'mobile', allowProtected: true },
    );
    expect(r.counts).toMatchObject({ updated: 1 });
    expect((await customers())['C-1004']!.slab).toBe('Gold');
  });
});
