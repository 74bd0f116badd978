import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { FIXTURES, csv } from '../helpers/files.js';
import { records } from '../helpers/records.js';

/** Entity tables follow their pack declaration: created, then migrated (SPEC E1, E6). */
describe.each(BACKENDS)('entity tables on $name', (backend) => {
  let box: Sandbox;
  let packDir: string;
  const pack = (fields: string) =>
    writeFileSync(
      join(packDir, 'shop.yaml'),
      `pack: shop\nentities:\n  product:\n    identifiers: [sku]\n    fields:\n      sku: {type: string, required: true}\n${fields}`,
    );

  beforeEach(() => {
    box = sandbox(backend);
    packDir = join(box.dir, 'packs');
    mkdirSync(packDir);
  });
  afterEach(() => box.cleanup());

  it('creates a typed table a person can query, with custom fields as JSON', async () => {
    pack(
      '      price: {type: decimal}\n      launched: {type: date}\n      active: {type: boolean}\n',
    );
    const intake = await box.open({ packs: [packDir] });
    const file = csv(box.dir, 'p.csv', [
      ['sku', 'price', 'launched', 'active', 'colour'],
      ['A1', '12,50', '2024-01-31', 'X', 'red'],
    ]);
    await intake.imports.run({ files: [file], entity: 'product' });
    const rows = await sql<
      Record<string, unknown>
    >`SELECT sku, price, launched, active, custom FROM shop_product`.execute(intake.store.db);
    const row = rows.rows[0]!;
    expect(row.sku).toBe('A1');
    expect(String(row.launched)).toBe('2024-01-31');
    expect(Number(row.price)).toBe(12.5);
    expect(row.active === true || row.active === 1).toBe(true);
    const custom = typeof row.custom === 'string' ? JSON.parse(row.custom) : row.custom;
    expect(custom).toEqual({ colour: 'red' });
    await intake.close();
  });

  it('imports the csvkit 1904-system workbook as typed values', async () => {
    writeFileSync(
      join(packDir, 'csvkit.yaml'),
      'pack: csvkit\nentities:\n  paper:\n    identifiers: [text]\n    fields:\n      text: {type: string}\n      date: {type: date}\n      integer: {type: integer}\n      boolean: {type: boolean}\n      float: {type: decimal}\n      datetime: {type: datetime}\n',
    );
    pack('      price: {type: decimal}\n');
    const intake = await box.open({ packs: [packDir] });
    const r = await intake.imports.run({
      files: [join(FIXTURES, 'corpus', 'csvkit', 'test.xlsx')],
      entity: 'paper',
      options: { commit: 'partial' },
    });
    // Row 3 has a value beyond the last header: refused rather than silently cut.
    expect(r.counts).toMatchObject({ rows: 5, created: 4, rejected: 1 });
    expect(r.issues).toEqual({ INTAKE_E_ROW_SHAPE: 1 });
    const byText = Object.fromEntries((await records(intake, 'paper')).map((x) => [x.text, x]));
    expect(byText['Chicago Reader']).toMatchObject({
      date: '1971-01-01',
      integer: 40,
      boolean: true,
      float: 1,
      datetime: '1971-01-01T04:14:00.000Z',
    });
    expect(byText['Chicago Tribune']).toMatchObject({
      date: '1920-01-01',
      boolean: false,
      float: 41800000.01,
    });
    await intake.close();
  });

  it('two processes making the same tables at once: both succeed, each table made once', async () => {
    pack('      price: {type: decimal}\n');
    // Two services on one database, as the API and a worker are (the home page counts
    // records while a validation makes its tables): "relation already exists" before.
    const one = await box.open({ packs: [packDir] });
    const two = await box.open({ packs: [packDir] });
    try {
      const counts = await Promise.all([
        one.records.counts('acme'),
        two.records.counts('acme'),
        one.records.counts('acme'),
        two.records.counts('acme'),
      ]);
      for (const c of counts) expect(c['shop.product']).toBe(0);
      const made = await one.store.db
        .selectFrom('intake_entity_table')
        .select('table_name')
        .where('table_name', '=', 'shop_product')
        .execute();
      expect(made).toHaveLength(1);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('adds columns and unique indexes for new fields, keeping the data', async () => {
    pack('      price: {type: decimal}\n');
    let intake = await box.open({ packs: [packDir] });
    await intake.imports.run({
      files: [
        csv(box.dir, 'a.csv', [
          ['sku', 'price'],
          ['A1', '1'],
        ]),
      ],
      entity: 'product',
    });
    await intake.close();

    pack('      price: {type: decimal}\n      ean: {type: string, unique: true}\n');
    intake = await box.open({ packs: [packDir] });
    const r = await intake.imports.run({
      files: [
        csv(box.dir, 'b.csv', [
          ['sku', 'ean'],
          ['A1', '123'],
          ['A2', '123'],
        ]),
      ],
      entity: 'product',
      options: { commit: 'partial' },
    });
    expect(r.counts).toMatchObject({ updated: 0, created: 0, rejected: 2 }); // the new unique field is checked
    const ok = await intake.imports.run({
      files: [
        csv(box.dir, 'c.csv', [
          ['sku', 'ean'],
          ['A1', '123'],
        ]),
      ],
      entity: 'product',
    });
    expect(ok.counts.updated).toBe(1);
    expect(await records(intake, 'product')).toEqual([
      { sku: 'A1', price: 1, ean: '123', custom: {} },
    ]);
    await intake.close();
  });

  it('refuses a change of type that could lose data', async () => {
    pack('      price: {type: decimal}\n');
    let intake = await box.open({ packs: [packDir] });
    await intake.imports.run({
      files: [
        csv(box.dir, 'a.csv', [
          ['sku', 'price'],
          ['A1', '1'],
        ]),
      ],
      entity: 'product',
    });
    await intake.close();
    pack('      price: {type: boolean}\n');
    intake = await box.open({ packs: [packDir] });
    await expect(
      intake.imports.run({ files: [csv(box.dir, 'b.csv', [['sku'], ['A2']])], entity: 'product' }),
    ).rejects.toMatchObject({
      code: 'INTAKE_E_SCHEMA_CHANGE',
      message: expect.stringContaining('shop.product.price'),
    });
    await intake.close();
  });
});
