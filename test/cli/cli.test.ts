import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { EXAMPLES, ROOT, readCsvObjects } from '../helpers/files.js';
import { NO_COUNTS } from '../../src/core/outcomes.js';

/**
 * The CLI contract, driven as a user drives it: a child process, flags, stdout,
 * exit codes. Uses the compiled bin (npm test builds it first).
 */
const BIN = join(ROOT, 'bin', 'intake.js');

describe.each(BACKENDS)('intake CLI on $name', (backend) => {
  let box: Sandbox;
  const env = () => ({
    PATH: process.env.PATH,
    INTAKE_DATA_DIR: box.config.dataDir,
    ...(backend.databaseUrl
      ? { DATABASE_URL: backend.databaseUrl, INTAKE_DATABASE_SCHEMA: box.config.databaseSchema }
      : {}),
  });
  const intake = (args: string[], cwd?: string, input?: string) => {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      cwd: cwd ?? box.dir,
      encoding: 'utf8',
      input,
      env: env(),
    });
    return { code: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout) };
  };

  beforeAll(() => {
    expect(existsSync(join(ROOT, 'dist', 'cli', 'main.js')), 'run npm run build first').toBe(true);
    box = sandbox(backend);
  });
  afterAll(() => box.cleanup());

  it('imports with --json: one object, the contract fields, exit 0 when clean', () => {
    const r = intake(['import', join(EXAMPLES, 'stores.csv'), '--json']);
    expect(r.code).toBe(0);
    const j = r.json();
    expect(j.import).toEqual({ id: expect.stringMatching(/^imp-/), status: 'completed' });
    expect(j.files).toEqual([
      expect.objectContaining({
        name: 'stores.csv',
        entity: 'loyalty.store',
        rows: 3,
        encoding: 'utf-8',
        delimiter: ',',
      }),
    ]);
    expect(j.counts).toEqual({
      ...NO_COUNTS,
      rows: 3,
      created: 3,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      rejected: 0,
    });
    expect(Object.keys(j.reports)).toEqual(
      expect.arrayContaining(['summary', 'rejections', 'corrections']),
    );
    expect(existsSync(j.reports.summary)).toBe(true);
    // Every phase is timed, the reports too (they were always 0 before): summary.json
    // has their time up to its own writing, the output the whole of it.
    expect(Object.keys(j.timings).sort()).toEqual(['commit', 'plan', 'report', 'scan', 'stage']);
    expect(j.timings.report).toBeGreaterThan(0);
    const written = JSON.parse(readFileSync(j.reports.summary, 'utf8'));
    expect(written.timings.report).toBeGreaterThan(0);
    expect(written.timings.report).toBeLessThanOrEqual(j.timings.report);
    expect(intake(['import', join(EXAMPLES, 'customers.csv'), '--json']).code).toBe(0);
  });

  it('the messy example: exit 3 with issues, the rejection file holds every refused row', () => {
    const r = intake([
      'import',
      join(EXAMPLES, 'customers-messy.csv'),
      '--entity',
      'customer',
      '--country',
      'FR',
      '--json',
    ]);
    expect(r.code).toBe(3);
    const j = r.json();
    expect(j.import.status).toBe('completed_with_issues');
    expect(j.files[0]).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    expect(readCsvObjects(j.reports.rejections)).toHaveLength(j.counts.rejected);
    expect(j.counts.created).toBe(5);
  });

  it('a dry run with issues exits 3 and writes nothing', () => {
    const r = intake([
      'import',
      join(EXAMPLES, 'customers-messy.csv'),
      '--country',
      'FR',
      '--dry-run',
      '--json',
    ]);
    expect(r.code).toBe(3);
    expect(r.json().import.status).toBe('dry_run');
    expect(r.json().counts).toMatchObject({ created: 0, unchanged: 6, rejected: 7 });
  });

  it('atomic with refused rows exits 1, status failed', () => {
    const r = intake([
      'import',
      join(EXAMPLES, 'customers-messy.csv'),
      '--country',
      'FR',
      '--commit',
      'atomic',
      '--json',
    ]);
    expect(r.code).toBe(1);
    expect(r.json().import.status).toBe('failed');
  });

  it('usage and configuration mistakes exit 2 with one line, never a stack', () => {
    for (const args of [
      ['import', join(EXAMPLES, 'stores.csv'), '--entity', 'nothing'],
      ['import', join(box.dir, 'missing.csv')],
      ['import', join(EXAMPLES, 'stores.csv'), '--mode', 'sideways'],
      ['import', join(EXAMPLES, 'stores.csv'), '--match', 'name'],
      ['import', join(EXAMPLES, 'stores.csv'), '--pack', join(box.dir, 'nope.yaml')],
      ['export', 'loyalty.customer', '--format', 'xml'],
    ]) {
      const r = intake(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
    const j = intake(['import', join(EXAMPLES, 'stores.csv'), '--entity', 'nothing', '--json']);
    expect(j.json().error).toMatchObject({ code: 'INTAKE_E_ENTITY_UNKNOWN' });
  });

  it('prints a readable summary without --json', () => {
    const r = intake([
      'import',
      join(EXAMPLES, 'customers-messy.csv'),
      '--country',
      'FR',
      '--dry-run',
    ]);
    expect(r.out).toMatch(/rows 13: created 0, updated 0, unchanged 6, skipped 0, rejected 7/);
    expect(r.out).toMatch(/kept as custom fields: Favourite Colour/);
    expect(r.out).toMatch(/rejected rows: .*rejections\.csv \(7\)/);
  });

  it('exports records as JSON keyed by field, custom fields under custom', () => {
    const r = intake(['export', 'loyalty.customer', '--format', 'json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out) as Record<string, unknown>[];
    expect(list).toHaveLength(10);
    expect(list.find((c) => c.external_id === 'C-2001')).toMatchObject({
      mobile: '+33612345678',
      loyalty_points: 1250,
      newsletter: true,
      custom: { 'Favourite Colour': 'bleu' },
    });
  });

  it('exports NDJSON and CSV too', () => {
    const nd = intake(['export', 'loyalty.store', '--format', 'ndjson']).out.trim().split('\n');
    expect(nd.map((l) => JSON.parse(l).code)).toEqual(['PARIS01', 'LYON01', 'NICE01']);
    const lines = intake(['export', 'loyalty.customer', '--format', 'csv'])
      .out.trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'user_id,external_id,email,mobile,first_name,last_name,registration_date,join_date,join_store,loyalty_points,lifetime_points,lifetime_purchases,slab,status,fraud_status,newsletter,custom',
    );
    expect(lines).toHaveLength(11);
    expect(lines.join('\n')).toContain(",'+33612345678,"); // neutralised for spreadsheets
  });

  it('reads inline records from stdin; a Suspended customer changes only with --allow-protected', () => {
    const args = ['import', '--inline', '-', '--entity', 'customer', '--json'];
    const stdin = 'external_id=C-1001||loyalty_points=42\nexternal_id=C-1004||loyalty_points=42\n';
    const r = intake(args, undefined, stdin);
    expect(r.code).toBe(3); // completed with issues
    expect(r.json().counts).toMatchObject({ rows: 2, updated: 1, rejected: 1 });
    const allowed = intake([...args, '--allow-protected'], undefined, stdin);
    expect(allowed.code).toBe(0);
    expect(allowed.json().counts).toMatchObject({ rows: 2, updated: 1, unchanged: 1 });
  });

  it('--operation erase waits for --confirm-erase N, the number its dry run shows', () => {
    const args = ['import', '--inline', 'external_id=C-1005', '--entity', 'customer'];
    const dry = intake([...args, '--operation', 'erase', '--dry-run', '--json']);
    expect(dry.json().counts).toMatchObject({ rows: 1, erased: 1 });
    const held = intake([...args, '--operation', 'erase']);
    expect(held.code).toBe(1);
    expect(held.out).toMatch(/cancelled/);
    expect(held.out).toContain('--confirm-erase 1');
    const done = intake([...args, '--operation', 'erase', '--confirm-erase', '1', '--json']);
    expect(done.code).toBe(0);
    expect(done.json().counts).toMatchObject({ rows: 1, erased: 1 });
    const gone = JSON.parse(intake(['export', 'loyalty.customer', '--format', 'json']).out);
    expect(gone.map((c: { external_id: string }) => c.external_id)).not.toContain('C-1005');
  });

  it('imports a 100,000-row workbook in bounded memory', async () => {
    const path = join(box.dir, 'big.xlsx');
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
    const ws = book.addWorksheet('customers');
    ws.addRow(['external_id', 'first_name', 'email', 'join_date']).commit();
    for (let i = 0; i < 100_000; i++)
      ws.addRow([
        `B${i}`,
        'Bea',
        `bea${i}@example.com`,
        new Date(Date.UTC(2022, 0, 1 + (i % 365))),
      ]).commit();
    ws.commit();
    await book.commit();
    const timed = spawnSync(
      '/usr/bin/time',
      ['-f', '%M', process.execPath, BIN, 'import', path, '--entity', 'customer', '--json'],
      {
        encoding: 'utf8',
        env: env(),
      },
    );
    const rssMb = Math.round(Number(timed.stderr.trim().split('\n').pop()) / 1024);
    console.log(`100,000-row XLSX import on ${backend.name}: peak RSS ${rssMb} MB`);
    expect(timed.status).toBe(0);
    expect(JSON.parse(timed.stdout).counts).toMatchObject({
      rows: 100_000,
      created: 100_000,
      rejected: 0,
    });
    // Far below what holding the sheet in memory would take; the bench tracks the target.
    expect(rssMb).toBeLessThan(512);
  });

  it('inspects files: members and sheets with their entity type or UNKNOWN', () => {
    const r = intake([
      'inspect',
      join(EXAMPLES, 'customers-messy.csv'),
      join(ROOT, 'test', 'fixtures', 'corpus', 'messytables', 'simple.zip'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const [messy, zip] = r.json();
    expect(messy.sheets[0]).toMatchObject({
      entity: 'loyalty.customer',
      rows: 13,
      encoding: 'windows-1252',
      delimiter: ';',
    });
    expect(zip.sheets[0]).toMatchObject({ name: 'simple.csv', entity: 'UNKNOWN', rows: 6 });
    expect(intake(['inspect', join(EXAMPLES, 'stores.csv')]).out).toMatch(
      /stores\.csv: loyalty\.store, 3 rows, utf-8, delimiter ","/,
    );
  });

  it('writes blank templates that import back', () => {
    const csvPath = join(box.dir, 'store-template.csv');
    expect(intake(['template', 'store', '-o', csvPath]).code).toBe(0);
    const back = intake(['import', csvPath, '--dry-run', '--json']).json();
    expect(back.files[0]).toMatchObject({ entity: 'loyalty.store', rows: 1 });
    expect(back.files[0].mapping.filter((m: { field: string | null }) => m.field).length).toBe(3);
    const xlsxPath = join(box.dir, 'customer-template.xlsx');
    expect(intake(['template', 'loyalty.customer', '--format', 'xlsx', '-o', xlsxPath]).code).toBe(
      0,
    );
    const sheets = intake(['inspect', xlsxPath, '--json']).json()[0].sheets;
    expect(sheets.map((s: { sheet: string }) => s.sheet)).toEqual(['customer', 'Columns']);
    expect(sheets[0]).toMatchObject({ entity: 'loyalty.customer', rows: 1 });
    expect(sheets[1].header).toEqual([
      'Column',
      'Field',
      'Type',
      'Required',
      'Allowed values',
      'Format',
      'Description',
    ]);
    expect(sheets[1].rows).toBe(16);
  });

  it('adds a user with the password on stdin, never on the command line', async () => {
    const r = intake(
      ['user', 'add', '--name', 'ops-ann', '--role', 'admin'],
      undefined,
      'a long passphrase\n',
    );
    expect(r.code).toBe(0);
    expect(r.err).toContain('user "ops-ann" (admin) for workspace default');
    const weak = intake(
      ['user', 'add', '--name', 'ops-bo', '--role', 'viewer'],
      undefined,
      'short\n',
    );
    expect(weak.code).toBe(2);
    expect(weak.err).toMatch(/^intake: .*a password needs at least 10 characters/m);
    expect(weak.err).not.toMatch(/\n\s+at /); // no stack
    // The password signs in (the trailing newline of the pipe is not part of it).
    const service = await box.open();
    try {
      const s = await service.access.signIn({ name: 'ops-ann', password: 'a long passphrase' });
      expect(s.me).toMatchObject({ name: 'ops-ann', role: 'admin', workspace: 'default' });
    } finally {
      await service.close();
    }
  });

  it('lists entity types, also as JSON', () => {
    const r = intake(['entities']);
    expect(r.out).toMatch(/loyalty\.customer/);
    expect(r.out).toMatch(/join_store\s+reference .*-> loyalty\.store\.code/);
    const j = intake(['entities', '--json']).json() as { qualified: string }[];
    expect(j.map((e) => e.qualified)).toEqual(
      expect.arrayContaining(['loyalty.customer', 'loyalty.store']),
    );
  });

  it('loads a user pack with --pack, and reports pack mistakes with the key path', () => {
    const dir = join(box.dir, 'packs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'shop.yaml'),
      'pack: shop\nentities:\n  product:\n    identifiers: [sku]\n    fields:\n      sku: {type: string, required: true}\n      price: {type: decimal}\n',
    );
    writeFileSync(join(box.dir, 'products.csv'), 'SKU;Price;Colour\nA-1;12,50;red\nA-2;3;blue\n');
    const r = intake(['import', 'products.csv', '--pack', join(dir, 'shop.yaml'), '--json']);
    expect(r.code).toBe(0);
    expect(r.json().files[0].entity).toBe('shop.product');
    const exported = JSON.parse(
      intake(['export', 'product', '--pack', dir, '--format', 'json']).out,
    );
    expect(exported).toEqual([
      { sku: 'A-1', price: 12.5, custom: { Colour: 'red' } },
      { sku: 'A-2', price: 3, custom: { Colour: 'blue' } },
    ]);
    writeFileSync(
      join(dir, 'bad.yaml'),
      'pack: bad\nentities:\n  x:\n    identifiers: [k]\n    fields:\n      k: {type: strin}\n',
    );
    const bad = intake(['entities', '--pack', join(dir, 'bad.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/bad\.yaml: entities\.x\.fields\.k\.type/);
  });

  it('reads defaults from a config file, and flags win over it', () => {
    const cwd = join(box.dir, 'cfg');
    mkdirSync(cwd, { recursive: true });
    writeFileSync(join(cwd, 'intake.config.yaml'), `reportDir: ./my-reports\nworkspace: acme\n`);
    const r = intake(['import', join(EXAMPLES, 'stores.csv'), '--json'], cwd);
    expect(r.json().reports.dir).toContain(join(cwd, 'my-reports'));
    expect(r.json().counts.created).toBe(3); // a new workspace: the stores are new there
    const again = intake(
      ['import', join(EXAMPLES, 'stores.csv'), '--workspace', 'default', '--json'],
      cwd,
    );
    expect(again.json().counts.unchanged).toBe(3);
  });
  it('export | head stops quietly when the reader has what it wanted', () => {
    const lines = ['code,name'];
    for (let i = 0; i < 20_000; i++) lines.push(`PIPE${i},Store number ${i} of a long list`);
    const file = join(box.dir, 'many-stores.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    expect(intake(['import', file, '--entity', 'loyalty.store']).code).toBe(0);
    // The export is far larger than a pipe's buffer: head closes it after one line.
    const r = spawnSync(
      'bash',
      [
        '--norc',
        '--noprofile',
        '-o',
        'pipefail',
        '-c',
        `"${process.execPath}" "${BIN}" export loyalty.store | head -1`,
      ],
      { cwd: box.dir, encoding: 'utf8', env: env() },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('code,external_id,name,custom');
  });

  it('undo: a dry run says what it would do, then the import is taken back', () => {
    const file = join(box.dir, 'undo-stores.csv');
    writeFileSync(file, 'code,name\nUNDO1,One\nUNDO2,Two\n');
    const id = intake(['import', file, '--entity', 'loyalty.store', '--json']).json().import.id;
    const dry = intake(['undo', id, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(`Undo of ${id} (dry run): would delete 2, restore 0, refuse 0`);
    const done = intake(['undo', id, '--json']);
    expect(done.code).toBe(0);
    expect(done.json()).toMatchObject({
      import: { id, status: 'undone' },
      undo: { deleted: 2, restored: 0, refused: 0 },
    });
    const left = intake(['export', 'loyalty.store', '--format', 'ndjson']).out;
    expect(left).not.toContain('UNDO1');
    // Once undone, undo again has nothing to do; a dry run is not an import that wrote.
    const again = intake(['undo', 'imp-20990101-000000-000000']);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^intake: INTAKE_E_NOT_FOUND: /);
  });
  it('a report folder that cannot be written changes nothing of what the import says it wrote', () => {
    const blocker = join(box.dir, 'not-a-folder');
    writeFileSync(blocker, 'a file where the report folder should be\n');
    const file = join(box.dir, 'report-fail.csv');
    writeFileSync(file, 'code,name\nRF1,One\nRF2,Two\n');
    const r = intake([
      'import',
      file,
      '--entity',
      'loyalty.store',
      '--report-dir',
      join(blocker, 'reports'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const j = r.json();
    expect(j.import.status).toBe('completed');
    expect(j.counts).toMatchObject({ created: 2 });
    expect(j.reportError).toContain('the reports could not be written');
    // The reports can be written again from the database, and say the same.
    const again = intake(['report', j.import.id, '--report-dir', join(box.dir, 'reports-again')]);
    expect(again.code).toBe(0);
    const summary = JSON.parse(
      readFileSync(join(box.dir, 'reports-again', 'summary.json'), 'utf8'),
    ) as { counts: { created: number } };
    expect(summary.counts.created).toBe(2);
  });
  // SQLite's file is per data folder and knows no lock across processes; PostgreSQL's
  // migrations take Kysely's lock (the same test there would prove nothing new).
  it.skipIf(backend.name !== 'sqlite')(
    'processes starting together on a new database migrate it once, all of them fine',
    async () => {
      for (let round = 0; round < 3; round++) {
        const dataDir = join(box.dir, `fresh-${round}`);
        const runs = Array.from(
          { length: 3 },
          () =>
            new Promise<string>((resolve) => {
              const child = spawn(process.execPath, [BIN, 'entities', '--json'], {
                env: { PATH: process.env.PATH, INTAKE_DATA_DIR: dataDir },
                stdio: ['ignore', 'ignore', 'pipe'],
              });
              let err = '';
              child.stderr.on('data', (c: Buffer) => (err += c.toString()));
              // The exit code, and what a failed one said.
              child.on('close', (code) => resolve(code === 0 ? '0' : `${code}: ${err}`));
            }),
        );
        expect(await Promise.all(runs)).toEqual(['0', '0', '0']);
      }
    },
  );
});
