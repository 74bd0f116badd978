import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportOptions } from '../../src/core/options.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { EXAMPLES, csv } from '../helpers/files.js';
import { byKey } from '../helpers/records.js';

/**
 * The loyalty seed product's other import profiles (issue 13), from the example files
 * in the manual's own header spelling: card series, cards (the customer named by the
 * "Mobile" column), coupon redemptions, fraud statuses, channel subscriptions and
 * entity life-cycle events, in one import with the stores and customers they name.
 */
const FILES = [
  'card-series.csv',
  'cards.csv',
  'voucher-series.csv',
  'coupon-redemptions.csv',
  'fraud-status.csv',
  'channel-accounts.csv',
  'channel-subscriptions.csv',
  'lifecycle-events.csv',
];

describe.each(BACKENDS)('loyalty profiles on $name', (backend) => {
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

  it('imports every profile as the manual writes it, each file to its entity type', async () => {
    const r = await intake.imports.run({
      files: FILES.map((f) => join(EXAMPLES, f)),
      options: { country: 'FR', commit: 'partial' },
    });
    expect(r.files.map((f) => f.entity)).toEqual([
      'loyalty.card_series',
      'loyalty.card',
      'loyalty.voucher_series',
      'loyalty.coupon_redemption',
      'loyalty.fraud_status',
      'loyalty.channel_account',
      'loyalty.channel_subscription',
      'loyalty.lifecycle_event',
      'loyalty.card',
    ]);
    expect(r.counts).toMatchObject({ rows: 24, created: 22, rejected: 2 });

    const series = await byKey(intake, 'loyalty.card_series', 'code');
    expect(series.GOLDPHY2).toMatchObject({
      card_type: 'PHYSICAL',
      generation_enabled: true,
      prefix: 'GOLD2',
      suffix: '2021',
      card_length: 16,
      store: 'PARIS01',
    });
    // The "Mobile" column names the customer: national numbers too, with the country.
    const cards = await byKey(intake, 'loyalty.card', 'number');
    expect(cards.GOLD200000012021!.customer).toBeNull();
    expect(cards.GOLD200000022021).toMatchObject({ customer: 'C-1001', status_label: 'ACTIVE' });
    expect(cards.DG0000000001!.customer).toBe('C-1002');
    expect(cards.DG0000000002).toBeUndefined();
    // GOLDPHY2 generates cards up to its count of 5: the file's two, then three more.
    expect(
      Object.keys(cards)
        .filter((k) => cards[k]!.series === 'GOLDPHY2')
        .sort(),
    ).toEqual([
      'GOLD200000012021',
      'GOLD200000022021',
      'GOLD200000032021',
      'GOLD200000042021',
      'GOLD200000052021',
    ]);
    expect(cards.GOLD200000052021).toMatchObject({ status_label: 'NOT_ISSUED', store: 'PARIS01' });
    const refused = await intake.imports.rows('default', r.import.id, {
      outcome: 'rejected',
      limit: 5,
    });
    expect(refused.rows.map((x) => x.problems[0]!.message)).toEqual([
      'Customer: no customer with mobile "+33699999999" is stored or in this import',
      // A number must fit its series: GOLDPHY2 makes 16-character numbers.
      'Number "GOLD2000000032021" does not fit GOLDPHY2 (its numbers: start with GOLD2; end with 2021; 16 characters)',
    ]);
    expect(refused.rows[1]!.problems[0]!.code).toBe('INTAKE_E_NUMBER_SERIES');

    const coupons = await byKey(intake, 'loyalty.coupon_redemption', 'voucher_code');
    expect(coupons['7003008']).toMatchObject({
      voucher_series: '5309',
      customer: 'C-1001',
      store: 'PARIS01',
      transaction_number: 'BILL-1001',
      transaction_amount: 42.5,
    });
    expect(String(coupons['7003008']!.redeemed_at)).toMatch(/^2016-12-15T15:06/);
    const fraud = Object.values(await byKey(intake, 'loyalty.fraud_status', 'customer'));
    expect(fraud.map((x) => [x.customer, x.status])).toEqual(
      expect.arrayContaining([
        ['C-1003', 'INTERNAL'],
        ['C-1005', 'MARKED'],
      ]),
    );
    const subs = Object.values(await byKey(intake, 'loyalty.channel_subscription', 'customer'));
    expect(subs.map((x) => [x.customer, x.channel, x.status, x.priority])).toEqual(
      expect.arrayContaining([
        ['C-1001', 'mobile', 'OPTIN', 'TRANS'], // "SMS" is the mobile channel
        ['C-1003', 'line', 'OPTIN', 'BULK'],
        ['C-1002', 'email', 'OPTOUT', 'BULK'],
      ]),
    );
    const events = await byKey(intake, 'loyalty.lifecycle_event', 'reference_id');
    expect(events['REF-0001']).toMatchObject({ entity_id: 'C-1001', activity: 'WeChat Follow' });
  });

  it('the chosen identifier wins over the header; a customer without the stored key says so', async () => {
    await intake.imports.run({
      files: [
        csv(box.dir, 'no-external.csv', [
          ['email', 'first_name'],
          ['nokey@example.com', 'Nora'],
        ]),
      ],
      entity: 'loyalty.customer',
    });
    const r = await intake.imports.run({
      files: [
        csv(box.dir, 'subs.csv', [
          ['Customer', 'Channel', 'Priority', 'Sub Status'],
          ['alice.martin@example.com', 'email', 'BULK', 'OPTIN'],
          ['nokey@example.com', 'email', 'BULK', 'OPTIN'],
        ]),
      ],
      options: { lookup: { customer: 'email' }, commit: 'partial' },
    });
    expect(r.counts).toMatchObject({ created: 1, rejected: 1 });
    const rows = await intake.imports.rows('default', r.import.id, {
      outcome: 'rejected',
      limit: 5,
    });
    expect(rows.rows[0]!.problems[0]!.message).toBe(
      'Customer: the customer with email "nokey@example.com" has no external_id, by which a channel subscription names it',
    );
  });

  it('checks a redemption against its series: its dates, its transaction number, an unknown series replaced', async () => {
    await intake.imports.run({
      files: [join(EXAMPLES, 'voucher-series.csv'), join(EXAMPLES, 'coupon-redemptions.csv')],
      options: { commit: 'partial' },
    });
    const header = [
      'Voucher Series Id',
      'Voucher Code',
      'Till IUN',
      'Customer',
      'Redeemed Date',
      'Transaction Number',
    ];
    let n = 0;
    const redeem = (rows: string[][], options: Partial<ImportOptions> = {}) =>
      intake.imports.run({
        files: [csv(box.dir, `redeem-${n++}.csv`, [header, ...rows])],
        options: { commit: 'partial', ...options },
      });
    const refused = async (id: string) =>
      (await intake.imports.rows('default', id, { outcome: 'rejected', limit: 10 })).rows.map(
        (r) => [r.line, r.problems[0]!.code, r.problems[0]!.message],
      );

    // Series 5310 runs from March to May 2017.
    const late = [['5310', 'V-1', 'PARIS01', 'C-1001', '2017-06-02 10:00', 'BILL-2001']];
    const r1 = await redeem(late);
    expect(await refused(r1.import.id)).toEqual([
      [
        2,
        'INTAKE_E_OUT_OF_RANGE',
        'Redeemed at 2017-06-02 is outside the dates of voucher series 5310 (from 2017-03-01 to 2017-05-31)',
      ],
    ]);
    // "Do not check redemption range".
    expect((await redeem(late, { checkRanges: false })).counts).toMatchObject({ created: 1 });

    // "Validate transaction number": a bill used before, or twice in the file, is refused.
    const bills = [
      ['5310', 'V-2', 'PARIS01', 'C-1001', '2017-04-02 10:00', 'BILL-1001'],
      ['5310', 'V-3', 'PARIS01', 'C-1002', '2017-04-02 11:00', 'BILL-3001'],
      ['5310', 'V-4', 'LYON01', 'C-1003', '2017-04-03 11:00', 'BILL-3001'],
      ['5310', 'V-5', 'LYON01', 'C-1003', '2017-04-03 12:00', 'BILL-3002'],
    ];
    const r2 = await redeem(bills, { unique: ['transaction_number'] });
    expect(r2.counts).toMatchObject({ created: 1, rejected: 3 });
    expect((await refused(r2.import.id)).map(([line, code]) => [line, code])).toEqual([
      [2, 'INTAKE_E_IDENTIFIER_CONFLICT'],
      [3, 'INTAKE_E_DUPLICATE_IN_FILE'],
      [4, 'INTAKE_E_DUPLICATE_IN_FILE'],
    ]);
    // Without the option a transaction number may repeat.
    const again = await redeem([
      ['5310', 'V-6', 'LYON01', 'C-1003', '2017-04-03 13:00', 'BILL-3002'],
    ]);
    expect(await refused(again.import.id)).toEqual([]);
    expect(again.counts).toMatchObject({ created: 1 });

    // "Replace invalid voucher series id with": an unknown series becomes the chosen one.
    const r3 = await redeem(
      [['9999', 'V-7', 'NICE01', 'C-1003', '2017-04-04 09:00', 'BILL-4001']],
      {
        referenceDefaults: { voucher_series: '5310' },
      },
    );
    expect(r3.counts).toMatchObject({ created: 1 });
    const coupons = await byKey(intake, 'loyalty.coupon_redemption', 'voucher_code');
    expect(coupons['V-7']!.voucher_series).toBe('5310');
    const fixes = await intake.imports.corrections('default', r3.import.id, { limit: 5 });
    expect(fixes.rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'voucher_series', from: '9999', to: '5310' }),
      ]),
    );
  });

  it('needs the account of a channel with several, and one of that channel', async () => {
    const r = await intake.imports.run({
      files: [
        join(EXAMPLES, 'channel-accounts.csv'),
        csv(box.dir, 'subs.csv', [
          ['Mobile', 'Subscription Status', 'Channel', 'Priority', 'Account Name'],
          ['+33612340001', 'OPTIN', 'LINE', 'BULK', ''],
          ['+33612340002', 'OPTIN', 'LINE', 'BULK', 'Brand WhatsApp'],
          ['+33612340003', 'OPTIN', 'WhatsApp', 'BULK', ''],
          ['+33612340004', 'OPTIN', 'LINE', 'BULK', 'Brand LINE Belgique'],
        ]),
      ],
      options: { commit: 'partial' },
    });
    // WhatsApp has one account: none needs naming.
    expect(r.counts).toMatchObject({ created: 5, rejected: 2 });
    const rows = await intake.imports.rows('default', r.import.id, {
      outcome: 'rejected',
      limit: 5,
    });
    expect(rows.rows.map((x) => [x.line, x.problems[0]!.code, x.problems[0]!.message])).toEqual([
      [
        2,
        'INTAKE_E_REQUIRED',
        'Account name: channel line has 2 records of channel account; name one',
      ],
      [
        3,
        'INTAKE_E_REFERENCE_SCOPE',
        'Account name: "Brand WhatsApp" is a channel account of channel whatsapp, not of line',
      ],
    ]);
  });
});
