import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportOptions } from '../../src/core/options.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { csv } from '../helpers/files.js';
import { byKey } from '../helpers/records.js';

/**
 * Operations on stored records as the CLI runs them (issue 12, SPEC C2, V3): the
 * loyalty pack's customers inactivated and reactivated by their stored states, a
 * delete refused while other records reference the record, unknown and unsupported
 * operations, and an erase that is not confirmed.
 */
const TODAY = '2026-11-21';

describe.each(BACKENDS)('record operations on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  let n = 0;
  const run = (rows: string[][], options: Partial<ImportOptions> = {}, entity = 'customer') =>
    intake.imports.run({
      files: [csv(box.dir, `in-${n++}.csv`, rows)],
      entity,
      options: { country: 'FR', ...options },
      today: TODAY,
    });
  const customers = () => byKey(intake, 'loyalty.customer', 'external_id');

  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open();
    await run(
      [
        ['code', 'name'],
        ['PARIS01', 'Paris'],
        ['LYON01', 'Lyon'],
      ],
      {},
      'store',
    );
    await run([
      ['external_id', 'first_name', 'email', 'join_store', 'status'],
      ['C1', 'Ann', 'ann@example.com', 'PARIS01', 'Active'],
      ['C2', 'Bob', 'bob@example.com', 'PARIS01', 'Suspended'],
      ['C3', 'Cid', 'cid@example.com', 'PARIS01', 'Fraud Confirmed'],
      ['C4', 'Dee', 'dee@example.com', 'PARIS01', 'Active'],
    ]);
  });
  afterEach(async () => {
    await intake.close();
    await box.cleanup();
  });

  it('inactivates and reactivates by the declared field; protected states refuse, unless allowed', async () => {
    const r = await run(
      [
        ['external_id', 'operation'],
        ['C1', 'Inactivate'],
        ['C2', 'REACTIVATE'],
        ['C3', 'inactivate'],
        ['C4', 'reactivate'],
      ],
      { commit: 'partial' },
    );
    expect(r.counts).toMatchObject({ inactivated: 1, reactivated: 1, unchanged: 1, rejected: 1 });
    expect(r.issues).toEqual({ INTAKE_E_RECORD_PROTECTED: 1 });
    const now = await customers();
    expect(now.C1!.status).toBe('Suspended'); // the pack's first inactive value
    expect(now.C2!.status).toBe('Active'); // reactivate brings a Suspended one back
    expect(now.C3!.status).toBe('Fraud Confirmed');

    const allowed = await run(
      [
        ['external_id', 'first_name'],
        ['C3', 'Cid'],
      ],
      { mode: 'inactivate', allowProtected: true },
    );
    expect(allowed.counts).toMatchObject({ inactivated: 1, rejected: 0 });
    expect((await customers()).C3!.status).toBe('Suspended');

    // Undo gives each its state back.
    await intake.imports.undoHere('default', r.import.id);
    const back = await customers();
    expect([back.C1!.status, back.C2!.status]).toEqual(['Active', 'Suspended']);
  });

  it('refuses to delete a record others reference, naming one; deletes and undoes the rest', async () => {
    const r = await run(
      [
        ['code', 'operation'],
        ['PARIS01', 'delete'],
        ['LYON01', 'delete'],
        ['NOWHERE', 'delete'],
      ],
      { commit: 'partial' },
      'store',
    );
    expect(r.counts).toMatchObject({ deleted: 1, rejected: 2 });
    expect(r.issues).toEqual({ INTAKE_E_RECORD_REFERENCED: 1, INTAKE_E_RECORD_NOT_FOUND: 1 });
    const rows = await intake.imports.rows('default', r.import.id, { limit: 10 });
    const referenced = rows.rows[0]!.problems[0]!;
    expect(referenced.message).toMatch(
      /referenced by 4 stored customer record\(s\) \(join_store of C\d\)/,
    );
    const stores = await byKey(intake, 'loyalty.store', 'code');
    expect(Object.keys(stores)).toEqual(['PARIS01']);

    await intake.imports.undoHere('default', r.import.id);
    const back = await byKey(intake, 'loyalty.store', 'code');
    expect(back.LYON01).toMatchObject({ name: 'Lyon' });
    // It came back with its id: a record that pointed at it by id would find it.
    expect(back.LYON01!.id).toBe(stores.PARIS01!.id === 1 ? 2 : back.LYON01!.id);
  });

  it('says which word is not an operation, and which type cannot run one', async () => {
    const r = await run(
      [
        ['external_id', 'operation'],
        ['C1', 'archive'],
        ['C4', ''],
      ],
      { mode: 'update', commit: 'partial' },
    );
    expect(r.issues).toEqual({ INTAKE_E_OPERATION_UNKNOWN: 1 });
    expect(r.counts).toMatchObject({ rejected: 1, unchanged: 1 });

    await expect(
      run([['code'], ['PARIS01']], { mode: 'inactivate' }, 'store'),
    ).rejects.toMatchObject({ code: 'INTAKE_E_OPERATION_UNSUPPORTED' });
    const perRow = await run(
      [
        ['code', 'operation'],
        ['PARIS01', 'anonymize'],
      ],
      {},
      'store',
    );
    expect(perRow.issues).toEqual({ INTAKE_E_OPERATION_UNSUPPORTED: 1 });
    await expect(run([['first_name'], ['Ann']], { mode: 'delete' })).rejects.toMatchObject({
      code: 'INTAKE_E_USAGE',
    });
  });

  it('anonymizes by the pack rules, with stable hashes, and undo restores the person', async () => {
    const r = await run([['external_id'], ['C1'], ['C4']], { mode: 'anonymize' });
    expect(r.counts).toMatchObject({ anonymized: 2 });
    const now = await customers();
    // external_id is hashed too: the records are found by e-mail domain and hash.
    const [a, d] = Object.values(now).filter((c) => c.first_name === 'Anonymous');
    expect(a!.email).toMatch(/^[0-9a-f]{16}@example\.com$/);
    expect(a!.external_id).toMatch(/^[0-9a-f]{16}$/);
    expect(a!.email).not.toBe(d!.email);
    expect(Object.keys(now)).toEqual(expect.arrayContaining(['C2', 'C3']));

    await intake.imports.undoHere('default', r.import.id);
    const back = await customers();
    expect(back.C1).toMatchObject({ first_name: 'Ann', email: 'ann@example.com' });
    expect(back.C4).toMatchObject({ first_name: 'Dee', email: 'dee@example.com' });
  });

  it('does not erase without the number, and erases with it', async () => {
    const rows = [['external_id'], ['C4']];
    const unconfirmed = await run(rows, { mode: 'erase' });
    expect(unconfirmed.import.status).toBe('cancelled');
    expect(unconfirmed.error).toContain('--confirm-erase 1');
    expect((await customers()).C4).toBeDefined();
    const wrong = await run(rows, { mode: 'erase', confirmErase: 3 });
    expect(wrong.error).toContain('confirmed for 3');
    const done = await run(rows, { mode: 'erase', confirmErase: 1 });
    expect(done.import.status).toBe('completed');
    expect(done.counts).toMatchObject({ erased: 1 });
    expect((await customers()).C4).toBeUndefined();
  });
});
