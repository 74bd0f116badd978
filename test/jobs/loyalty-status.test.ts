import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportOptions } from '../../src/core/options.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { EXAMPLES, csv } from '../helpers/files.js';
import { byKey } from '../helpers/records.js';

/**
 * Status labels, the customer status profile and fraud marks (issue 13): a workspace's
 * own labels over the standard statuses, a status file that changes each customer's
 * status and keeps the change with its store, fraud marks that protect a customer from
 * later imports, and undo of both.
 */
describe.each(BACKENDS)('loyalty statuses on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  let n = 0;
  const run = (
    files: (string | string[][])[],
    options: Partial<ImportOptions> = {},
    entity?: string,
  ) =>
    intake.imports.run({
      files: files.map((f) =>
        typeof f === 'string' ? join(EXAMPLES, f) : csv(box.dir, `in-${n++}.csv`, f),
      ),
      entity,
      options: { country: 'FR', ...options },
      today: '2026-11-21',
    });
  const problems = async (id: string) =>
    (await intake.imports.rows('default', id, { outcome: 'rejected', limit: 20 })).rows.map((r) => [
      r.line,
      r.problems[0]!.code,
      r.problems[0]!.message,
    ]);

  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open();
    await run(['stores.csv', 'customers.csv']);
  });
  afterEach(async () => {
    await intake.close();
    await box.cleanup();
  });

  it('sets each customer status from the file, labels included, and keeps the store of the change', async () => {
    const r = await run(['customer-status-labels.csv', 'customer-status.csv']);
    expect(r.files.map((f) => f.entity)).toEqual([
      'loyalty.customer_status_label',
      'loyalty.customer_status',
    ]);
    expect(r.counts).toMatchObject({ created: 5, rejected: 0 });
    const customers = await byKey(intake, 'loyalty.customer', 'external_id');
    // "gold member" is the label "Gold member", as the workspace wrote it.
    expect(customers['C-1001']).toMatchObject({ status: 'Gold member', join_store: 'PARIS01' });
    expect(customers['C-1002']!.status).toBe('Internal');
    expect(customers['C-1004']!.status).toBe('Active');
    expect(customers['C-1003']!.status).toBe('Active');
    // The change is kept with the store it was made at; the join store stays.
    const changes = await byKey(intake, 'loyalty.customer_status', 'customer');
    expect(changes['C-1001']).toMatchObject({ status: 'Gold member', store: 'NICE01' });
    expect(Object.keys(changes).sort()).toEqual(['C-1001', 'C-1002', 'C-1004']);

    // A label the workspace does not have is refused, naming the labels it has.
    const bad = await run(
      [
        [
          ['Mobile', 'Status Label', 'StoreCode'],
          ['+33612340003', 'Platinum club', 'PARIS01'],
        ],
      ],
      {},
      'customer_status',
    );
    expect(await problems(bad.import.id)).toEqual([
      [
        2,
        'INTAKE_E_ENUM',
        'Status "Platinum club" is not one of: Active, Suspended, Deleted, Fraud Suspected, Fraud Confirmed, Internal, or a label: Gold member, On hold',
      ],
    ]);
  });

  it('holds a customer whose label means a protected status, and lets inactivate see through labels', async () => {
    await run(['customer-status-labels.csv', 'customer-status.csv']);
    await run(
      [
        [
          ['External Id', 'Status Label', 'StoreCode'],
          ['C-1002', 'On hold', 'LYON01'],
        ],
      ],
      {},
      'customer_status',
    );
    // C-1002 is "On hold", which means Suspended: protected.
    const r = await run(
      [
        [
          ['external_id', 'first_name'],
          ['C-1002', 'Bruno-Paul'],
          ['C-1001', 'Alicia'],
        ],
      ],
      { commit: 'partial' },
      'loyalty.customer',
    );
    expect(r.counts).toMatchObject({ updated: 1, rejected: 1 });
    expect(await problems(r.import.id)).toEqual([
      [
        2,
        'INTAKE_E_RECORD_PROTECTED',
        'the stored customer has Status On hold, a state that refuses changes by import (allow it with --allow-protected)',
      ],
    ]);
    // Inactivating "Gold member" (Active) suspends; "On hold" is already inactive.
    const off = await run(
      [[['external_id'], ['C-1001'], ['C-1002']]],
      { mode: 'inactivate' },
      'loyalty.customer',
    );
    expect(off.counts).toMatchObject({ inactivated: 1, unchanged: 1 });
    const customers = await byKey(intake, 'loyalty.customer', 'external_id');
    expect(customers['C-1001']!.status).toBe('Suspended');
    expect(customers['C-1002']!.status).toBe('On hold');
  });

  it('marks fraud from the fraud status file, and a marked customer refuses later updates', async () => {
    const marked = await run(['fraud-status.csv']);
    expect(marked.counts).toMatchObject({ created: 2, rejected: 0 });
    let customers = await byKey(intake, 'loyalty.customer', 'external_id');
    expect(customers['C-1003']!.fraud_status).toBe('INTERNAL');
    expect(customers['C-1005']!.fraud_status).toBe('MARKED');

    const r = await run(
      [
        [
          ['external_id', 'first_name', 'slab'],
          ['C-1003', 'Chloé', 'Platinum'],
          ['C-1005', 'Emma', 'Gold'],
        ],
      ],
      { commit: 'partial' },
      'loyalty.customer',
    );
    expect(r.counts).toMatchObject({ updated: 1, rejected: 1 });
    expect(await problems(r.import.id)).toEqual([
      [
        3,
        'INTAKE_E_RECORD_PROTECTED',
        'the stored customer has Fraud status MARKED, a state that refuses changes by import (allow it with --allow-protected)',
      ],
    ]);
    customers = await byKey(intake, 'loyalty.customer', 'external_id');
    expect(customers['C-1005']!.slab).toBe('Platinum');

    // NOT_FRAUD clears the mark; the update then goes through.
    await run([
      [
        ['Mobile', 'Status', 'Reason', 'StoreCode'],
        ['+33612340005', 'NOT_FRAUD', 'Checked with the customer', 'LYON01'],
      ],
    ]);
    const again = await run(
      [
        [
          ['external_id', 'slab'],
          ['C-1005', 'Gold'],
        ],
      ],
      {},
      'loyalty.customer',
    );
    expect(again.counts).toMatchObject({ updated: 1, rejected: 0 });
  });

  it('undo gives each customer its status back and removes the changes; a later change holds it', async () => {
    await run(['customer-status-labels.csv']);
    const a = await run(
      [
        [
          ['External Id', 'Status Label', 'StoreCode'],
          ['C-1001', 'On hold', 'PARIS01'],
          ['C-1001', 'Gold member', 'LYON01'],
          ['C-1003', 'Internal', 'NICE01'],
        ],
      ],
      {},
      'customer_status',
    );
    expect(a.counts).toMatchObject({ created: 3 });
    let customers = await byKey(intake, 'loyalty.customer', 'external_id');
    // The last row for a customer wins.
    expect(customers['C-1001']!.status).toBe('Gold member');
    // A later import changes C-1003: its change cannot be undone without --force.
    await run(
      [
        [
          ['external_id', 'first_name'],
          ['C-1003', 'Chloe'],
        ],
      ],
      {},
      'loyalty.customer',
    );

    const undone = await intake.imports.undoHere('default', a.import.id);
    expect(undone.view.undo).toMatchObject({ deleted: 2, refused: 1 });
    customers = await byKey(intake, 'loyalty.customer', 'external_id');
    expect(customers['C-1001']!.status).toBe('Active');
    expect(customers['C-1003']!.status).toBe('Internal');
    const left = await byKey(intake, 'loyalty.customer_status', 'customer');
    expect(Object.keys(left)).toEqual(['C-1003']);
  });

  it('takes a card status label of the workspace', async () => {
    const r = await run(
      [
        [
          ['Card Status Label Name', 'Standard Card Status'],
          ['Ready to issue', 'not issued'],
        ],
        'card-series.csv',
        [
          ['Card Number', 'Card Series Code', 'Card Status Label', 'Till IUN'],
          ['GOLD200000092021', 'GOLDPHY2', 'Ready to issue', 'PARIS01'],
        ],
      ],
      { commit: 'partial' },
    );
    expect(r.counts).toMatchObject({ rejected: 0 });
    const cards = await byKey(intake, 'loyalty.card', 'number');
    expect(cards.GOLD200000092021!.status_label).toBe('Ready to issue');
    const labels = await byKey(intake, 'loyalty.card_status_label', 'label');
    expect(labels['Ready to issue']!.status).toBe('NOT_ISSUED');
  });
});
