import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportOptions } from '../../src/core/options.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { refuseInserts } from '../helpers/faults.js';
import { csv, readCsvObjects } from '../helpers/files.js';
import { byKey, records } from '../helpers/records.js';

/** Modes, match keys, commit modes and the per-import options (SPEC M3, V2, V3, C1). */
const TODAY = '2026-11-21';
const HEADER = [
  'external_id',
  'first_name',
  'email',
  'mobile',
  'join_store',
  'loyalty_points',
  'slab',
];

describe.each(BACKENDS)('import options on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  const run = (rows: string[][], options: Partial<ImportOptions> = {}, extra = {}) =>
    intake.imports.run({
      files: [csv(box.dir, `in-${Math.random().toString(36).slice(2)}.csv`, [HEADER, ...rows])],
      entity: 'customer',
      options: { country: 'FR', ...options },
      today: TODAY,
      ...extra,
    });

  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open();
    await intake.imports.run({
      files: [
        csv(box.dir, 'stores.csv', [
          ['code', 'name'],
          ['PARIS01', 'Paris'],
          ['MAIN', 'Head office'],
        ]),
      ],
      today: TODAY,
    });
    await run([
      ['C1', 'Ann', 'ann@example.com', '0611111111', 'PARIS01', '10', 'Gold'],
      ['C2', 'Bob', 'bob@example.com', '0622222222', 'PARIS01', '20', 'Silver'],
    ]);
  });
  afterEach(async () => {
    await intake.close();
    await box.cleanup();
  });

  it('create mode skips rows whose key is stored and creates the rest', async () => {
    const r = await run(
      [
        ['C1', 'Ann changed', 'ann@example.com', '', 'PARIS01', '99', ''],
        ['C3', 'Cy', 'cy@example.com', '', 'PARIS01', '', ''],
      ],
      { mode: 'create' },
    );
    expect(r.counts).toMatchObject({ created: 1, skipped: 1, updated: 0, rejected: 0 });
    expect(r.import.status).toBe('completed');
    const stored = await byKey(intake, 'loyalty.customer', 'external_id');
    expect(stored.C1).toMatchObject({ first_name: 'Ann', loyalty_points: 10 });
    expect(stored.C3).toMatchObject({
      first_name: 'Cy',
      loyalty_points: 0,
      slab: 'Bronze',
      status: 'Active',
    });
  });

  it('update mode refuses keys that match nothing, and never empties a stored value', async () => {
    const r = await run(
      [
        ['C1', '', '', '', '', '55', ''],
        ['C9', 'Nobody', 'nobody@example.com', '', 'PARIS01', '1', ''],
      ],
      { mode: 'update' },
    );
    expect(r.counts).toMatchObject({ updated: 1, rejected: 1 });
    const rejected = readCsvObjects(r.reports.rejections);
    expect(rejected[0]).toMatchObject({
      external_id: 'C9',
      _code: 'INTAKE_E_RECORD_NOT_FOUND',
      _field: 'external_id',
    });
    const stored = await byKey(intake, 'loyalty.customer', 'external_id');
    expect(stored.C1).toMatchObject({
      first_name: 'Ann',
      email: 'ann@example.com',
      mobile: '+33611111111',
      loyalty_points: 55,
    });
  });

  it('matches on the key the user chooses', async () => {
    const r = await run([['', 'Ann B.', 'ann@example.com', '', '', '', '']], {
      match: 'email',
      mode: 'update',
    });
    expect(r.counts).toMatchObject({ updated: 1 });
    expect((await byKey(intake, 'loyalty.customer', 'external_id')).C1!.first_name).toBe('Ann B.');
    await expect(run([], { match: 'first_name' })).rejects.toMatchObject({
      code: 'INTAKE_E_FIELD_UNKNOWN',
    });
  });

  it('refuses a row without its match key', async () => {
    const r = await run([['', 'Dee', 'dee@example.com', '', 'PARIS01', '', '']]);
    expect(readCsvObjects(r.reports.rejections)[0]).toMatchObject({
      _code: 'INTAKE_E_MATCH_KEY_MISSING',
    });
  });

  it('asks for required fields only when a row creates a record', async () => {
    const r = await run([
      ['C2', '', '', '', '', '21', ''],
      ['C4', '', 'dee@example.com', '', 'PARIS01', '', ''],
    ]);
    expect(r.counts).toMatchObject({ updated: 1, rejected: 1 });
    expect(readCsvObjects(r.reports.rejections)[0]).toMatchObject({
      external_id: 'C4',
      _code: 'INTAKE_E_REQUIRED',
      _field: 'first_name',
    });
  });

  it('reports unchanged rows and the changed fields of updates', async () => {
    const r = await run(
      [
        ['C1', 'Ann', 'ann@example.com', '0611111111', 'PARIS01', '10', 'gold'],
        ['C2', 'Bob', 'bob@example.com', '', '', '25', 'Platinum'],
      ],
      { dryRun: true },
    );
    expect(r.counts).toMatchObject({ unchanged: 1, updated: 1 });
    const outcomes = readCsvObjects(r.reports.outcomes![0]!);
    expect(outcomes.map((o) => [o.external_id, o._outcome, o._changed])).toEqual([
      ['C1', 'unchanged', ''],
      ['C2', 'updated', 'loyalty_points, slab'],
    ]);
  });

  it('an allow-list of updatable fields refuses other changes', async () => {
    const r = await run(
      [
        ['C1', 'Ann', '', '', '', '11', ''],
        ['C2', 'Robert', '', '', '', '21', ''],
      ],
      { updateFields: ['loyalty_points'] },
    );
    expect(r.counts).toMatchObject({ updated: 1, rejected: 1 });
    expect(readCsvObjects(r.reports.rejections)[0]).toMatchObject({
      external_id: 'C2',
      _field: 'first_name',
      _code: 'INTAKE_E_NOT_UPDATABLE',
    });
  });

  it('refuses changes to a Suspended or Fraud Confirmed customer unless the import allows it', async () => {
    const withStatus = (rows: string[][], options: Partial<ImportOptions> = {}) =>
      intake.imports.run({
        files: [
          csv(box.dir, `st-${Math.random().toString(36).slice(2)}.csv`, [
            ['external_id', 'status', 'loyalty_points'],
            ...rows,
          ]),
        ],
        entity: 'customer',
        options,
        today: TODAY,
      });
    // An import may put a customer in a protected state (the record is not protected yet).
    const set = await withStatus([
      ['C1', 'Suspended', '10'],
      ['C2', 'Fraud Confirmed', '20'],
    ]);
    expect(set.counts).toMatchObject({ updated: 2, rejected: 0 });
    // Now it is: a change is refused, naming the state; a row that changes nothing passes.
    const refused = await withStatus([
      ['C1', '', '99'],
      ['C2', 'Active', ''],
    ]);
    expect(refused.counts).toMatchObject({ updated: 0, rejected: 2 });
    const why = readCsvObjects(refused.reports.rejections);
    expect(why.map((r) => [r.external_id, r._field, r._code])).toEqual([
      ['C1', 'status', 'INTAKE_E_RECORD_PROTECTED'],
      ['C2', 'status', 'INTAKE_E_RECORD_PROTECTED'],
    ]);
    expect(why[0]!._message).toContain('has Status Suspended');
    expect((await byKey(intake, 'loyalty.customer', 'external_id')).C1).toMatchObject({
      loyalty_points: 10,
      status: 'Suspended',
    });
    expect((await withStatus([['C1', '', '10']])).counts).toMatchObject({ unchanged: 1 });
    // Allowed by the import: the fraud check is over, the customer is active again.
    const allowed = await withStatus([['C2', 'Active', '']], { allowProtected: true });
    expect(allowed.counts).toMatchObject({ updated: 1, rejected: 0 });
    expect((await byKey(intake, 'loyalty.customer', 'external_id')).C2).toMatchObject({
      status: 'Active',
    });
  });

  it('clears stored values from empty cells only when asked, only where the file has the column', async () => {
    const stored = async () => (await byKey(intake, 'loyalty.customer', 'external_id')).C1!;
    // The default: an empty cell never changes a stored value.
    const kept = await run([['C1', 'Ann', '', '', '', '', '']]);
    expect(kept.counts).toMatchObject({ unchanged: 1 });
    // Asked for e-mail only: the dry run shows the clear as a change, and writes nothing.
    const dry = await run([['C1', 'Ann', '', '', '', '', '']], {
      clearEmpty: ['email'],
      dryRun: true,
    });
    expect(dry.counts).toMatchObject({ updated: 1 });
    expect(readCsvObjects(dry.reports.outcomes![0]!)[0]).toMatchObject({ _changed: 'email' });
    expect(await stored()).toMatchObject({ email: 'ann@example.com' });
    const cleared = await run([['C1', 'Ann', '', '', '', '', '']], { clearEmpty: ['email'] });
    expect(cleared.counts).toMatchObject({ updated: 1 });
    expect(await stored()).toMatchObject({ email: null, mobile: '+33611111111', slab: 'Gold' });
    // Every field: only the columns this file has (no mobile column: the mobile stays);
    // the required first name is never cleared.
    const all = await intake.imports.run({
      files: [
        csv(box.dir, 'few-columns.csv', [
          ['external_id', 'first_name', 'slab'],
          ['C1', '', ''],
        ]),
      ],
      entity: 'customer',
      options: { clearEmpty: true },
      today: TODAY,
    });
    expect(all.counts).toMatchObject({ updated: 1 });
    expect(await stored()).toMatchObject({ first_name: 'Ann', slab: null, mobile: '+33611111111' });
    // Undone, the cleared values come back from the before-images.
    await intake.imports.undoHere('default', all.import.id);
    await intake.imports.undoHere('default', cleared.import.id);
    expect(await stored()).toMatchObject({ email: 'ann@example.com', slab: 'Gold' });
    // A field nobody has, a required one or the match key is a mistake said before anything runs.
    await expect(
      run([['C1', 'Ann', '', '', '', '', '']], { clearEmpty: ['colour'] }),
    ).rejects.toMatchObject({
      code: 'INTAKE_E_FIELD_UNKNOWN',
    });
    await expect(
      run([['C1', 'Ann', '', '', '', '', '']], { clearEmpty: ['first_name'] }),
    ).rejects.toMatchObject({
      code: 'INTAKE_E_REQUEST',
      message: expect.stringContaining('required'),
    });
    // Nor the key that finds the records.
    await expect(
      run([['C1', 'Ann', '', '', '', '', '']], { clearEmpty: ['external_id'] }),
    ).rejects.toMatchObject({
      code: 'INTAKE_E_REQUEST',
      message: expect.stringContaining('match key of loyalty.customer'),
    });
  });

  it('verify columns are compared with the stored record, never written; a mismatch refuses the row', async () => {
    // C1 is Ann and C2 is Bob: the second row names C2 but means Ann (a wrong key).
    const r = await run(
      [
        ['C1', 'ANN', '', '', '', '50', ''],
        ['C2', 'Ann', '', '', '', '60', ''],
      ],
      { verify: ['first_name'] },
    );
    expect(r.counts).toMatchObject({ updated: 1, rejected: 1 });
    const [refused] = readCsvObjects(r.reports.rejections);
    expect(refused).toMatchObject({
      external_id: 'C2',
      _field: 'first_name',
      _code: 'INTAKE_E_VERIFY_MISMATCH',
    });
    expect(refused!._message).toContain('"Ann" in the file, but the stored customer has "Bob"');
    const stored = await byKey(intake, 'loyalty.customer', 'external_id');
    // Compared as people read names (ANN is Ann), and never written.
    expect(stored.C1).toMatchObject({ first_name: 'Ann', loyalty_points: 50 });
    expect(stored.C2).toMatchObject({ first_name: 'Bob', loyalty_points: 20 });
    // A new customer has nothing to compare: a required field cannot come from that column.
    const created = await run([['C9', 'Zoe', 'zoe@example.com', '', 'PARIS01', '1', '']], {
      verify: ['first_name'],
    });
    expect(created.counts).toMatchObject({ created: 0, rejected: 1 });
    expect(readCsvObjects(created.reports.rejections)[0]).toMatchObject({
      _field: 'first_name',
      _code: 'INTAKE_E_REQUIRED',
    });
    await expect(
      run([['C1', 'Ann', '', '', '', '', '']], { verify: ['colour'] }),
    ).rejects.toMatchObject({ code: 'INTAKE_E_FIELD_UNKNOWN' });
  });

  it('duplicates inside the file: refuse those rows, or with the file policy the whole file', async () => {
    const rows = [
      ['C5', 'Eve', 'eve@example.com', '', 'PARIS01', '', ''],
      ['C6', 'Eva', 'eve@example.com', '', 'PARIS01', '', ''],
      ['C7', 'Fay', 'fay@example.com', '', 'PARIS01', '', ''],
    ];
    const byRows = await run(rows, { commit: 'partial' });
    expect(byRows.counts).toMatchObject({ created: 1, rejected: 2 });
    const byFile = await run(
      rows.map((r) => [
        r[0]!.replace('C', 'D'),
        ...r.slice(1, 2),
        r[2]!.replace('@', '2@'),
        ...r.slice(3),
      ]),
      { commit: 'partial', duplicates: 'file' },
    );
    expect(byFile.counts).toMatchObject({ created: 0, rejected: 3 });
    const codes = readCsvObjects(byFile.reports.rejections).map((r) => r._code);
    expect(codes.sort()).toEqual([
      'INTAKE_E_DUPLICATE_IN_FILE',
      'INTAKE_E_DUPLICATE_IN_FILE',
      'INTAKE_E_FILE_REJECTED',
    ]);
  });

  it('replaces an unknown store with the default, and records it', async () => {
    const r = await run([['C8', 'Gus', 'gus@example.com', '', 'NOWHERE', '', '']], {
      referenceDefaults: { join_store: 'MAIN' },
    });
    expect(r.counts).toMatchObject({ created: 1, rejected: 0 });
    expect((await byKey(intake, 'loyalty.customer', 'external_id')).C8!.join_store).toBe('MAIN');
    expect(readCsvObjects(r.reports.corrections)).toContainEqual(
      expect.objectContaining({
        field: 'join_store',
        from: 'NOWHERE',
        to: 'MAIN',
        rule: 'reference_default',
      }),
    );
  });

  it('references may point to rows of the same import', async () => {
    const stores = csv(box.dir, 'new-stores.csv', [
      ['code', 'name'],
      ['LYON01', 'Lyon'],
    ]);
    const customers = csv(box.dir, 'new-customers.csv', [
      HEADER,
      ['C9', 'Hal', 'hal@example.com', '', 'LYON01', '', ''],
    ]);
    // Files in the "wrong" order: the store file still commits first.
    const r = await intake.imports.run({
      files: [customers, stores],
      options: { country: 'FR' },
      today: TODAY,
    });
    expect(r.files.map((f) => f.entity)).toEqual(['loyalty.customer', 'loyalty.store']);
    expect(r.counts).toMatchObject({ created: 2, rejected: 0 });
    expect(r.reports.rejectionFiles).toHaveLength(2);
  });

  it('partial commit in small chunks still writes referenced rows first', async () => {
    const stores = csv(box.dir, 'later-stores.csv', [
      ['code', 'name'],
      ['NICE02', 'Nice'],
      ['NICE03', 'Nice 3'],
    ]);
    const customers = csv(box.dir, 'first-customers.csv', [
      HEADER,
      ['N1', 'Nia', 'nia@example.com', '', 'NICE02', '', ''],
      ['N2', 'Noe', 'noe@example.com', '', 'NICE03', '', ''],
    ]);
    // Customers are rows 1-2 and stores rows 3-4: chunks of one row would commit a
    // customer before its store if chunks followed row numbers alone.
    const r = await intake.imports.run({
      files: [customers, stores],
      options: { commit: 'partial' },
      commitChunkRows: 1,
    });
    expect(r.counts).toMatchObject({ created: 4, rejected: 0 });
    expect((await byKey(intake, 'loyalty.customer', 'external_id')).N2!.join_store).toBe('NICE03');
  });

  it('merges custom fields on update and keeps the ones not in the file', async () => {
    const h = ['external_id', 'colour', 'size'];
    const f1 = csv(box.dir, 'c1.csv', [h, ['C1', 'red', 'M']]);
    await intake.imports.run({ files: [f1], entity: 'customer', today: TODAY });
    const f2 = csv(box.dir, 'c2.csv', [
      ['external_id', 'colour'],
      ['C1', 'blue'],
    ]);
    const r = await intake.imports.run({ files: [f2], entity: 'customer', today: TODAY });
    expect(r.counts).toMatchObject({ updated: 1 });
    expect((await byKey(intake, 'loyalty.customer', 'external_id')).C1!.custom).toEqual({
      colour: 'blue',
      size: 'M',
    });
  });

  it('flags an ambiguous date column, and reads it once the order is given', async () => {
    const h = ['external_id', 'join_date'];
    const file = csv(box.dir, 'dates.csv', [h, ['C1', '03/04/2024'], ['C2', '05/06/2024']]);
    const r = await intake.imports.run({ files: [file], entity: 'customer', today: TODAY });
    expect(r.counts.rejected).toBe(2);
    expect(r.issues).toEqual({ INTAKE_E_DATE_AMBIGUOUS: 2 });
    expect(r.files[0]!.warnings.join()).toMatch(/--date-order/);
    const ok = await intake.imports.run({
      files: [file],
      entity: 'customer',
      options: { dateOrder: 'mdy' },
      today: TODAY,
    });
    expect(ok.counts.updated).toBe(2);
    expect((await byKey(intake, 'loyalty.customer', 'external_id')).C1!.join_date).toBe(
      '2024-03-04',
    );
  });

  it('keeps workspaces apart: the same e-mail in another workspace is no conflict', async () => {
    const file = csv(box.dir, 'ws.csv', [HEADER, ['X1', 'Ann', 'ann@example.com', '', '', '', '']]);
    const r = await intake.imports.run({
      files: [file],
      entity: 'customer',
      workspace: 'other',
      today: TODAY,
    });
    expect(r.counts).toMatchObject({ created: 1, rejected: 0 });
    expect(await records(intake, 'loyalty.customer', 'other')).toHaveLength(1);
    expect(await records(intake, 'loyalty.customer')).toHaveLength(2);
  });

  it('partial commit: a chunk the database refuses is reported, the other chunks land', async () => {
    // A real database fault, not a mock: a trigger that refuses one name.
    await refuseInserts(intake.store.db, backend, {
      table: 'loyalty_customer',
      message: 'boom refused',
      when: { column: 'first_name', value: 'Boom' },
    });
    const rows = ['Ana', 'Ben', 'Boom', 'Dan'].map((n, i) => [
      `P${i}`,
      n,
      `${n.toLowerCase()}@example.com`,
      '',
      'PARIS01',
      '',
      '',
    ]);
    const r = await run(rows, { commit: 'partial' }, { commitChunkRows: 2 });
    expect(r.import.status).toBe('completed_with_issues');
    expect(r.counts).toMatchObject({ created: 2, rejected: 2 });
    const rejected = readCsvObjects(r.reports.rejections);
    expect(rejected.map((x) => x.external_id)).toEqual(['P2', 'P3']);
    expect(rejected[0]!._code).toBe('INTAKE_E_COMMIT_FAILED');
    expect(rejected[0]!._message).toContain('boom refused');

    const atomic = await run(
      ['Eli', 'Boom'].map((n, i) => [`Q${i}`, n, `q${i}@example.com`, '', 'PARIS01', '', '']),
      { commit: 'atomic' },
    );
    expect(atomic.import.status).toBe('failed');
    expect(atomic.counts).toMatchObject({ created: 0, rejected: 2 });
    expect((await byKey(intake, 'loyalty.customer', 'external_id')).Q0).toBeUndefined();
    expect(atomic.error).toContain('boom refused');
  });

  it('a file that breaks half-way fails the import, and leaves nothing staged or written', async () => {
    const file = join(box.dir, 'broken.csv');
    writeFileSync(
      file,
      `${HEADER.join(',')}\nC7,Gil,gil@example.com,,PARIS01,,\nC8,"Hank,hank@example.com,,PARIS01,,\n`,
    );
    await expect(
      intake.imports.run({ files: [file], entity: 'customer', today: TODAY }),
    ).rejects.toMatchObject({ code: 'INTAKE_E_CSV' });
    const last = await intake.store.db
      .selectFrom('intake_import')
      .select(['status', 'error'])
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    expect(last).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('never closed'),
    });
    const staged = await sql<{
      n: number;
    }>`SELECT count(*) AS n FROM intake_stage_loyalty_customer`.execute(intake.store.db);
    expect(Number(staged.rows[0]!.n)).toBe(0);
    expect((await byKey(intake, 'loyalty.customer', 'external_id')).C7).toBeUndefined();
  });

  it('writes a summary that says what happened', async () => {
    const r = await run([['C1', 'Ann', 'ann@example.com', '0611111111', 'PARIS01', '12', 'Gold']]);
    const summary = JSON.parse(readFileSync(r.reports.summary, 'utf8'));
    expect(summary).toMatchObject({
      import: { id: r.import.id, status: 'completed' },
      counts: { updated: 1 },
      workspace: 'default',
    });
    expect(summary.options).toMatchObject({ mode: 'upsert', commit: 'partial', country: 'FR' });
  });
});
