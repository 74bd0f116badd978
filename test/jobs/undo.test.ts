import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { refuseInserts } from '../helpers/faults.js';
import { EXAMPLES, ROOT, csv, readCsvObjects } from '../helpers/files.js';
import { byKey, records } from '../helpers/records.js';

/**
 * Undo (issue 11, SPEC C4) on every backend: created records deleted children first,
 * updated ones back to their before-image field by field (custom fields too), rows
 * changed since by a later import refused with the import that changed them (so undoing
 * newest first always works), --force, records still referenced, partial and atomic
 * imports, and the status machine around it.
 */
const BILLING = join(ROOT, 'examples', 'billing');
const TABLES = [
  'customer',
  'customer_account',
  'billing_account',
  'payment_method',
  'user_account',
  'subscription',
  'service_instance',
  'attribute_instance',
  'access_point',
  'counter',
].map((t) => `billing.${t}`);

describe.each(BACKENDS)('undo on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;

  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open();
  });
  afterEach(async () => {
    await intake.close();
    await box.cleanup();
  });

  const ws = 'default';
  const status = async (id: string) => (await intake.imports.get(ws, id))!.status;
  const snapshot = async () =>
    Object.fromEntries(
      await Promise.all(TABLES.map(async (t) => [t, await byKey(intake, t, 'code')])),
    );
  /** What a user compares: every field and custom field, not when or by which import. */
  const strip = (all: Record<string, Record<string, Record<string, unknown>>>) =>
    JSON.parse(
      JSON.stringify(all, (k, v) =>
        ['id', 'created_at', 'updated_at', 'import_id', 'import_row'].includes(k) ? undefined : v,
      ),
    );

  it('the billing example: undo the update, then the first import, parents last', async () => {
    const first = await intake.imports.run({ files: [join(BILLING, 'billing.zip')] });
    expect(first.import.status).toBe('completed');
    const before = strip(await snapshot());
    const update = await intake.imports.run({ files: [join(BILLING, 'billing-update.zip')] });
    expect(update.import.status).toBe('completed');
    expect(update.counts).toMatchObject({ created: 3, updated: 6 });
    const moved = await byKey(intake, 'billing.user_account', 'code');
    expect(moved['UA-ACME-DE-BERLIN']!.parent).toBe('UA-ACME-FR');

    const preview = await intake.imports.previewUndo(ws, update.import.id);
    expect(preview).toMatchObject({ deleted: 3, restored: 6, refused: 0 });
    // A preview changes nothing.
    expect((await byKey(intake, 'billing.user_account', 'code'))['UA-ACME-DE-BERLIN']!.parent).toBe(
      'UA-ACME-FR',
    );
    expect(await status(update.import.id)).toBe('completed');

    const undone = await intake.imports.undoHere(ws, update.import.id);
    expect(undone.view.status).toBe('undone');
    expect(undone.view.undo).toMatchObject({ deleted: 3, restored: 6, refused: 0 });
    // The old parent links, names, statuses and custom fields are back; the new rows gone.
    expect(strip(await snapshot())).toEqual(before);
    const undoCsv = readCsvObjects(join(undone.reports, 'undo.csv'));
    expect(undoCsv).toHaveLength(9);
    expect(undoCsv.filter((r) => r.result === 'deleted').map((r) => r.key)).toHaveLength(3);

    // Then the first import: every record gone, children before parents.
    const all = await intake.imports.undoHere(ws, first.import.id);
    expect(all.view.undo).toMatchObject({ deleted: 48, restored: 0, refused: 0 });
    for (const t of TABLES) expect(await records(intake, t), t).toEqual([]);
    const events = (await intake.imports.get(ws, first.import.id))!.events!.map(
      (e) => `${e.from ?? ''}>${e.to}`,
    );
    expect(events.slice(-2)).toEqual(['completed>undoing', 'undoing>undone']);
  });

  it('refuses rows a later import changed, names it, and undoes them once that one is undone', async () => {
    const dir = box.dir;
    await intake.imports.run({ files: [join(EXAMPLES, 'stores.csv')] });
    const a = await intake.imports.run({
      files: [
        csv(dir, 'a.csv', [
          ['code', 'name', 'external_id', 'Region'],
          ['PARIS01', 'Paris Rivoli (new name)', 'ST-75001', 'IDF'],
          ['NANTES01', 'Nantes', 'ST-44000', 'West'],
          ['BREST01', 'Brest', 'ST-29200', 'West'],
        ]),
      ],
      entity: 'store',
    });
    expect(a.counts).toMatchObject({ created: 2, updated: 1 });
    // A later import changes one record A updated and one A created.
    const b = await intake.imports.run({
      files: [
        csv(dir, 'b.csv', [
          ['code', 'name'],
          ['PARIS01', 'Paris (B)'],
          ['NANTES01', 'Nantes (B)'],
        ]),
      ],
      entity: 'store',
    });
    expect(b.counts).toMatchObject({ updated: 2 });

    const first = await intake.imports.undoHere(ws, a.import.id);
    expect(first.view.status).toBe('undone');
    expect(first.view.undo).toMatchObject({ deleted: 1, restored: 0, refused: 2 });
    const refusals = readCsvObjects(join(first.reports, 'undo.csv')).filter(
      (r) => r.result === 'refused',
    );
    expect(refusals.map((r) => [r.key, r.code])).toEqual([
      ['PARIS01', 'INTAKE_E_UNDO_CONFLICT'],
      ['NANTES01', 'INTAKE_E_UNDO_CONFLICT'],
    ]);
    for (const r of refusals) expect(r.message).toContain(`changed since by import ${b.import.id}`);
    let stores = await byKey(intake, 'loyalty.store', 'code');
    expect(stores.BREST01).toBeUndefined();
    expect(stores.PARIS01!.name).toBe('Paris (B)');

    // Newest first: undo B, then A again; the refused rows are undone this time.
    await intake.imports.undoHere(ws, b.import.id);
    const again = await intake.imports.undoHere(ws, a.import.id);
    expect(again.view.undo).toMatchObject({ deleted: 1, restored: 1, refused: 0 });
    stores = await byKey(intake, 'loyalty.store', 'code');
    expect(Object.keys(stores).sort()).toEqual(['LYON01', 'NICE01', 'PARIS01']);
    expect(stores.PARIS01).toMatchObject({ name: 'Paris Rivoli', external_id: 'ST-75001' });
    // The custom field A added is gone with the rest of its change.
    expect(stores.PARIS01!.custom).toEqual({});
  });

  it('--force restores and deletes past later changes', async () => {
    const dir = box.dir;
    await intake.imports.run({ files: [join(EXAMPLES, 'stores.csv')] });
    const a = await intake.imports.run({
      files: [
        csv(dir, 'a.csv', [
          ['code', 'name'],
          ['PARIS01', 'Paris A'],
          ['NANTES01', 'Nantes A'],
        ]),
      ],
      entity: 'store',
    });
    await intake.imports.run({
      files: [
        csv(dir, 'b.csv', [
          ['code', 'name'],
          ['PARIS01', 'Paris B'],
          ['NANTES01', 'Nantes B'],
        ]),
      ],
      entity: 'store',
    });
    const preview = await intake.imports.previewUndo(ws, a.import.id, true);
    expect(preview).toMatchObject({ deleted: 1, restored: 1, refused: 0 });
    const forced = await intake.imports.undoHere(ws, a.import.id, true);
    expect(forced.view.undo).toMatchObject({ deleted: 1, restored: 1, refused: 0, force: true });
    const stores = await byKey(intake, 'loyalty.store', 'code');
    expect(stores.NANTES01).toBeUndefined();
    expect(stores.PARIS01!.name).toBe('Paris Rivoli');
  });

  it('refuses to delete a record that others still reference, and names them', async () => {
    const dir = box.dir;
    const stores = await intake.imports.run({
      files: [
        csv(dir, 's.csv', [
          ['code', 'name'],
          ['NANTES01', 'Nantes'],
          ['BREST01', 'Brest'],
        ]),
      ],
      entity: 'store',
    });
    await intake.imports.run({
      files: [
        csv(dir, 'c.csv', [
          ['external_id', 'first_name', 'last_name', 'email', 'join_store'],
          ['C-9', 'Ann', 'Kerr', 'ann@example.com', 'NANTES01'],
        ]),
      ],
      entity: 'loyalty.customer',
    });
    const undone = await intake.imports.undoHere(ws, stores.import.id);
    expect(undone.view.undo).toMatchObject({ deleted: 1, restored: 0, refused: 1 });
    const [refused] = readCsvObjects(join(undone.reports, 'undo.csv')).filter(
      (r) => r.result === 'refused',
    );
    expect(refused).toMatchObject({ key: 'NANTES01', code: 'INTAKE_E_UNDO_REFERENCED' });
    expect(refused!.message).toContain(
      '1 loyalty.customer record(s) that stay (join_store of C-9)',
    );
    expect(Object.keys(await byKey(intake, 'loyalty.store', 'code'))).toEqual(['NANTES01']);
  });

  it('a partial import with a refused chunk: only what was written is undone', async () => {
    const dir = box.dir;
    await intake.imports.run({ files: [join(EXAMPLES, 'stores.csv')] });
    const rows = [['code', 'name']];
    for (let i = 1; i <= 6; i++) rows.push([`S${i}`, `Store ${i}`]);
    const file = csv(dir, 'six.csv', rows);
    // The database refuses the second chunk (rows 3-4), as a constraint would.
    const fault = await refuseInserts(intake.store.db, backend, {
      table: 'loyalty_store',
      message: 'refused for the test',
      when: { column: 'code', value: 'S3' },
    });
    const r = await intake.imports.run({
      files: [file],
      entity: 'store',
      options: { commit: 'partial' },
      commitChunkRows: 2,
    });
    await fault.undo();
    expect(r.counts).toMatchObject({ created: 4, rejected: 2 });
    const undone = await intake.imports.undoHere(ws, r.import.id);
    expect(undone.view.undo).toMatchObject({ deleted: 4, refused: 0 });
    expect(Object.keys(await byKey(intake, 'loyalty.store', 'code')).sort()).toEqual([
      'LYON01',
      'NICE01',
      'PARIS01',
    ]);
  });

  it('the status machine: nothing to undo, twice, or from the wrong status is refused with what is allowed', async () => {
    const dir = box.dir;
    const bad = await intake.imports.run({
      files: [
        csv(dir, 'bad.csv', [
          ['code', 'name'],
          ['OK1', 'Fine'],
          ['', 'No code'],
        ]),
      ],
      entity: 'store',
      options: { commit: 'atomic' },
    });
    expect(bad.import.status).toBe('failed');
    await expect(intake.imports.undoHere(ws, bad.import.id)).rejects.toMatchObject({
      code: 'INTAKE_E_IMPORT_STATE',
      message: expect.stringContaining('wrote nothing; there is nothing to undo'),
    });
    const dry = await intake.imports.run({
      files: [join(EXAMPLES, 'stores.csv')],
      options: { dryRun: true },
    });
    await expect(intake.imports.undoHere(ws, dry.import.id)).rejects.toMatchObject({
      code: 'INTAKE_E_IMPORT_STATE',
      // A dry run wrote nothing: it can be validated again, or taken back to its mapping.
      details: { status: 'dry_run', allowed: ['replay', 'reopen'] },
    });
    const ok = await intake.imports.run({ files: [join(EXAMPLES, 'stores.csv')] });
    expect((await intake.imports.get(ws, ok.import.id))!.steps).toEqual(['undo']);
    await expect(intake.imports.approve(ws, ok.import.id, 'ann')).rejects.toMatchObject({
      code: 'INTAKE_E_IMPORT_STATE',
      message: expect.stringContaining('Allowed now: undo'),
      details: { status: 'completed', step: 'approve', allowed: ['undo'] },
    });
    // Cancelling a written import names why, whatever status it reached.
    await expect(intake.imports.cancel(ws, ok.import.id, 'ann')).rejects.toMatchObject({
      code: 'INTAKE_E_IMPORT_STATE',
      message: expect.stringContaining('already written (completed)'),
    });
    await intake.imports.undoHere(ws, ok.import.id);
    // Undone again: nothing left to do, and nothing breaks.
    const twice = await intake.imports.undoHere(ws, ok.import.id);
    expect(twice.view.undo).toMatchObject({ deleted: 0, restored: 0, refused: 0 });
    expect(readFileSync(join(twice.reports, 'undo.csv'), 'utf8').trim().split('\n')).toHaveLength(
      4,
    );
  });
});
