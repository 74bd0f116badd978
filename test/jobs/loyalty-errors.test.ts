import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CODES } from '../../src/core/codes.js';
import { LOYALTY_MANUAL } from '../../src/core/codes-doc.js';
import type { ImportOptions } from '../../src/core/options.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { EXAMPLES, csv } from '../helpers/files.js';
import { byKey } from '../helpers/records.js';

/**
 * The errors of the loyalty seed manual's customer import (issue 13), one test each,
 * named in the manual's words: a small file that makes the error, the code and field
 * Intake refuses the row with, and that nothing wrong was written. The stored state is
 * the loyalty example: stores PARIS01, LYON01, NICE01; customers C-1001 Alice, C-1002
 * Bruno, C-1003 Chloé, C-1004 David (Suspended) and C-1005; new customers are C-2xxx.
 * docs/errors.md maps the manual's wording to the codes from LOYALTY_MANUAL.
 */
const TODAY = '2026-11-21';
const HEADER = ['external_id', 'first_name', 'last_name', 'email', 'mobile', 'join_date'];
const ALICE = {
  first_name: 'Alice',
  email: 'alice.martin@example.com',
  mobile: '+33612340001',
  join_date: '2022-01-10',
};
const BRUNO = { email: 'bruno.lefevre@example.com', mobile: '+33612340002' };

describe('the loyalty manual table (docs/errors.md)', () => {
  it('maps every error of the manual to codes of the catalogue', () => {
    // Twelve rows: the manual's fifteen, its four "All records would be rejected" as one.
    expect(LOYALTY_MANUAL).toHaveLength(12);
    for (const e of LOYALTY_MANUAL) {
      expect(e.codes.length, e.error).toBeGreaterThan(0);
      for (const code of e.codes) expect(Object.keys(CODES), e.error).toContain(code);
    }
  });
});

describe.each(BACKENDS)('loyalty manual errors on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  let n = 0;
  const run = (
    rows: string[][],
    options: Partial<ImportOptions> = {},
    entity = 'loyalty.customer',
  ) =>
    intake.imports.run({
      files: [csv(box.dir, `in-${n++}.csv`, rows)],
      entity,
      options: { country: 'FR', ...options },
      today: TODAY,
    });
  /** Each refused row's problems as [line, field, code]. */
  const refused = async (id: string) =>
    (await intake.imports.rows('default', id, { outcome: 'rejected', limit: 50 })).rows.flatMap(
      (r) => r.problems.map((p) => [r.line, p.field, p.code]),
    );
  const customers = () => byKey(intake, 'loyalty.customer', 'external_id');

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

  it('When different users are linked with the email: "Email is already present for some other registered user in the system"', async () => {
    const r = await run([
      HEADER,
      // A new customer with Alice's address (in other case), Bruno with Chloé's.
      ['C-2001', 'Eve', '', 'Alice.Martin@Example.com', '', ''],
      ['C-1002', 'Bruno', '', 'chloe.dubois@example.com', '', ''],
    ]);
    expect(await refused(r.import.id)).toEqual([
      [2, 'email', 'INTAKE_E_IDENTIFIER_CONFLICT'],
      [3, 'email', 'INTAKE_E_IDENTIFIER_CONFLICT'],
    ]);
    const page = await intake.imports.rows('default', r.import.id, {
      outcome: 'rejected',
      limit: 1,
    });
    expect(page.rows[0]!.message).toContain('(External id C-1001)');
    const stored = await customers();
    expect(stored['C-2001']).toBeUndefined();
    expect(stored['C-1001']).toMatchObject(ALICE);
    expect(stored['C-1002']).toMatchObject(BRUNO);
  });

  it.each([
    [
      'external_id',
      ['C-2001', 'Eve', '', 'eve@example.com', '', ''],
      ['C-2001', 'Fay', '', 'fay@example.com', '', ''],
    ],
    // The same mobile, written nationally and internationally.
    [
      'mobile',
      ['C-2001', 'Eve', '', '', '06 12 34 99 01', ''],
      ['C-2002', 'Fay', '', '', '+33612349901', ''],
    ],
    [
      'email',
      ['C-2001', 'Eve', '', 'eve@example.com', '', ''],
      ['C-2002', 'Fay', '', 'EVE@example.com', '', ''],
    ],
  ])(
    'When an error on duplicate value for %s in the file occurs: "All records would be rejected"',
    async (field, first, second) => {
      const r = await run(
        [
          HEADER,
          first,
          second,
          ['C-2003', 'Gus', '', '', '', ''],
          ['C-1001', 'Alicia', '', '', '', ''],
        ],
        { duplicates: 'file' },
      );
      expect(await refused(r.import.id)).toEqual([
        [2, field, 'INTAKE_E_DUPLICATE_IN_FILE'],
        [3, field, 'INTAKE_E_DUPLICATE_IN_FILE'],
        [4, '', 'INTAKE_E_FILE_REJECTED'],
        [5, '', 'INTAKE_E_FILE_REJECTED'],
      ]);
      expect(r.counts).toMatchObject({ rows: 4, rejected: 4, created: 0, updated: 0 });
      const stored = await customers();
      expect(Object.keys(stored).filter((k) => k.startsWith('C-2'))).toEqual([]);
      expect(stored['C-1001']).toMatchObject(ALICE);
    },
  );

  it('When a different user is linked with the mobile: "Mobile number is already registered for a different user in the system"', async () => {
    const r = await run([
      HEADER,
      // Alice's mobile, written nationally, on a new customer; Chloé's on Bruno.
      ['C-2001', 'Eve', '', '', '06 12 34 00 01', ''],
      ['C-1002', 'Bruno', '', '', '+33612340003', ''],
    ]);
    expect(await refused(r.import.id)).toEqual([
      [2, 'mobile', 'INTAKE_E_IDENTIFIER_CONFLICT'],
      [3, 'mobile', 'INTAKE_E_IDENTIFIER_CONFLICT'],
    ]);
    const stored = await customers();
    expect(stored['C-2001']).toBeUndefined();
    expect(stored['C-1001']).toMatchObject(ALICE);
    expect(stored['C-1002']).toMatchObject(BRUNO);
  });

  it('When different mobile is linked with the users: "Since the mobile number is not allowed to update though import, trying to update an existing mobile for a user leads to such error"', async () => {
    const r = await run(
      [
        HEADER,
        ['C-1001', 'Alicia', '', '', '+33612349901', ''],
        // Bruno's own mobile, written nationally, is no change: his new name is written.
        ['C-1002', 'Bruno-Luc', '', '', '06 12 34 00 02', ''],
        // The list holds for stored customers only: a new one gets its mobile.
        ['C-2001', 'Eve', '', '', '+33612349902', ''],
      ],
      { updateFields: ['first_name', 'last_name', 'email', 'join_date'] },
    );
    expect(await refused(r.import.id)).toEqual([[2, 'mobile', 'INTAKE_E_NOT_UPDATABLE']]);
    const stored = await customers();
    expect(stored['C-1001']).toMatchObject(ALICE);
    expect(stored['C-1002']).toMatchObject({ ...BRUNO, first_name: 'Bruno-Luc' });
    expect(stored['C-2001']!.mobile).toBe('+33612349902');
  });

  it('Different external id linked to the user: "The external id already exists in our database or the external id is associated with a different user"', async () => {
    // Bruno, found by his mobile, given Alice's external id.
    const r = await run(
      [
        ['mobile', 'external_id'],
        ['+33612340002', 'C-1001'],
      ],
      { match: 'mobile' },
    );
    expect(await refused(r.import.id)).toEqual([
      [2, 'external_id', 'INTAKE_E_IDENTIFIER_CONFLICT'],
    ]);
    const stored = await customers();
    expect(stored['C-1001']).toMatchObject(ALICE);
    expect(stored['C-1002']).toMatchObject(BRUNO);
  });

  it('Invalid Mobile Number: "Check the pre-configured mobile regex for brand"', async () => {
    let r = await run([HEADER, ['C-2001', 'Eve', '', '', '12345', '']]);
    expect(await refused(r.import.id)).toEqual([[2, 'mobile', 'INTAKE_E_PHONE']]);
    expect((await customers())['C-2001']).toBeUndefined();

    // The brand's regex is a pattern on the phone field of its pack, checked on the
    // +E.164 form: French mobiles only.
    const packs = join(box.dir, 'packs');
    mkdirSync(packs);
    writeFileSync(
      join(packs, 'brand.yaml'),
      [
        'pack: brand',
        'entities:',
        '  customer:',
        '    identifiers: [external_id]',
        '    fields:',
        '      external_id: {type: string, required: true}',
        "      mobile: {type: phone, pattern: '^\\+33[67]\\d{8}$'}",
        '',
      ].join('\n'),
    );
    await intake.close();
    intake = await box.open({ packs: [packs] });
    r = await run(
      [
        ['external_id', 'mobile'],
        ['B-1', '+44 7911 123456'], // a valid British mobile
        ['B-2', '06 12 34 99 01'],
        ['B-3', '01 42 68 53 00'], // a valid French landline
      ],
      { commit: 'partial' },
      'brand.customer',
    );
    expect(await refused(r.import.id)).toEqual([
      [2, 'mobile', 'INTAKE_E_PATTERN'],
      [4, 'mobile', 'INTAKE_E_PATTERN'],
    ]);
    expect(Object.keys(await byKey(intake, 'brand.customer', 'external_id'))).toEqual(['B-2']);
  });

  it('When a different user gets linked with the external id, duplicate value for mobile in a file, duplicate value for an email in file occurs: "External ID / Card number is already registered for a different user"', async () => {
    const r = await run(
      [
        ['email', 'Card Number', 'first_name', 'mobile'],
        // A new customer, found by e-mail, with Alice's external id as its card number.
        ['eve@example.com', 'C-1001', 'Eve', ''],
        ['fay@example.com', 'C-2002', 'Fay', '+33612349901'],
        ['gus@example.com', 'C-2003', 'Gus', '+33612349901'],
        ['hal@example.com', 'C-2004', 'Hal', ''],
        ['hal@example.com', 'C-2005', 'Hal', ''],
        ['ivy@example.com', 'C-2006', 'Ivy', ''],
      ],
      { match: 'email' },
    );
    expect(await refused(r.import.id)).toEqual([
      [2, 'external_id', 'INTAKE_E_IDENTIFIER_CONFLICT'],
      [3, 'mobile', 'INTAKE_E_DUPLICATE_IN_FILE'],
      [4, 'mobile', 'INTAKE_E_DUPLICATE_IN_FILE'],
      [5, 'email', 'INTAKE_E_DUPLICATE_IN_FILE'],
      [6, 'email', 'INTAKE_E_DUPLICATE_IN_FILE'],
    ]);
    const stored = await customers();
    expect(stored['C-1001']).toMatchObject(ALICE);
    expect(Object.keys(stored).filter((k) => k.startsWith('C-2'))).toEqual(['C-2006']);
  });

  it('Invalid email id: "Deviation from standard Email regex"', async () => {
    const r = await run([
      HEADER,
      ['C-2001', 'Eve', '', 'eve@', '', ''],
      ['C-1001', 'Alice', '', 'alice martin@example.com', '', ''],
    ]);
    expect(await refused(r.import.id)).toEqual([
      [2, 'email', 'INTAKE_E_EMAIL'],
      [3, 'email', 'INTAKE_E_EMAIL'],
    ]);
    const stored = await customers();
    expect(stored['C-2001']).toBeUndefined();
    expect(stored['C-1001']).toMatchObject(ALICE);
  });

  it('Deactivated user / Fraud User: "The user is inactive or marked as fraud (as per brand requirement)"', async () => {
    await run([
      ['external_id', 'first_name', 'status'],
      ['C-3001', 'Fred', 'Fraud Confirmed'],
    ]);
    const change = [
      ['external_id', 'first_name'],
      ['C-1004', 'Dave'], // Suspended
      ['C-3001', 'Freddy'],
    ];
    const r = await run(change);
    expect(await refused(r.import.id)).toEqual([
      [2, 'status', 'INTAKE_E_RECORD_PROTECTED'],
      [3, 'status', 'INTAKE_E_RECORD_PROTECTED'],
    ]);
    let stored = await customers();
    expect(stored['C-1004']).toMatchObject({ first_name: 'David', status: 'Suspended' });
    expect(stored['C-3001']).toMatchObject({ first_name: 'Fred', status: 'Fraud Confirmed' });

    // The refusal is the brand's choice: an import may allow the change.
    const allowed = await run(change, { allowProtected: true });
    expect(allowed.counts).toMatchObject({ updated: 2, rejected: 0 });
    stored = await customers();
    expect(stored['C-1004']!.first_name).toBe('Dave');
  });

  it('When customer name contains special characters: "Customer Name should not contain any special characters other than alphabets/space"', async () => {
    const r = await run([
      HEADER,
      ['C-2001', 'Eve!', '', '', '', ''],
      ['C-2002', 'Fay', 'Smith2', '', '', ''],
      ['C-1001', 'Al@ice', '', '', '', ''],
      ['C-2003', 'Anne-Marie', "O'Neil", '', '', ''],
    ]);
    expect(await refused(r.import.id)).toEqual([
      [2, 'first_name', 'INTAKE_E_PATTERN'],
      [3, 'last_name', 'INTAKE_E_PATTERN'],
      [4, 'first_name', 'INTAKE_E_PATTERN'],
    ]);
    const stored = await customers();
    expect(Object.keys(stored).filter((k) => k.startsWith('C-2'))).toEqual(['C-2003']);
    expect(stored['C-1001']).toMatchObject(ALICE);
  });

  it('join_date is invalid/null/void/of future date: "Invalid join date"', async () => {
    const r = await run([
      HEADER,
      ['C-2001', 'Eve', '', '', '', '2023-02-30'],
      ['C-2002', 'Fay', '', '', '', 'null'],
      ['C-2003', 'Gus', '', '', '', '2026-11-22'], // the day after TODAY
      ['C-1001', 'Alice', '', '', '', '2030-01-01'],
      ['C-2004', 'Hal', '', '', '', '2026-11-21'],
    ]);
    expect(await refused(r.import.id)).toEqual([
      [2, 'join_date', 'INTAKE_E_DATE'],
      [3, 'join_date', 'INTAKE_E_DATE'],
      [4, 'join_date', 'INTAKE_E_DATE_FUTURE'],
      [5, 'join_date', 'INTAKE_E_DATE_FUTURE'],
    ]);
    const stored = await customers();
    expect(Object.keys(stored).filter((k) => k.startsWith('C-2'))).toEqual(['C-2004']);
    expect(stored['C-1001']).toMatchObject(ALICE);
  });

  it('join_store is invalid/null/void: "The store(s) specified in the file are not present in the system"', async () => {
    const r = await run([
      ['external_id', 'first_name', 'join_store'],
      ['C-2001', 'Eve', 'NOPE01'],
      ['C-2002', 'Fay', 'null'],
      ['C-1001', 'Alice', 'ROME01'],
      ['C-2003', 'Gus', 'LYON01'],
    ]);
    expect(await refused(r.import.id)).toEqual([
      [2, 'join_store', 'INTAKE_E_REFERENCE'],
      [3, 'join_store', 'INTAKE_E_REFERENCE'],
      [4, 'join_store', 'INTAKE_E_REFERENCE'],
    ]);
    const stored = await customers();
    expect(Object.keys(stored).filter((k) => k.startsWith('C-2'))).toEqual(['C-2003']);
    expect(stored['C-1001']!.join_store).toBe('PARIS01');
  });
});
