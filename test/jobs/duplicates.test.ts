import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportOptions } from '../../src/core/options.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { csv, readCsvObjects } from '../helpers/files.js';
import { byKey } from '../helpers/records.js';

/**
 * Duplicate policies (SPEC V2; issue 14): rows sharing a unique value are refused
 * (rows), or refuse their whole file (file), or, as Rollouter does, identical rows are
 * one and only rows that differ are refused (merge).
 */
describe.each(BACKENDS)('duplicate policies on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  let n = 0;
  const file = [
    ['code', 'name', 'external_id'],
    ['PARIS01', 'Paris', 'EXT-75'],
    ['LYON01', 'Lyon', 'EXT-69'],
    ['PARIS01', 'Paris', 'EXT-75'],
    ['NICE01', 'Nice', 'EXT-06'],
    ['NICE01', 'Nizza', 'EXT-06'],
    ['PARIS01', 'Paris', 'EXT-75'],
  ];
  const run = (options: Partial<ImportOptions>) =>
    intake.imports.run({
      files: [csv(box.dir, `stores-${n++}.csv`, file)],
      entity: 'loyalty.store',
      options: { commit: 'partial', ...options },
      outcomes: true,
    });

  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open();
  });
  afterEach(async () => {
    await intake.close();
    await box.cleanup();
  });

  it('merge: identical rows are one, rows that differ are refused', async () => {
    const r = await run({ duplicates: 'merge' });
    expect(r.counts).toMatchObject({ rows: 6, created: 2, skipped: 2, rejected: 2 });
    const stores = await byKey(intake, 'loyalty.store', 'code');
    expect(Object.keys(stores).sort()).toEqual(['LYON01', 'PARIS01']);
    const rows = await intake.imports.rows('default', r.import.id, { limit: 10 });
    expect(
      rows.rows.map((x) => [
        x.line,
        x.outcome,
        x.problems[0]?.code ?? '',
        x.problems[0]?.message ?? '',
      ]),
    ).toEqual([
      [2, 'created', '', ''],
      [3, 'created', '', ''],
      [4, 'skipped', 'INTAKE_W_DUPLICATE_MERGED', 'the same as the row on line 2, which is kept'],
      [
        5,
        'rejected',
        'INTAKE_E_DUPLICATE_IN_FILE',
        'Code "NICE01" is on 2 rows of the import with different values (first on line 5)',
      ],
      [6, 'rejected', 'INTAKE_E_DUPLICATE_IN_FILE', expect.any(String)],
      [7, 'skipped', 'INTAKE_W_DUPLICATE_MERGED', 'the same as the row on line 2, which is kept'],
    ]);
    // The outcome file gives each skipped row its own reason.
    const dir = join(box.config.reportDir, r.import.id);
    const name = readdirSync(dir).find((f) => f.startsWith('outcomes'))!;
    const outcomes = readCsvObjects(join(dir, name));
    expect(outcomes.filter((o) => o._outcome === 'skipped').map((o) => o._code)).toEqual([
      'INTAKE_W_DUPLICATE_MERGED',
      'INTAKE_W_DUPLICATE_MERGED',
    ]);
  });

  it('rows: every row that shares a value is refused, identical or not', async () => {
    const r = await run({ duplicates: 'rows' });
    expect(r.counts).toMatchObject({ created: 1, skipped: 0, rejected: 5 });
  });
});
