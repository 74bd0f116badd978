import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Worker } from '../../src/jobs/worker.js';
import { keepLease } from '../../src/store/lease-keeper.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, workerConfig, type Sandbox } from '../helpers/backends.js';
import { ROOT } from '../helpers/files.js';
import { customersCsv, submitted } from '../helpers/imports.js';

/**
 * A live worker never loses its job's lease (issue 15), however long its event loop is
 * held: here a job holds it on purpose, synchronously, for four leases, while another
 * worker process watches the queue. The job must stay this worker's (one attempt), and
 * the other worker must not start it.
 */
const BIN = join(ROOT, 'bin', 'intake.js');
const LEASE_MS = 1500;

describe.each(BACKENDS)('a starved worker keeps its lease on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  let other: ChildProcess | undefined;

  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open({ jobs: { ...box.config.jobs, leaseMs: LEASE_MS } });
  });
  afterEach(async () => {
    other?.kill('SIGKILL');
    await intake.close();
    await box.cleanup();
  });

  it('holds the event loop for four leases: the job is not taken by the other worker', async () => {
    const id = await submitted(intake, {
      files: [customersCsv(box.dir, 10)],
      entity: 'billing.customer',
    });
    const config = workerConfig(box, { leaseMs: LEASE_MS, pollMs: 50, backoffMs: 100 });
    let held = 0;
    const starved = new Worker(intake.queue, {
      leaseMs: LEASE_MS,
      pollMs: 50,
      run: async () => {
        // Only once the job is this worker's does the other one start watching.
        other = spawn(process.execPath, [BIN, 'worker', '--config', config], {
          stdio: 'ignore',
          env: { ...process.env, DATABASE_URL: '' },
        });
        // Give it time to start and look at the queue, then hold the loop (a long
        // synchronous statement, a starved CPU): no timer of this thread runs.
        await new Promise((r) => setTimeout(r, 3000));
        const start = Date.now();
        while (Date.now() - start < 4 * LEASE_MS) held++;
        // Then a while of ordinary work, for the other worker's maintenance to act.
        await new Promise((r) => setTimeout(r, 2 * LEASE_MS));
      },
    });
    expect(await starved.drain()).toBe(1);
    expect(held).toBeGreaterThan(0);
    const { job_id } = await intake.store.db
      .selectFrom('intake_import')
      .select('job_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(await intake.queue.status(job_id!)).toEqual({ state: 'done', attempts: 1 });
    // The other worker never started it: the import is where this worker left it.
    const view = (await intake.imports.get('acme', id))!;
    expect(view.events!.map((e) => e.to)).toEqual(['validating']);
  }, 60_000);
});

describe.each(BACKENDS.filter((b) => b.databaseUrl))('the lease keeper on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open();
    await sql`CREATE TABLE lease_probe (n integer NOT NULL)`.execute(intake.store.db);
    await sql`INSERT INTO lease_probe VALUES (0)`.execute(intake.store.db);
  });
  afterEach(async () => {
    await intake.close();
    await box.cleanup();
  });
  const renewals = async () =>
    Number(
      (await sql<{ n: number }>`SELECT n FROM lease_probe`.execute(intake.store.db)).rows[0]!.n,
    );
  const statement = () => ({
    sql: `UPDATE ${intake.store.schema}.lease_probe SET n = n + $1`,
    params: [1],
  });

  it('renews until stopped, then closes its connection and ends', async () => {
    const stop = keepLease(intake.store.connection!, statement(), 20);
    for (const end = Date.now() + 30_000; (await renewals()) < 3 && Date.now() < end;) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await renewals()).toBeGreaterThanOrEqual(3);
    await stop();
    const after = await renewals();
    await new Promise((r) => setTimeout(r, 200));
    expect(await renewals()).toBe(after);
  });

  it('stopped at once (a short job): ends without renewing for ever', async () => {
    await keepLease(intake.store.connection!, statement(), 20)();
    const after = await renewals();
    await new Promise((r) => setTimeout(r, 200));
    expect(await renewals()).toBe(after);
  });
});
