import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_READER_LIMITS } from '../../src/sources/limits.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { EXAMPLES, csv, readCsv, readCsvObjects } from '../helpers/files.js';
import { submitted } from '../helpers/imports.js';
import { byKey } from '../helpers/records.js';
import { textRow, writeRawXlsx, writeZip } from '../helpers/xlsx.js';

/**
 * Values and shapes a careless or hostile file brings (issue 16), on every backend:
 * column names that are JavaScript properties, control characters, rows wider than
 * their header, an entity type whose only identifier is missing in create mode, and
 * the same submission five times at once.
 */
const PROPERTIES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__'];

describe.each(BACKENDS)('hardening on $name', (backend) => {
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

  it('takes columns named like JavaScript properties as columns, in CSV, NDJSON and inline', async () => {
    const header = ['code', 'name', ...PROPERTIES];
    const file = csv(box.dir, 'props.csv', [header, ['P1', 'One', 'c', 't', 'h', 'v', 'p']]);
    const r = await intake.imports.run({ files: [file], entity: 'store' });
    expect(r.counts).toMatchObject({ created: 1, rejected: 0 });
    const nd = join(box.dir, 'props.ndjson');
    writeFileSync(
      nd,
      '{"code":"P2","name":"Two","constructor":"c2","__proto__":"p2"}\n{"code":"P3","name":"Three"}\n',
    );
    expect((await intake.imports.run({ files: [nd], entity: 'store' })).counts).toMatchObject({
      created: 2,
      rejected: 0,
    });
    const inline = await intake.imports.run({
      inline: 'code=P4||name=Four||__proto__=p4||valueOf=v4',
      entity: 'store',
    });
    expect(inline.counts).toMatchObject({ created: 1, rejected: 0 });
    // A mapping that names such a column by hand works too (API and template options).
    const mapped = await intake.imports.run({
      files: [
        csv(box.dir, 'map.csv', [
          ['code', 'constructor'],
          ['P5', 'Five'],
        ]),
      ],
      entity: 'store',
      options: { mapping: { constructor: 'name' } },
    });
    expect(mapped.counts).toMatchObject({ created: 1 });
    const stores = await byKey(intake, 'loyalty.store', 'code');
    // Custom fields as stored (PostgreSQL's jsonb orders keys its own way).
    const custom = (code: string) => Object.entries(stores[code]!.custom as object).sort();
    expect(custom('P1')).toEqual(PROPERTIES.map((p, i) => [p, 'cthvp'[i]]).sort());
    expect(custom('P2')).toEqual([
      ['__proto__', 'p2'],
      ['constructor', 'c2'],
    ]);
    expect(custom('P3')).toEqual([]);
    expect(custom('P4')).toEqual([
      ['__proto__', 'p4'],
      ['valueOf', 'v4'],
    ]);
    expect(stores.P5!.name).toBe('Five');
  });

  it('refuses e-mails with CR, LF, BEL, DEL or NUL, whatever the e-mail check says', async () => {
    await intake.imports.run({ files: [join(EXAMPLES, 'stores.csv')] });
    const evil = ['"a\r\n b"@example.com', '"a\u0007b"@example.com', '"a\u007fb"@example.com'];
    const rows = [['external_id', 'first_name', 'email']];
    evil.forEach((e, i) => rows.push([`E${i}`, 'Eve', e]));
    rows.push(['OK1', 'Ann', 'ann@example.com']);
    const r = await intake.imports.run({
      files: [csv(box.dir, 'evil.csv', rows)],
      entity: 'loyalty.customer',
      options: { commit: 'partial' },
    });
    expect(r.counts).toMatchObject({ created: 1, rejected: 3 });
    const refused = readCsvObjects(r.reports.rejections);
    expect(refused.map((x) => x._code)).toEqual(Array(3).fill('INTAKE_E_CONTROL_CHAR'));
    const customers = await byKey(intake, 'loyalty.customer', 'external_id');
    expect(Object.keys(customers)).toEqual(['OK1']);
  });

  it('keeps the report columns under their names when a row has more cells than the header', async () => {
    const file = join(box.dir, 'wide.csv');
    writeFileSync(file, 'code,name\nW1,One\nW2,Two,extra,more\nW3,Three\n');
    const r = await intake.imports.run({
      files: [file],
      entity: 'store',
      options: { commit: 'partial' },
    });
    expect(r.counts).toMatchObject({ created: 2, rejected: 1 });
    const [header, row] = readCsv(r.reports.rejections);
    expect(header).toEqual([
      'code',
      'name',
      '_extra_1',
      '_extra_2',
      '_line',
      '_field',
      '_code',
      '_message',
    ]);
    expect(row!.slice(0, 5)).toEqual(['W2', 'Two', 'extra', 'more', '3']);
    expect(row![6]).toBe('INTAKE_E_ROW_SHAPE');
    // The rejection file, fixed, imports as it is: Intake's own columns are left alone.
    const fixed = join(box.dir, 'fixed.csv');
    writeFileSync(fixed, `${header!.join(',')}\nW2,Two,,,3,,,\n`);
    const again = await intake.imports.run({ files: [fixed], entity: 'store' });
    expect(again.counts).toMatchObject({ created: 1, rejected: 0 });
  });

  it('a rejection file goes round the fix loop three times: its columns once, new problems and lines', async () => {
    await intake.imports.run({ files: [join(EXAMPLES, 'stores.csv')] });
    const header = 'external_id,first_name,last_name,email,mobile';
    const original = join(box.dir, 'partner.csv');
    writeFileSync(
      original,
      [
        header,
        'G1,Ann,Good,g1@example.com,+33612345670',
        'B1,Bob,Mail,b1.example.com,+33612345671',
        'B2,Cid,Phone,b2@example.com,call me',
        'B3,Dee,Wide,b3@example.com,+33612345673,oops',
      ].join('\n') + '\n',
    );
    const own = ['_line', '_field', '_code', '_message'];
    const round = async (file: string) => {
      const r = await intake.imports.run({
        files: [file],
        entity: 'loyalty.customer',
        options: { commit: 'partial' },
      });
      const [head, ...rows] = readCsv(r.reports.rejections);
      return { r, head: head!, rows, objects: readCsvObjects(r.reports.rejections) };
    };
    const fix = (file: string, from: string, to: string) => {
      const next = join(box.dir, `fixed-${Math.random().toString(36).slice(2, 8)}.csv`);
      writeFileSync(next, readFileSync(file, 'utf8').replace(from, to));
      return next;
    };

    const first = await round(original);
    expect(first.r.counts).toMatchObject({ created: 1, rejected: 3 });
    expect(first.head).toEqual([...header.split(','), '_extra_1', ...own]);
    expect(first.objects.map((o) => [o.external_id, o._line, o._code])).toEqual([
      ['B1', '3', 'INTAKE_E_EMAIL'],
      ['B2', '4', 'INTAKE_E_PHONE'],
      ['B3', '5', 'INTAKE_E_ROW_SHAPE'],
    ]);

    // Round 1: the e-mail fixed in the rejection file itself.
    const second = await round(fix(first.r.reports.rejections, 'b1.example.com', 'b1@example.com'));
    expect(second.r.counts).toMatchObject({ created: 1, rejected: 2 });
    expect(second.head).toEqual(first.head); // Intake's columns once, not twice
    expect(second.objects.map((o) => [o.external_id, o._line, o._code, o._extra_1])).toEqual([
      ['B2', '3', 'INTAKE_E_PHONE', ''],
      ['B3', '4', 'INTAKE_E_ROW_SHAPE', 'oops'],
    ]);
    expect(second.objects[1]!._message).toContain('_extra_1');

    // Round 2: the phone.
    const third = await round(fix(second.r.reports.rejections, 'call me', '+33612345672'));
    expect(third.r.counts).toMatchObject({ created: 1, rejected: 1 });
    expect(third.head).toEqual(first.head);
    expect(third.objects.map((o) => [o.external_id, o._line, o._code])).toEqual([
      ['B3', '3', 'INTAKE_E_ROW_SHAPE'],
    ]);

    // Round 3: the stray cell emptied. Everyone is in, once.
    const last = await round(fix(third.r.reports.rejections, ',oops,', ',,'));
    expect(last.r.counts).toMatchObject({ created: 1, rejected: 0 });
    const customers = await byKey(intake, 'loyalty.customer', 'external_id');
    expect(Object.keys(customers).sort()).toEqual(['B1', 'B2', 'B3', 'G1']);
    // Nothing of the reports was kept as data.
    expect(Object.values(customers).map((c) => c.custom)).toEqual([{}, {}, {}, {}]);
  });

  it('creates records whose only identifier is not in the file (--mode create)', async () => {
    const packs = join(box.dir, 'packs');
    mkdirSync(packs);
    writeFileSync(
      join(packs, 'notes.yaml'),
      'pack: notes\nentities:\n  note:\n    identifiers: [ref]\n    fields:\n      ref: {type: string}\n      text: {type: string, required: true}\n',
    );
    const withPack = await box.open({ packs: [packs] });
    try {
      const file = csv(box.dir, 'notes.csv', [['text'], ['first'], ['second']]);
      // Without a match key only create makes sense, and the refusal says so.
      await expect(withPack.imports.run({ files: [file], entity: 'note' })).rejects.toMatchObject({
        code: 'INTAKE_E_USAGE',
        message: expect.stringContaining('use --mode create'),
      });
      const r = await withPack.imports.run({
        files: [file],
        entity: 'note',
        options: { mode: 'create' },
      });
      expect(r.import.status).toBe('completed');
      expect(r.counts).toMatchObject({ created: 2 });
      // And it can be undone: the records are found by the import and row that wrote them.
      const undone = await withPack.imports.undoHere('default', r.import.id);
      expect(undone.view.undo).toMatchObject({ deleted: 2, refused: 0 });
    } finally {
      await withPack.close();
    }
  });

  it('five identical submissions at the same moment make one import', async () => {
    const file = join(EXAMPLES, 'stores.csv');
    const sub = {
      workspace: 'acme',
      actor: 'ann',
      files: [file],
      names: ['stores.csv'],
      options: {},
      approval: false,
      contentHash: 'same-bytes',
    };
    const ids = await Promise.all(
      Array.from({ length: 5 }, () => intake.imports.submit(intake.imports.newId(), sub)),
    );
    expect(new Set(ids.map((r) => r.id)).size).toBe(1);
    expect(ids.filter((r) => r.duplicateOf === 'same-files')).toHaveLength(4);
    expect(await intake.imports.list('acme', { limit: 10 })).toHaveLength(1);
  });
  it('one file with a repeated header: with partial commits the other files go on, and it is reported', async () => {
    const dup = csv(box.dir, 'dup.csv', [
      ['code', 'name', 'name'],
      ['D1', 'One', 'Uno'],
    ]);
    const ok = join(EXAMPLES, 'stores.csv');
    const r = await intake.imports.run({
      files: [ok, dup],
      entity: 'store',
      options: { commit: 'partial' },
    });
    expect(r.import.status).toBe('completed_with_issues');
    expect(r.counts).toMatchObject({ created: 3, rejected: 0 });
    expect(r.skipped).toEqual([
      expect.objectContaining({ name: 'dup.csv', code: 'INTAKE_E_HEADER' }),
    ]);
    expect(r.skipped[0]!.reason).toContain('the column "name" appears twice');
    // Atomic: nothing is written when a file cannot be read, and the import says why.
    await expect(
      intake.imports.run({ files: [ok, dup], entity: 'store', options: { commit: 'atomic' } }),
    ).rejects.toMatchObject({ code: 'INTAKE_E_HEADER' });
    const failed = (await intake.imports.list('default', { limit: 1 }))[0]!;
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'INTAKE_E_HEADER' });
  });

  it('a damaged workbook fails its import at once: a bad file is never retried', async () => {
    const path = join(box.dir, 'bad-ref.xlsx');
    await writeRawXlsx(path, [
      {
        name: 'S',
        xml: `<sheetData>${textRow(1, ['code', 'name'])}${textRow(2, ['&#x110000;', 'x'])}</sheetData>`,
      },
    ]);
    const id = intake.imports.newId();
    await intake.imports.submit(id, {
      workspace: 'acme',
      actor: 'ann',
      files: [path],
      options: {},
      approval: false,
    });
    await intake.startWorker().drain();
    const view = (await intake.imports.get('acme', id))!;
    expect(view).toMatchObject({ status: 'failed', errorCode: 'INTAKE_E_XLSX' });
    expect(view.events!.map((e) => e.note ?? '').join(' ')).not.toContain('attempt 2');
  });
  // The readers do not touch the database: once is enough.
  it.skipIf(backend.name === 'postgres')(
    'reader limits come from the configuration: a lower one refuses what the default takes',
    async () => {
      const tight = await box.open({
        limits: { ...DEFAULT_READER_LIMITS, recordChars: 4096, zipMembers: 2, cellXmlChars: 2048 },
      });
      const long = 'x'.repeat(5000);
      const files = {
        // The long value in a column no field takes: only the reader's limit can refuse it.
        csv: csv(box.dir, 'long.csv', [
          ['code', 'name', 'remark'],
          ['L1', 'Long', long],
        ]),
        zip: await writeZip(join(box.dir, 'three.zip'), {
          'a.csv': 'code,name\nA,a\n',
          'b.csv': 'code,name\nB,b\n',
          'c.csv': 'code,name\nC,c\n',
        }),
        xlsx: await writeRawXlsx(join(box.dir, 'long.xlsx'), [
          {
            name: 'S',
            // Longer than one piece of inflated XML, so the scanner waits for its end.
            xml: `<sheetData>${textRow(1, ['code', 'name', 'remark'])}${textRow(2, ['X1', 'Long', long.repeat(6)])}</sheetData>`,
          },
        ]),
      };
      const outcome = async (s: Intake, file: string) => {
        const id = await submitted(s, { files: [file], entity: 'store' });
        await s.startWorker().drain();
        return (await s.imports.get('acme', id))!;
      };
      try {
        expect(await outcome(tight, files.csv)).toMatchObject({
          status: 'failed',
          errorCode: 'INTAKE_E_CSV',
          error: expect.stringContaining('longer than 4096 characters'),
        });
        expect(await outcome(tight, files.zip)).toMatchObject({
          status: 'failed',
          errorCode: 'INTAKE_E_ZIP_LIMIT',
          error: expect.stringContaining('more than 2 members'),
        });
        expect(await outcome(tight, files.xlsx)).toMatchObject({
          status: 'failed',
          errorCode: 'INTAKE_E_XLSX_LIMIT',
          error: expect.stringContaining('more than 2048 characters of XML'),
        });
        // The same files under the defaults are read and imported.
        for (const file of Object.values(files)) {
          expect(await outcome(intake, file)).toMatchObject({ status: 'completed', error: null });
        }
      } finally {
        await tight.close();
      }
    },
  );
  // Only PostgreSQL has connections a server can drop (SQLite is a file in the process).
  it.skipIf(backend.name !== 'postgres')(
    'goes on when the server drops every connection (a restart): no crash, a log line, then work',
    async () => {
      const logs: string[] = [];
      intake.log = (m) => logs.push(m);
      await intake.imports.run({ files: [join(EXAMPLES, 'stores.csv')] });
      // What a restart does to the pool's idle connections, done by the server itself.
      const admin = new pg.Client({ connectionString: backend.databaseUrl });
      await admin.connect();
      // Only this test's connections: other processes on the server are none of its business.
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [`intake ${box.config.databaseSchema}`],
      );
      await admin.end();
      await expect
        .poll(() => logs.join('\n'), { timeout: 10_000 })
        .toContain('database connection lost');
      // Every dropped connection is noticed as its socket closes; then the pool is whole.
      await expect.poll(() => intake.ready(), { timeout: 10_000 }).toBe(true);
      const r = await intake.imports.run({ files: [join(EXAMPLES, 'customers.csv')] });
      expect(r.import.status).toBe('completed');
    },
  );
  it('two overlapping upserts planned before either commits both land, each row once', async () => {
    await intake.imports.run({ files: [join(EXAMPLES, 'stores.csv')], workspace: 'acme' });
    const file = (name: string, from: number, label: string, extra: string[][] = []) => {
      const rows = [['external_id', 'first_name', 'email']];
      for (let i = from; i < from + 2000; i++) rows.push([`K${i}`, label, `k${i}@example.com`]);
      return csv(box.dir, name, [...rows, ...extra]);
    };
    // 1,000 keys in common; and the second file gives an e-mail the first one takes.
    const a = file('a.csv', 0, 'A');
    const b = file('b.csv', 1000, 'B', [['Z1', 'B', 'k5@example.com']]);
    const submit = async (path: string) => {
      const id = intake.imports.newId();
      await intake.imports.submit(id, {
        workspace: 'acme',
        actor: 'ann',
        files: [path],
        entity: 'loyalty.customer',
        options: { commit: 'partial', mode: 'upsert' },
        approval: true,
      });
      return id;
    };
    const [ia, ib] = [await submit(a), await submit(b)];
    const worker = intake.startWorker();
    await worker.drain();
    // Both planned before either commits: every row of B is a create in its plan.
    expect((await intake.imports.get('acme', ib))!.counts).toMatchObject({ created: 2001 });
    await intake.imports.approve('acme', ia, 'bob');
    await intake.imports.approve('acme', ib, 'bob');
    await worker.drain();
    const va = (await intake.imports.get('acme', ia))!;
    const vb = (await intake.imports.get('acme', ib))!;
    expect(va.counts).toMatchObject({ created: 2000, rejected: 0 });
    // B's commit found A's records: the shared keys became updates, and only the row
    // whose e-mail A took is refused.
    expect(vb.counts).toMatchObject({ created: 1000, updated: 1000, rejected: 1 });
    const refused = (await intake.imports.rows('acme', ib, { outcome: 'rejected', limit: 10 }))
      .rows;
    expect(refused.map((r) => [r.values.external_id, r.code])).toEqual([
      ['Z1', 'INTAKE_E_IDENTIFIER_CONFLICT'],
    ]);
    const customers = await byKey(intake, 'loyalty.customer', 'external_id', 'acme');
    expect(Object.keys(customers)).toHaveLength(3000);
    expect(customers.K1500!.first_name).toBe('B');
    expect(customers.K500!.first_name).toBe('A');
  });
  it('an approved update writes what its plan said changes, not the fields another import changed since', async () => {
    await intake.imports.run({ files: [join(EXAMPLES, 'stores.csv')], workspace: 'acme' });
    const file = (name: string, label: string, emails: string[]) =>
      csv(box.dir, name, [
        ['external_id', 'first_name', 'email'],
        ...emails.map((e, i) => [`K${i}`, label, e]),
      ]);
    const first = ['k0@example.com', 'k1@example.com', 'k2@example.com'];
    await intake.imports.run({
      files: [file('a.csv', 'A', first)],
      entity: 'loyalty.customer',
      workspace: 'acme',
    });
    // Planned: the first names change, the e-mails are the stored ones.
    const id = intake.imports.newId();
    await intake.imports.submit(id, {
      workspace: 'acme',
      actor: 'ann',
      files: [file('b.csv', 'B', first)],
      entity: 'loyalty.customer',
      options: {},
      approval: true,
    });
    const worker = intake.startWorker();
    await worker.drain();
    expect((await intake.imports.get('acme', id))!.counts).toMatchObject({ updated: 3 });
    // Before the approval, another import gives K1 a new e-mail.
    const moved = await intake.imports.run({
      files: [file('c.csv', 'A', ['k0@example.com', 'new1@example.com'])],
      entity: 'loyalty.customer',
      workspace: 'acme',
    });
    expect(moved.counts).toMatchObject({ updated: 1, unchanged: 1 });
    await intake.imports.approve('acme', id, 'bob');
    await worker.drain();
    expect((await intake.imports.get('acme', id))!.counts).toMatchObject({ updated: 3 });
    const customers = await byKey(intake, 'loyalty.customer', 'external_id', 'acme');
    expect(customers.K1).toMatchObject({ first_name: 'B', email: 'new1@example.com' });
    expect(customers.K2).toMatchObject({ first_name: 'B', email: 'k2@example.com' });
    const rows = (await intake.imports.rows('acme', id, { limit: 10 })).rows;
    expect(rows.map((r) => r.changed)).toEqual(['first_name', 'first_name', 'first_name']);
  });
  it('staging emptied before the commit (as crash recovery empties unlogged tables): validated again, then written', async () => {
    const id = intake.imports.newId();
    await intake.imports.submit(id, {
      workspace: 'acme',
      actor: 'ann',
      files: [join(EXAMPLES, 'stores.csv')],
      options: {},
      approval: true,
    });
    const worker = intake.startWorker();
    await worker.drain();
    expect((await intake.imports.get('acme', id))!.status).toBe('awaiting_approval');
    // What PostgreSQL does to an unlogged table in crash recovery, done by hand.
    await intake.store.db.deleteFrom('intake_stage_loyalty_store').execute();
    await intake.imports.approve('acme', id, 'bob');
    await worker.drain();
    const view = (await intake.imports.get('acme', id))!;
    expect(view.status).toBe('completed');
    expect(view.counts).toMatchObject({ rows: 3, created: 3, rejected: 0 });
    expect(view.events!.map((e) => `${e.from ?? ''}>${e.to}`)).toEqual([
      '>validating',
      'validating>awaiting_approval',
      'awaiting_approval>queued',
      'queued>running',
      'running>validating',
      'validating>queued',
      'queued>running',
      'running>completed',
    ]);
    expect(view.events!.find((e) => e.to === 'validating' && e.from === 'running')!.note).toContain(
      'not all there (0 of 3)',
    );
    expect(Object.keys(await byKey(intake, 'loyalty.store', 'code', 'acme'))).toHaveLength(3);
  });
});
