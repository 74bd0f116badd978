import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { EXAMPLES, readCsv, readCsvObjects } from '../helpers/files.js';
import { byKey, records } from '../helpers/records.js';
import { NO_COUNTS } from '../../src/core/outcomes.js';

/**
 * The example of the engine issue, end to end on every backend: stores and clean
 * customers first, then the messy Windows-1252 file with every kind of problem.
 */
const TODAY = '2026-11-21';
const MESSY = join(EXAMPLES, 'customers-messy.csv');

describe.each(BACKENDS)('loyalty example on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;

  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open();
    await intake.imports.run({ files: [join(EXAMPLES, 'stores.csv')], today: TODAY });
    await intake.imports.run({ files: [join(EXAMPLES, 'customers.csv')], today: TODAY });
  });
  afterEach(async () => {
    await intake.close();
    await box.cleanup();
  });

  const messy = (options = {}) =>
    intake.imports.run({
      files: [MESSY],
      entity: 'customer',
      options: { country: 'FR', ...options },
      today: TODAY,
    });

  it('imports the good rows as typed records and refuses the rest, each with its reason', async () => {
    const r = await messy();
    expect(r.import.status).toBe('completed_with_issues');
    expect(r.files[0]).toMatchObject({
      name: 'customers-messy.csv',
      entity: 'loyalty.customer',
      rows: 13,
      encoding: 'windows-1252',
      delimiter: ';',
    });
    expect(r.counts).toEqual({
      ...NO_COUNTS,
      rows: 13,
      created: 5,
      updated: 1,
      unchanged: 0,
      skipped: 0,
      rejected: 7,
    });

    const stored = await byKey(intake, 'loyalty.customer', 'external_id');
    expect(stored['C-2001']).toMatchObject({
      first_name: 'Hélène',
      email: 'helene.girard@example.com',
      mobile: '+33612345678',
      registration_date: '2023-03-15',
      join_store: 'PARIS01',
      loyalty_points: 1250,
      lifetime_purchases: 1234.5,
      lifetime_points: 0, // the declared default
      slab: 'Gold',
      status: 'Active',
      newsletter: true, // "X"
      custom: { 'Favourite Colour': 'bleu' },
    });
    expect(stored['C-2002']).toMatchObject({
      first_name: 'Jérôme',
      join_date: '2023-05-02',
      newsletter: null,
    });
    expect(stored['C-2003']).toMatchObject({
      slab: 'Silver',
      lifetime_purchases: 2345,
      mobile: '+33612345680',
    });
    expect(stored['C-2004']).toMatchObject({
      join_store: 'PARIS01',
      mobile: '+33612345681',
      newsletter: false,
    });
    // The update: changed fields only; empty cells kept the stored values.
    expect(stored['C-1003']).toMatchObject({
      loyalty_points: 950,
      slab: 'Platinum',
      email: 'chloe.dubois@example.com',
      mobile: '+33612340003',
    });
    // Refused rows wrote nothing.
    for (const id of ['C-2005', 'C-2006', 'C-2007', 'C-2008', 'C-2009', 'C-2010'])
      expect(stored[id]).toBeUndefined();
    expect(stored['C-1002']!.email).toBe('bruno.lefevre@example.com');

    const rejected = readCsvObjects(r.reports.rejections);
    expect(rejected).toHaveLength(r.counts.rejected);
    const byLine = Object.fromEntries(rejected.map((x) => [x._line, x]));
    expect(byLine['7']).toMatchObject({ _field: 'email', _code: 'INTAKE_E_DUPLICATE_IN_FILE' });
    expect(byLine['8']).toMatchObject({ _field: 'email', _code: 'INTAKE_E_DUPLICATE_IN_FILE' });
    expect(byLine['9']).toMatchObject({
      _field: 'join_store',
      _code: 'INTAKE_E_REFERENCE',
      'Till IUN Or Store Ext Id': 'LYON99',
    });
    expect(byLine['10']).toMatchObject({ _field: 'join_date', _code: 'INTAKE_E_DATE_FUTURE' });
    expect(byLine['11']).toMatchObject({ _field: 'email', _code: 'INTAKE_E_IDENTIFIER_CONFLICT' });
    expect(byLine['11']!._message).toContain('External id C-1001');
    expect(byLine['12']).toMatchObject({
      _field: 'email; mobile',
      _code: 'INTAKE_E_EMAIL; INTAKE_E_PHONE',
    });
    expect(byLine['13']).toMatchObject({
      _field: 'first_name; slab',
      _code: 'INTAKE_E_PATTERN; INTAKE_E_ENUM',
    });
    // Original columns and values, as read from the Windows-1252 file.
    expect(byLine['9']!['First Name']).toBe('Léa');
    expect(r.issues).toMatchObject({
      INTAKE_E_DUPLICATE_IN_FILE: 2,
      INTAKE_E_REFERENCE: 1,
      INTAKE_E_IDENTIFIER_CONFLICT: 1,
    });
  });

  it('lists every correction with field, from, to and rule', async () => {
    const r = await messy();
    const fixes = readCsvObjects(r.reports.corrections);
    const find = (line: string, field: string) =>
      fixes.find((c) => c.line === line && c.field === field);
    expect(find('2', 'email')).toMatchObject({
      from: 'Helene.Girard@Example.com',
      to: 'helene.girard@example.com',
      rule: 'lowercase',
    });
    expect(find('2', 'mobile')).toMatchObject({
      from: '06 12 34 56 78',
      to: '+33612345678',
      rule: 'phone_e164',
    });
    expect(find('2', 'join_date')).toMatchObject({
      from: '15/03/2023',
      to: '2023-03-15',
      rule: 'date_format',
    });
    expect(find('2', 'newsletter')).toMatchObject({ from: 'X', to: 'true', rule: 'boolean_word' });
    expect(find('3', 'first_name')).toMatchObject({
      from: '  Jérôme ',
      to: 'Jérôme',
      rule: 'trim',
    });
    expect(find('4', 'slab')).toMatchObject({ from: 'Silvr', to: 'Silver', rule: 'enum_typo' });
    expect(find('5', 'join_store')).toMatchObject({ to: 'PARIS01', rule: 'trim' });
    expect(r.corrections.phone_e164).toBeGreaterThan(5);
    expect(r.files[0]!.dateOrders).toEqual({ registration_date: 'dmy', join_date: 'dmy' });
  });

  it('neutralises formula-like cells in every file it writes', async () => {
    const r = await messy();
    const raw = readFileSync(r.reports.rejections, 'utf8');
    expect(raw.startsWith('\uFEFF')).toBe(true);
    // The corrections file holds "+336...": written as '+336..., never as a live formula.
    const corrections = readFileSync(r.reports.corrections, 'utf8');
    expect(corrections).toContain(",'+33612345678,");
    expect(corrections).not.toMatch(/,\+33612345678,/);
  });

  it('atomic: one refused row and nothing is written; every row says why', async () => {
    const before = await records(intake, 'loyalty.customer');
    const r = await messy({ commit: 'atomic' });
    expect(r.import.status).toBe('failed');
    expect(r.counts).toEqual({
      ...NO_COUNTS,
      rows: 13,
      created: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      rejected: 13,
    });
    expect(r.planned).toMatchObject({ created: 5, updated: 1, rejected: 7 });
    expect(await records(intake, 'loyalty.customer')).toEqual(before);
    const rejected = readCsvObjects(r.reports.rejections);
    expect(rejected).toHaveLength(13);
    expect(rejected.filter((x) => x._code === 'INTAKE_E_COMMIT_ABORTED')).toHaveLength(6);
    expect(r.issues.INTAKE_E_COMMIT_ABORTED).toBe(6);
  });

  it('dry run: the same outcomes, per row, and nothing written', async () => {
    const before = await records(intake, 'loyalty.customer');
    const r = await messy({ dryRun: true });
    expect(r.import.status).toBe('dry_run');
    expect(r.counts).toEqual({
      ...NO_COUNTS,
      rows: 13,
      created: 5,
      updated: 1,
      unchanged: 0,
      skipped: 0,
      rejected: 7,
    });
    expect(await records(intake, 'loyalty.customer')).toEqual(before);
    const outcomes = readCsvObjects(r.reports.outcomes![0]!);
    expect(outcomes).toHaveLength(13);
    const line6 = outcomes.find((o) => o._line === '6')!;
    expect(line6).toMatchObject({ _outcome: 'updated', _changed: 'loyalty_points, slab' });
    expect(outcomes.find((o) => o._line === '2')).toMatchObject({ _outcome: 'created', _code: '' });
    expect(outcomes.find((o) => o._line === '9')).toMatchObject({
      _outcome: 'rejected',
      _code: 'INTAKE_E_REFERENCE',
    });
    expect(readCsv(r.reports.rejections)).toHaveLength(8); // header + 7
  });

  it('a second run of the same file changes nothing stored', async () => {
    await messy();
    const first = await records(intake, 'loyalty.customer');
    const r = await messy();
    expect(r.counts).toMatchObject({ created: 0, updated: 0, unchanged: 6, rejected: 7 });
    expect(await records(intake, 'loyalty.customer')).toEqual(first);
  });

  it('a rejection file fixed by hand imports again as it is', async () => {
    const r = await messy();
    const fixed = join(box.dir, 'fixed.csv');
    copyFileSync(r.reports.rejections, fixed);
    // Fix the unknown store and the future date; leave the other rows as they are.
    const text = readFileSync(fixed, 'utf8')
      .replace(';LYON99;', ';LYON01;')
      .replace(';01/01/2031;', ';01/01/2023;');
    writeFileSync(fixed, text);
    const again = await intake.imports.run({
      files: [fixed],
      entity: 'customer',
      options: { country: 'FR' },
      today: TODAY,
    });
    expect(again.files[0]!.delimiter).toBe(';');
    expect(again.counts).toMatchObject({ rows: 7, created: 2, rejected: 5 });
    expect(again.files[0]!.unmapped).toEqual(['Favourite Colour']);
    const stored = await byKey(intake, 'loyalty.customer', 'external_id');
    expect(stored['C-2007']).toMatchObject({ join_store: 'LYON01', first_name: 'Léa' });
    expect(stored['C-2008']).toMatchObject({ join_date: '2023-01-01' });
  });
});
