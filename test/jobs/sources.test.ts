import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { EXAMPLES, readCsvObjects } from '../helpers/files.js';
import { byKey } from '../helpers/records.js';
import { writeZip } from '../helpers/xlsx.js';

/** Every source flows through the same pipeline, with the same reports (SPEC F5). */
describe.each(BACKENDS)('JSON, NDJSON and inline sources on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
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

  it('imports a JSON array of customers, typed, with custom fields', async () => {
    const path = join(box.dir, 'c.json');
    writeFileSync(
      path,
      JSON.stringify([
        {
          external_id: 'J1',
          first_name: 'Jo',
          email: 'JO@example.com',
          mobile: '0612345001',
          join_store: 'PARIS01',
          loyalty_points: 12,
          newsletter: true,
          extra: { a: 1 },
        },
        { external_id: 'J2', first_name: 'Al', email: 'not-an-email', join_store: 'PARIS01' },
      ]),
    );
    const r = await intake.imports.run({ files: [path], options: { country: 'FR' } });
    expect(r.files[0]).toMatchObject({ entity: 'loyalty.customer', delimiter: 'json' });
    expect(r.counts).toMatchObject({ created: 1, rejected: 1 });
    expect((await byKey(intake, 'loyalty.customer', 'external_id')).J1).toMatchObject({
      email: 'jo@example.com',
      mobile: '+33612345001',
      loyalty_points: 12,
      newsletter: true,
      custom: { extra: '{"a":1}' },
    });
    const rejected = readCsvObjects(r.reports.rejections);
    expect(rejected).toEqual([
      expect.objectContaining({ external_id: 'J2', _line: '2', _code: 'INTAKE_E_EMAIL' }),
    ]);
  });

  it('imports an Excel sheet: serial dates, text phone numbers, hidden rows skipped on request', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('notes').addRow(['not customers']);
    const ws = book.addWorksheet('members');
    ws.addRow([
      'External Id',
      'First Name',
      'E-mail',
      'Mobile No.',
      'Date of Joining',
      'Till IUN',
      'VIP',
    ]);
    ws.addRow([
      'X1',
      'Ana',
      'ana@example.com',
      '0612345101',
      new Date(Date.UTC(2023, 4, 17)),
      'PARIS01',
      'X',
    ]);
    ws.addRow([
      'X2',
      'Ben',
      'ben@example.com',
      '0612345102',
      new Date(Date.UTC(2023, 4, 18)),
      'PARIS01',
      '',
    ]);
    ws.getRow(3).hidden = true;
    ws.getColumn(5).numFmt = 'dd/mm/yyyy';
    const path = join(box.dir, 'members.xlsx');
    await book.xlsx.writeFile(path);
    const r = await intake.imports.run({
      files: [path],
      entity: 'customer',
      options: { country: 'FR', sheet: 'members', hiddenRows: 'skip' },
    });
    expect(r.files[0]).toMatchObject({ name: 'members.xlsx', rows: 1, encoding: 'xlsx' });
    expect(r.files[0]!.warnings).toContain('1 hidden rows were skipped: rows 3');
    expect(r.counts).toMatchObject({ created: 1, rejected: 0 });
    expect((await byKey(intake, 'loyalty.customer', 'external_id')).X1).toMatchObject({
      join_date: '2023-05-17',
      mobile: '+33612345101',
      custom: { VIP: 'X' },
    });
    expect(readCsvObjects(r.reports.rejections)).toEqual([]);
  });

  it('imports a ZIP: each member by its detected type, stores before customers, unknown members reported', async () => {
    const path = await writeZip(join(box.dir, 'partner.zip'), {
      'export/': '',
      'export/Customers.csv':
        'External Id;First Name;Email;Till IUN\nZ1;Zoé;zoe@example.com;LYON02\nZ2;Yan;yan@example.com;PARIS01\n',
      'export/stores.csv': 'code,name\nLYON02,Lyon 2\n',
      'export/products.csv': 'sku,price\nA1,3\n',
      'export/more-customers.json': JSON.stringify([
        { external_id: 'Z3', first_name: 'Xu', email: 'xu@example.com', join_store: 'LYON02' },
      ]),
      '__MACOSX/export/._stores.csv': 'junk',
    });
    const r = await intake.imports.run({ files: [path], options: { commit: 'atomic' } });
    expect(r.files.map((f) => [f.name, f.entity, f.rows])).toEqual([
      ['export/Customers.csv', 'loyalty.customer', 2],
      ['export/stores.csv', 'loyalty.store', 1],
      ['export/more-customers.json', 'loyalty.customer', 1],
    ]);
    expect(r.skipped).toEqual([
      expect.objectContaining({
        name: 'export/products.csv',
        code: 'INTAKE_W_MEMBER_SKIPPED',
        reason: expect.stringMatching(/^UNKNOWN/),
      }),
    ]);
    expect(r.counts).toMatchObject({ created: 4, rejected: 0 });
    const stored = await byKey(intake, 'loyalty.customer', 'external_id');
    expect(stored.Z1).toMatchObject({ join_store: 'LYON02', first_name: 'Zoé' });
    expect(stored.Z3).toMatchObject({ join_store: 'LYON02', email: 'xu@example.com' });

    const onlyStores = await intake.imports.run({
      files: [path],
      options: { exclude: ['Customers.csv', 'export/more-customers.json'] },
    });
    expect(onlyStores.files.map((f) => f.entity)).toEqual(['loyalty.store']);
    expect(onlyStores.skipped.map((s) => s.reason)).toContain('left out by --exclude');
  });

  it('imports a workbook sheet by sheet: each by its name and type, titles skipped, one left out alone', async () => {
    const book = new ExcelJS.Workbook();
    const customers = book.addWorksheet('Customers');
    customers.addRow(['Loyalty members, March']);
    customers.mergeCells('A1:D1');
    customers.addRow([]);
    customers.addRow(['External Id', 'First Name', 'Email', 'Till IUN']);
    customers.addRow(['W1', 'Wu', 'wu@example.com', 'MENTON1']);
    customers.addRow(['W2', 'Vi', 'vi@example.com', 'PARIS01']);
    book.addWorksheet('Stores').addRows([
      ['code', 'name'],
      ['MENTON1', 'Menton 1'],
    ]);
    book.addWorksheet('Read me').addRows([['Sent by the partner'], ['Call us with questions']]);
    const path = join(box.dir, 'partner.xlsx');
    await book.xlsx.writeFile(path);

    const r = await intake.imports.run({ files: [path], options: { commit: 'atomic' } });
    // Stores are written first (customers refer to them), whatever the sheets' order.
    expect(r.files.map((f) => [f.name, f.entity, f.rows])).toEqual([
      ['partner.xlsx › Customers', 'loyalty.customer', 2],
      ['partner.xlsx › Stores', 'loyalty.store', 1],
    ]);
    expect(r.files[0]!.warnings).toContain(
      'the header is row 3: row 1 above it is a title, not data',
    );
    expect(r.skipped).toEqual([
      expect.objectContaining({
        name: 'partner.xlsx › Read me',
        code: 'INTAKE_W_MEMBER_SKIPPED',
        reason: expect.stringMatching(/^UNKNOWN/),
      }),
    ]);
    expect(r.counts).toMatchObject({ created: 3, rejected: 0 });
    expect((await byKey(intake, 'loyalty.customer', 'external_id')).W1).toMatchObject({
      join_store: 'MENTON1',
    });

    // Leaving one sheet out leaves the others in.
    const noStores = await intake.imports.run({
      files: [path],
      options: { exclude: ['partner.xlsx › Stores'] },
    });
    expect(noStores.files.map((f) => f.name)).toEqual(['partner.xlsx › Customers']);
    expect(noStores.skipped).toContainEqual(
      expect.objectContaining({ name: 'partner.xlsx › Stores', reason: 'left out by --exclude' }),
    );
    expect(noStores.counts).toMatchObject({ unchanged: 2, rejected: 0 });
  });

  it('imports NDJSON and reports a broken line without losing the others', async () => {
    const path = join(box.dir, 'c.ndjson');
    writeFileSync(
      path,
      '{"external_id":"C-1001","loyalty_points":500}\n{"external_id":"C-1002",\n{"external_id":"C-1003","slab":"platinum"}\n',
    );
    const r = await intake.imports.run({ files: [path], entity: 'customer' });
    expect(r.counts).toMatchObject({ updated: 2, rejected: 1 });
    expect(readCsvObjects(r.reports.rejections)[0]).toMatchObject({
      _line: '2',
      _code: 'INTAKE_E_JSON',
    });
    const stored = await byKey(intake, 'loyalty.customer', 'external_id');
    expect(stored['C-1001']!.loyalty_points).toBe(500);
    expect(stored['C-1003']!.slab).toBe('Platinum');
  });

  it('imports inline records: marketing opts a customer out by e-mail', async () => {
    const r = await intake.imports.run({
      inline:
        'email=alice.martin@example.com||newsletter=false\nemail=nobody@example.com||newsletter=false',
      entity: 'customer',
      options: { mode: 'update', match: 'email' },
    });
    expect(r.counts).toMatchObject({ updated: 1, rejected: 1 });
    expect(readCsvObjects(r.reports.rejections)[0]).toMatchObject({
      email: 'nobody@example.com',
      _code: 'INTAKE_E_RECORD_NOT_FOUND',
    });
    expect((await byKey(intake, 'loyalty.customer', 'external_id'))['C-1001']!.newsletter).toBe(
      false,
    );
  });
});
