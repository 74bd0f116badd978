import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, workerConfig, type Sandbox } from '../helpers/backends.js';
import { ROOT } from '../helpers/files.js';
import { loyaltyCustomersCsv, submitted } from '../helpers/imports.js';

/**
 * Scale-out (issue 15): three `intake worker` processes share one large import's
 * staging, chunk by chunk. One of them is killed (SIGKILL) while it holds a chunk; its
 * lease lapses, another worker takes the chunk back, and every row is staged, checked
 * and written exactly once.
 */
const BIN = join(ROOT, 'bin', 'intake.js');
const ROWS = 60_000;
const CHUNK = 5_000;

describe.each(BACKENDS)('workers sharing one import on $name', { timeout: 180_000 }, (backend) => {
  let box: Sandbox;
  let intake: Intake;
  let config: string;
  const children = new Map<number, ChildProcess>();

  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open({ jobs: { ...box.config.jobs, leaseMs: 1500 } });
    config = workerConfig(
      box,
      { leaseMs: 1500, pollMs: 50, backoffMs: 100, stageChunkRows: CHUNK, stageHelpers: 2 },
      { workers: 1 },
    );
  });
  afterEach(async () => {
    for (const c of children.values()) c.kill('SIGKILL');
    children.clear();
    await intake.close();
    await box.cleanup();
  });

  const worker = () => {
    const child = spawn(process.execPath, [BIN, 'worker', '--config', config], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, DATABASE_URL: '' },
    });
    children.set(child.pid!, child);
  };
  const count = async (query: ReturnType<typeof sql<{ n: number }>>) =>
    Number((await query.execute(intake.store.db)).rows[0]!.n);

  it('one worker killed holding a chunk: the chunk is taken back, every row staged and written once', async () => {
    const { file, bad } = loyaltyCustomersCsv(box.dir, ROWS);
    const id = await submitted(intake, {
      files: [file],
      entity: 'loyalty.customer',
      approval: true,
      options: { commit: 'partial' },
    });
    const validation = (
      await intake.store.db
        .selectFrom('intake_import')
        .select('job_id')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).job_id;
    for (let i = 0; i < 3; i++) worker();

    // A helper (not the validation's own job) holding a chunk is killed at once.
    let victim: { chunk_no: number; pid: number } | undefined;
    await expect
      .poll(
        async () => {
          const held = await intake.store.db
            .selectFrom('intake_stage_chunk')
            .select(['chunk_no', 'worker', 'job_id'])
            .where('import_id', '=', id)
            .where('state', '=', 'taken')
            .execute();
          const h = held.find((c) => c.job_id !== validation);
          if (h) victim = { chunk_no: h.chunk_no, pid: Number(h.worker!.split('-').pop()) };
          return victim !== undefined;
        },
        { timeout: 90_000, interval: 5 },
      )
      .toBe(true);
    children.get(victim!.pid)!.kill('SIGKILL');
    children.delete(victim!.pid);

    await expect
      .poll(async () => (await intake.imports.get('acme', id))!.status, {
        timeout: 120_000,
        interval: 100,
      })
      .toBe('awaiting_approval');
    const chunks = await intake.store.db
      .selectFrom('intake_stage_chunk')
      .select(['chunk_no', 'state', 'takes', 'worker'])
      .where('import_id', '=', id)
      .orderBy('chunk_no')
      .execute();
    expect(chunks).toHaveLength(ROWS / CHUNK);
    expect(chunks.every((c) => c.state === 'done')).toBe(true);
    // The dead worker's chunk was taken again, by another worker.
    const retaken = chunks.find((c) => c.chunk_no === victim!.chunk_no)!;
    expect(Number(retaken.takes)).toBeGreaterThanOrEqual(2);
    expect(Number(retaken.worker!.split('-').pop())).not.toBe(victim!.pid);
    // More than one worker staged chunks.
    expect(new Set(chunks.map((c) => c.worker)).size).toBeGreaterThan(1);

    // Staged once: every row, no row twice, every problem once.
    expect(
      await count(
        sql`SELECT count(*) AS n FROM intake_stage_loyalty_customer WHERE import_id = ${id}`,
      ),
    ).toBe(ROWS);
    expect(
      await count(
        sql`SELECT count(DISTINCT row_no) AS n FROM intake_stage_loyalty_customer WHERE import_id = ${id}`,
      ),
    ).toBe(ROWS);
    expect(
      await count(
        sql`SELECT count(*) AS n FROM intake_issue WHERE import_id = ${id} AND code LIKE 'INTAKE_E_%'`,
      ),
    ).toBe(bad);
    const view = (await intake.imports.get('acme', id))!;
    expect(view.counts).toMatchObject({ rows: ROWS, rejected: bad });

    // Written once.
    await intake.imports.approve('acme', id, 'ann');
    await expect
      .poll(async () => (await intake.imports.get('acme', id))!.status, {
        timeout: 120_000,
        interval: 100,
      })
      .toBe('completed_with_issues');
    expect(await count(sql`SELECT count(*) AS n FROM loyalty_customer`)).toBe(ROWS - bad);
    expect(await count(sql`SELECT count(DISTINCT external_id) AS n FROM loyalty_customer`)).toBe(
      ROWS - bad,
    );
  });
});
