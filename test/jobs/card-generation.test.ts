import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportOptions } from '../../src/core/options.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { EXAMPLES, csv, readCsvObjects } from '../helpers/files.js';
import { byKey } from '../helpers/records.js';

/**
 * Card generation (issue 13): a card series with generation enabled and a card count
 * gets its cards, numbered from its prefix, suffix and length after the highest number
 * it has, never a number taken; each card is a row of its own in the import's results
 * and reports; the series is topped up, so importing it again makes nothing new.
 */
const SERIES = [
  'Card Series Code',
  'Card Type',
  'Card Generation Enabled',
  'Card Prefix',
  'Card Suffix',
  'Card Length',
  'Card Count',
  'Till IUN',
];

describe.each(BACKENDS)('card generation on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  let n = 0;
  const run = (files: string[][][], options: Partial<ImportOptions> = {}) =>
    intake.imports.run({
      files: files.map((rows) => csv(box.dir, `series-${n++}.csv`, rows)),
      options: { commit: 'partial', ...options },
    });
  const numbers = async (series: string) =>
    Object.values(await byKey(intake, 'loyalty.card', 'number'))
      .filter((c) => c.series === series)
      .map((c) => c.number)
      .sort();

  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open();
    await intake.imports.run({ files: [join(EXAMPLES, 'stores.csv')] });
  });
  afterEach(async () => {
    await intake.close();
    await box.cleanup();
  });

  it('makes the cards of a series, each a row of the import, and tops it up only once', async () => {
    const r = await run([[SERIES, ['SILV', 'PHYSICAL', 'true', 'SV', '', '8', '3', 'LYON01']]]);
    expect(r.counts).toMatchObject({ rows: 4, created: 4, rejected: 0 });
    expect(await numbers('SILV')).toEqual(['SV000001', 'SV000002', 'SV000003']);
    const cards = await byKey(intake, 'loyalty.card', 'number');
    expect(cards.SV000001).toMatchObject({ store: 'LYON01', status_label: 'NOT_ISSUED' });
    // The generated cards are a file of their own in the results, at the series' line.
    expect(r.files.map((f) => [f.name, f.entity, f.rows])).toEqual([
      ['series-0.csv', 'loyalty.card_series', 1],
      ['series-0.generated-card.csv', 'loyalty.card', 3],
    ]);
    const rows = await intake.imports.rows('default', r.import.id, { limit: 10 });
    expect(rows.rows.map((x) => [x.file, x.line, x.outcome, x.values.number ?? ''])).toEqual([
      ['series-0.csv', 2, 'created', ''],
      ['series-0.generated-card.csv', 2, 'created', 'SV000001'],
      ['series-0.generated-card.csv', 2, 'created', 'SV000002'],
      ['series-0.generated-card.csv', 2, 'created', 'SV000003'],
    ]);

    // Again: the series has its 3 cards. With a count of 5, two more follow the highest.
    const again = await run([[SERIES, ['SILV', 'PHYSICAL', 'true', 'SV', '', '8', '3', 'LYON01']]]);
    expect(again.counts).toMatchObject({ rows: 1, unchanged: 1 });
    await run([[SERIES, ['SILV', 'PHYSICAL', 'true', 'SV', '', '8', '5', 'LYON01']]]);
    expect(await numbers('SILV')).toEqual([
      'SV000001',
      'SV000002',
      'SV000003',
      'SV000004',
      'SV000005',
    ]);
  });

  it('counts the cards of a card file, skips numbers taken by another series, and refuses a series that cannot number its cards', async () => {
    await run([
      [SERIES, ['OTHER', 'PHYSICAL', 'false', 'GC', '21', '8', '', 'PARIS01']],
      [
        ['Card Number', 'Card Series Code', 'Card Status Label', 'Till IUN'],
        ['GC000221', 'OTHER', 'ACTIVE', 'PARIS01'],
      ],
    ]);
    const r = await run([
      [
        SERIES,
        ['GOLD', 'PHYSICAL', 'true', 'GC', '21', '8', '4', 'PARIS01'],
        ['TINY', 'DIGITAL', 'true', 'T', '', '2', '12', 'PARIS01'],
        ['NOLEN', 'DIGITAL', 'true', 'N', '', '', '2', 'PARIS01'],
      ],
      [
        ['Card Number', 'Card Series Code', 'Card Status Label', 'Till IUN'],
        ['GC000121', 'GOLD', 'ACTIVE', 'PARIS01'],
      ],
    ]);
    // GOLD has one card in the file: three more, after 0001, skipping GC000221 (OTHER's).
    expect(await numbers('GOLD')).toEqual(['GC000121', 'GC000321', 'GC000421', 'GC000521']);
    const refused = await intake.imports.rows('default', r.import.id, {
      outcome: 'rejected',
      limit: 10,
    });
    expect(refused.rows.map((x) => [x.line, x.problems[0]!.code, x.problems[0]!.message])).toEqual([
      [
        3,
        'INTAKE_E_GENERATE',
        'Card count: 12 more card numbers are needed, and TINY has fewer left (1 digits between "T" and "")',
      ],
      [4, 'INTAKE_E_GENERATE', 'Card count: card numbers cannot be made without a length'],
    ]);
    expect(await numbers('TINY')).toEqual([]);
    // The rejection file of the series names the problem on its line.
    const dir = join(box.config.reportDir, r.import.id);
    const file = readdirSync(dir).find((f) => f.startsWith('rejections-1-'));
    expect(file).toBeDefined();
    const report = readCsvObjects(join(dir, file!));
    expect(report.map((x) => [x['Card Series Code'], x._code])).toEqual([
      ['TINY', 'INTAKE_E_GENERATE'],
      ['NOLEN', 'INTAKE_E_GENERATE'],
    ]);
  });

  it('uses the count a pack declares when the row gives none', async () => {
    await intake.close();
    const packs = join(box.dir, 'packs');
    mkdirSync(packs);
    writeFileSync(
      join(packs, 'gift.yaml'),
      [
        'pack: gift',
        'entities:',
        '  batch:',
        '    identifiers: [code]',
        '    generates: { entity: voucher, when: active, count: size }',
        '    fields:',
        '      code: { type: string }',
        '      prefix: { type: string }',
        '      digits: { type: integer }',
        '      active: { type: boolean }',
        '      size: { type: integer, default: 2 }',
        '  voucher:',
        '    identifiers: [number]',
        '    numbering: { field: number, by: batch, prefix: prefix, length: digits }',
        '    fields:',
        '      number: { type: string }',
        '      batch: { type: reference, references: batch }',
        '',
      ].join('\n'),
    );
    intake = await box.open({ packs: [packs] });
    const r = await intake.imports.run({
      files: [
        csv(box.dir, 'batches.csv', [
          ['code', 'prefix', 'digits', 'active', 'size'],
          ['B1', 'GV', '4', 'true', ''],
          ['B2', 'GW', '', 'true', ''],
          ['B3', 'GX', '4', 'false', ''],
        ]),
      ],
      entity: 'gift.batch',
      options: { commit: 'partial' },
    });
    // B1 takes the declared size, 2; B3 does not generate; B2 has no length to number by.
    expect(r.counts).toMatchObject({ created: 4, rejected: 1 });
    const vouchers = await byKey(intake, 'gift.voucher', 'number');
    expect(Object.keys(vouchers).sort()).toEqual(['GV01', 'GV02']);
    const rows = await intake.imports.rows('default', r.import.id, {
      outcome: 'rejected',
      limit: 5,
    });
    expect(rows.rows[0]!.problems[0]!.message).toBe(
      'Size: voucher numbers cannot be made without a length',
    );
  });
});
