import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportOptions } from '../../src/core/options.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { ROOT, csv } from '../helpers/files.js';
import { byKey } from '../helpers/records.js';

const EXAMPLES = join(ROOT, 'examples', 'inventory');

/**
 * The inventory pack (issue 14, after the rollout seed's client import): workflow
 * statuses written exactly as one of the client's inventory's, assignees found by name
 * (ambiguous names refused), identical rows merged, selections and multi-selections,
 * all or nothing by default as the seed.
 */
describe.each(BACKENDS)('inventory clients on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  const clients = (options: Partial<ImportOptions> = {}, file = join(EXAMPLES, 'clients.csv')) =>
    intake.imports.run({
      files: [file],
      options: { lookup: { assignee: 'name', client_user: 'name' }, ...options },
    });
  const problems = async (id: string) =>
    (await intake.imports.rows('default', id, { outcome: 'rejected', limit: 10 })).rows
      // The rows' own refusals (not the rows an atomic import left unwritten, or merged).
      .filter((r) => !/COMMIT_ABORTED|^INTAKE_W_/.test(r.problems[0]!.code))
      .map((r) => [r.line, r.problems.map((p) => p.code).join(' '), r.problems[0]!.message]);

  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open();
    const setup = await intake.imports.run({
      files: ['inventories.csv', 'workflow-statuses.csv', 'users.csv'].map((f) =>
        join(EXAMPLES, f),
      ),
    });
    expect(setup.counts).toMatchObject({ created: 10, rejected: 0 });
  });
  afterEach(async () => {
    await intake.close();
    await box.cleanup();
  });

  it('refuses the whole file for a status not written exactly or an ambiguous assignee', async () => {
    const r = await clients();
    expect(r.import.status).toBe('failed');
    expect(await problems(r.import.id)).toEqual([
      [
        5,
        'INTAKE_E_REFERENCE',
        'Status: no workflow status with name "planned" of inventory "Fibre rollout" is stored or in this import',
      ],
      [
        6,
        'INTAKE_E_REFERENCE_AMBIGUOUS',
        'Assignee: 2 records of user have name "Ben Ito"; name it by user_id instead',
      ],
    ]);
    expect(await byKey(intake, 'inventory.client', 'name')).toEqual({});
  });

  it('writes the good clients with partial commits: statuses of their own inventory, identical rows once', async () => {
    const r = await clients({ commit: 'partial' });
    expect(r.counts).toMatchObject({ rows: 6, created: 3, skipped: 1, rejected: 2 });
    const stored = await byKey(intake, 'inventory.client', 'name');
    expect(stored['Client 0001']).toMatchObject({
      inventory: 'Fibre rollout',
      status: 'FIBRE-PLANNED',
      assignee: 'U-100',
      client_user: 'U-200',
      region: 'North',
      services: 'Fibre;TV',
      floors: 3,
    });
    // "Planned" of the copper inventory is its own status.
    expect(stored['Client 0005']!.status).toBe('COPPER-PLANNED');
    expect(stored['Client 0002']!.services).toBe('Fibre');

    // Update existing clients: the name finds them; by e-mail this time.
    const moved = await intake.imports.run({
      files: [
        csv(box.dir, 'moves.csv', [
          ['Name', 'Inventory', 'Status', 'Assignee'],
          ['Client 0001', 'Fibre rollout', 'Installed', 'ben.ito@example.com'],
        ]),
      ],
      options: { lookup: { assignee: 'email' } },
    });
    expect(moved.counts).toMatchObject({ updated: 1 });
    const after = await byKey(intake, 'inventory.client', 'name');
    expect(after['Client 0001']).toMatchObject({ status: 'FIBRE-DONE', assignee: 'U-101' });
  });

  it('refuses a status of another inventory and a value outside a selection', async () => {
    const r = await intake.imports.run({
      files: [
        csv(box.dir, 'odd.csv', [
          ['Name', 'Inventory', 'Status', 'region'],
          ['Client 0101', 'Copper upgrade', 'Surveyed', 'North'],
          ['Client 0102', 'Fibre rollout', 'Planned', 'north'],
        ]),
      ],
      options: { commit: 'partial' },
    });
    expect(await problems(r.import.id)).toEqual([
      [
        2,
        'INTAKE_E_REFERENCE',
        'Status: no workflow status with name "Surveyed" of inventory "Copper upgrade" is stored or in this import',
      ],
      [
        3,
        'INTAKE_E_ENUM',
        'Region "north" is not one of: North, South, East, West (written exactly so)',
      ],
    ]);
  });

  it('Create option if not exists: a value a selection lacks becomes one of its options, listed', async () => {
    const rows = [
      ['Name', 'Inventory', 'Status', 'region', 'services'],
      ['Client 0201', 'Fibre rollout', 'Planned', 'Lake', 'Fibre;Satellite'],
      ['Client 0202', 'Fibre rollout', 'Planned', 'Lake', 'satellite;TV'],
    ];
    const refused = await intake.imports.run({
      files: [csv(box.dir, 'new-options.csv', rows)],
      options: { commit: 'partial' },
    });
    expect(refused.counts).toMatchObject({ created: 0, rejected: 2 });

    const r = await intake.imports.run({
      files: [csv(box.dir, 'new-options-2.csv', rows)],
      options: { createMissingOptions: true },
    });
    // Two clients, and one row per new option, each in a file of its own.
    expect(r.counts).toMatchObject({ created: 5, rejected: 0 });
    expect(r.files.map((f) => [f.name, f.entity, f.rows])).toEqual([
      ['new-options-2.csv', 'inventory.client', 2],
      ['new-options-2.generated-region.csv', 'inventory.region', 1],
      ['new-options-2.generated-service.csv', 'inventory.service', 2],
    ]);
    expect(Object.keys(await byKey(intake, 'inventory.region', 'name'))).toEqual(['Lake']);
    // Each spelling a row stores is an option: what is stored is always one.
    expect(Object.keys(await byKey(intake, 'inventory.service', 'name')).sort()).toEqual([
      'Satellite',
      'satellite',
    ]);
    const stored = await byKey(intake, 'inventory.client', 'name');
    expect(stored['Client 0201']).toMatchObject({ region: 'Lake', services: 'Fibre;Satellite' });
    const fixes = await intake.imports.corrections('default', r.import.id, { limit: 10 });
    expect(
      fixes.rows.filter((x) => x.rule === 'option_created').map((x) => [x.line, x.to]),
    ).toEqual([
      [2, 'Lake'],
      [2, 'Fibre;Satellite'],
      [3, 'Lake'],
      [3, 'satellite;TV'],
    ]);

    // The options are the workspace's now: the next import takes them without the flag.
    const next = await intake.imports.run({
      files: [
        csv(box.dir, 'next.csv', [
          ['Name', 'Inventory', 'Status', 'region', 'services'],
          ['Client 0203', 'Fibre rollout', 'Planned', 'Lake', 'Satellite'],
        ]),
      ],
    });
    expect(next.counts).toMatchObject({ created: 1, rejected: 0 });

    // Undo takes the options back with the clients.
    await intake.imports.undoHere('default', next.import.id);
    const undone = await intake.imports.undoHere('default', r.import.id);
    expect(undone.view.undo).toMatchObject({ deleted: 5, refused: 0 });
    expect(await byKey(intake, 'inventory.region', 'name')).toEqual({});
  });

  it("checks an inventory's own fields, declared as data, in the rows of its clients", async () => {
    const declared = await intake.imports.run({ files: [join(EXAMPLES, 'inventory-fields.csv')] });
    expect(declared.counts).toMatchObject({ created: 5, rejected: 0 });
    const r = await intake.imports.run({
      entity: 'client',
      files: [join(EXAMPLES, 'clients-fields.csv')],
      options: { commit: 'partial' },
    });
    expect(r.counts).toMatchObject({ created: 2, rejected: 3 });
    const refused = (
      await intake.imports.rows('default', r.import.id, { outcome: 'rejected', limit: 10 })
    ).rows.map((x) => [x.line, x.problems.map((p) => `${p.field} ${p.code}`).join('; ')]);
    expect(refused).toEqual([
      [3, 'Cabinet INTAKE_E_ENUM; Permit date INTAKE_E_DATE; Tags INTAKE_E_ENUM'],
      // Required for a new client of the inventory that declares it, and of no other.
      [4, 'Cabinet INTAKE_E_REQUIRED'],
      [6, 'Exchange INTAKE_E_REQUIRED'],
    ]);
    const stored = await byKey(intake, 'inventory.client', 'name');
    // Kept canonical: a number without its grouping space, a date in ISO form.
    expect(stored['Client 0101']!.custom).toEqual({
      Cabinet: 'C-02',
      'Homes passed': '1200',
      'Permit date': '2026-11-03',
      Tags: 'urgent|vip',
    });
    expect(stored['Client 0104']!.custom).toEqual({ Exchange: 'Exchange North' });

    // A field declared later (here inline, as an API client or the web UI would send it)
    // and an option added: the next import takes them, no pack change.
    const more = await intake.imports.run({
      entity: 'inventory_field',
      inline: [
        'key=FIBRE-CABINET||inventory=Fibre rollout||name=Cabinet||type=selection||options=C-01;C-02;C-03;C-09||required=true',
        'key=FIBRE-DUCT||inventory=Fibre rollout||name=Duct||type=text||required=false',
      ].join('\n'),
    });
    expect(more.counts).toMatchObject({ created: 1, updated: 1, rejected: 0 });
    const again = await intake.imports.run({
      entity: 'client',
      files: [
        csv(box.dir, 'again.csv', [
          ['Name', 'Inventory', 'Status', 'Cabinet', 'Duct'],
          ['Client 0102', 'Fibre rollout', 'Planned', 'C-09', 'D7'],
          // An update needs no required field: Client 0101 keeps its cabinet.
          ['Client 0101', 'Fibre rollout', 'Installed', '', 'D8'],
        ]),
      ],
    });
    expect(again.counts).toMatchObject({ created: 1, updated: 1, rejected: 0 });
    const after = await byKey(intake, 'inventory.client', 'name');
    expect(after['Client 0102']!.custom).toEqual({ Cabinet: 'C-09', Duct: 'D7' });
    expect(after['Client 0101']!.custom).toMatchObject({ Cabinet: 'C-02', Duct: 'D8' });
  });

  it('declares fields and uses them in one import, declarations first', async () => {
    const r = await intake.imports.run({
      files: [
        csv(box.dir, 'fields.csv', [
          ['Key', 'Inventory', 'Name', 'Type'],
          ['COPPER-PAIRS', 'Copper upgrade', 'Pairs', 'number'],
        ]),
        csv(box.dir, 'copper.csv', [
          ['Name', 'Inventory', 'Status', 'Description', 'Pairs'],
          ['Client 0301', 'Copper upgrade', 'Planned', 'Old road 1', 'twelve'],
          ['Client 0302', 'Copper upgrade', 'Planned', 'Old road 2', '12'],
        ]),
      ],
      options: { commit: 'partial' },
    });
    expect(r.counts).toMatchObject({ created: 2, rejected: 1 });
    const stored = await byKey(intake, 'inventory.client', 'name');
    expect(stored['Client 0302']!.custom).toEqual({ Pairs: '12' });
  });
});
