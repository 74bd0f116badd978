import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { customersCsv } from '../helpers/imports.js';

/**
 * A record table that an import changed by a tenth or more has its planner statistics
 * taken again at once (issue 15): ten imports uploaded together into a table grown from
 * nothing were planned as if it were empty, and took 4x as long (bench/load.js, 138 s
 * against 41 s). PostgreSQL only: SQLite's planner keeps no statistics here.
 */
const PG = BACKENDS.filter((b) => b.databaseUrl);
// Without a server the test is skipped, and says so (backends.ts warns once too).
const postgres = PG[0] ?? { name: 'postgres', databaseUrl: undefined };

describe.skipIf(PG.length === 0)('statistics after a commit on postgres', () => {
  const backend = postgres;
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
  /** The table's size as the planner believes it: ANALYZE sets it (-1: never taken). */
  const believed = async (table = 'billing_customer') => {
    const r = await sql<{ n: number }>`
      SELECT reltuples AS n FROM pg_class WHERE oid = to_regclass(${table})`.execute(
      intake.store.db,
    );
    return Number(r.rows[0]!.n);
  };

  it('analyzes a table an import grew from nothing, and not one it barely changed', async () => {
    const big = await intake.imports.run({
      files: [customersCsv(box.dir, 12_000, 'A')],
      entity: 'billing.customer',
    });
    expect(big.counts).toMatchObject({ created: 12_000 });
    expect(await believed()).toBe(12_000);

    await intake.imports.run({
      files: [customersCsv(box.dir, 50, 'B')],
      entity: 'billing.customer',
    });
    // 50 rows of 12,050: the statistics stand.
    expect(await believed()).toBe(12_000);
  });

  it("takes the statistics of a validation's row results and corrections before its reports read them", async () => {
    // Planned as empty, the reports' keyset pages sorted the whole import once per page:
    // 1M rows with 1.9M corrections took 140 s of reports (bench/pages.js), 3 s with them.
    const lines = ['code,name'];
    for (let i = 0; i < 3000; i++) lines.push(`K${i},  Customer ${i}`);
    const file = join(box.dir, 'spaced.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const r = await intake.imports.run({
      files: [file],
      entity: 'billing.customer',
      options: { dryRun: true },
    });
    expect(r.corrections).toMatchObject({ trim: 3000 });
    expect(await believed('intake_row')).toBe(3000);
    expect(await believed('intake_correction')).toBe(3000);
  });
});
