import { createWriteStream } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, workerConfig, type Sandbox } from '../helpers/backends.js';
import { ROOT } from '../helpers/files.js';
import { customersCsv, submitted } from '../helpers/imports.js';

/**
 * Restart safety (issue 5, SPEC J2): an `intake worker` process is killed with SIGKILL
 * in the middle of a validation or a commit; another one started afterwards takes the
 * job again once the lease runs out and finishes the import, with no row written twice.
 */
const BIN = join(ROOT, 'bin', 'intake.js');
const ROWS = 60_000;
const LONG = 150_000;

describe.each(BACKENDS)('restart safety on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  let config: string;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    box = sandbox(backend);
    // The same lease as the workers': the submitter sets a new job's first lease.
    intake = await box.open({ jobs: { ...box.config.jobs, leaseMs: 1500 } });
    config = workerConfig(
      box,
      { leaseMs: 1500, pollMs: 50, backoffMs: 100, commitChunkRows: 1000 },
      { workers: 1 },
    );
  });
  afterEach(async () => {
    for (const c of children) c.kill('SIGKILL');
    await intake.close();
    await box.cleanup();
  });

  const worker = (...args: string[]) => {
    const child = spawn(process.execPath, [BIN, 'worker', '--config', config, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, DATABASE_URL: '' },
    });
    children.push(child);
    // DEBUG_WORKERS=1 keeps each worker's stderr (with INTAKE_SLOW_QUERY_MS, its slow
    // statements) in /tmp/worker-<pid>.log.
    if (process.env.DEBUG_WORKERS) {
      const out = createWriteStream(`/tmp/worker-${child.pid}.log`);
      child.stderr!.pipe(out);
    }
    return child;
  };
  const stored = async () => {
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM billing_customer`.execute(
      intake.store.db,
    );
    return Number(r.rows[0]!.n);
  };
  const wait = async (what: () => Promise<boolean>, ms = 60_000) => {
    const end = Date.now() + ms;
    while (!(await what())) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  /** A big customer file (codes `<prefix>0`…) submitted for workspace acme; the table exists already. */
  const submitBig = async (commit: 'partial' | 'atomic', prefix = 'C', rows = ROWS) => {
    await intake.imports.run({
      files: [join(ROOT, 'examples/billing/initial/customers.csv')],
      workspace: 'other',
    });
    return submitted(intake, {
      actor: 'test',
      files: [customersCsv(box.dir, rows, prefix)],
      entity: 'billing.customer',
      options: { commit },
    });
  };
  const inCommit = (id: string, needRows: boolean) =>
    wait(async () => {
      const v = (await intake.imports.get('acme', id))!;
      const p = v.progress as { phase?: string; rows?: number } | null;
      return v.status === 'running' && p?.phase === 'commit' && (!needRows || (p.rows ?? 0) > 0);
    });
  /** Where the import's current job stands in the queue. */
  const job = async (id: string) => {
    const { job_id } = await intake.store.db
      .selectFrom('intake_import')
      .select('job_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return intake.queue.status(job_id!);
  };
  /** The import's job is no longer running (its worker saw the cancel and stopped). */
  const jobsDone = (id: string) => wait(async () => (await job(id))?.state !== 'running');

  it('cancelled while a partial commit runs: it stops, keeps what was written, says so', async () => {
    const id = await submitBig('partial');
    const w = worker();
    await inCommit(id, true);
    await intake.imports.cancel('acme', id, 'ann');
    await jobsDone(id);
    w.kill('SIGKILL');
    const view = (await intake.imports.get('acme', id))!;
    expect(view.status).toBe('cancelled');
    const written = (await stored()) - 3;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(ROWS);
    expect(view.events!.at(-1)).toMatchObject({ from: 'running', to: 'cancelled', actor: 'ann' });
    // The counts say what is in the table; the rows not written are refused, and why.
    expect(view.counts).toMatchObject({ rows: ROWS, created: written, rejected: ROWS - written });
    const left = await intake.imports.rows('acme', id, { code: 'INTAKE_E_CANCELLED', limit: 1 });
    expect(left.rows).toHaveLength(1);
  });

  it('cancelled while an atomic commit runs: nothing written, or too late and all written', async () => {
    const id = await submitBig('atomic');
    const w = worker();
    await inCommit(id, false);
    let refused: string | undefined;
    try {
      await intake.imports.cancel('acme', id, 'ann');
    } catch (e) {
      refused = (e as Error).message;
    }
    await jobsDone(id);
    w.kill('SIGKILL');
    const status = (await intake.imports.get('acme', id))!.status;
    if (refused) {
      expect(refused).toContain('already written');
      expect(status).toBe('completed');
      expect(await stored()).toBe(ROWS + 3);
    } else {
      expect(status).toBe('cancelled');
      expect(await stored()).toBe(3);
    }
  });

  it('cancelled while it validates: the reading stops at its next chunk, nothing is kept', async () => {
    const id = await submitBig('atomic', 'V', LONG);
    const w = worker();
    await wait(async () => {
      const v = (await intake.imports.get('acme', id))!;
      const p = v.progress as { phase?: string; rows?: number } | null;
      return v.status === 'validating' && (p?.rows ?? 0) > 0;
    });
    await intake.imports.cancel('acme', id, 'ann');
    // The worker lets the job go (it does not read on to the end of the file)...
    await jobsDone(id);
    const view = (await intake.imports.get('acme', id))!;
    w.kill('SIGKILL');
    expect(view.status).toBe('cancelled');
    expect((view.progress as { rows?: number } | null)?.rows ?? 0).toBeLessThan(LONG);
    // ... and keeps nothing of it: no row results, nothing written.
    const kept = await intake.store.db
      .selectFrom('intake_row')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('import_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Number(kept.n)).toBe(0);
    expect(await stored()).toBe(3);
  });

  it('a worker killed mid-validation: the next one validates again from the start', async () => {
    const id = await submitBig('atomic');
    const { job_id: validation } = await intake.store.db
      .selectFrom('intake_import')
      .select('job_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const first = worker();
    const exited = new Promise((r) => first.once('exit', r));
    await wait(async () => {
      const v = (await intake.imports.get('acme', id))!;
      const p = v.progress as { phase?: string; rows?: number } | null;
      return v.status === 'validating' && (p?.rows ?? 0) > 0;
    });
    first.kill('SIGKILL');
    await exited;
    expect(await stored()).toBe(3); // validation writes no record

    const second = worker();
    await wait(async () => (await intake.imports.get('acme', id))!.status === 'completed');
    second.kill('SIGKILL');
    expect(await intake.queue.status(validation as string)).toEqual({ state: 'done', attempts: 2 });
    const done = (await intake.imports.get('acme', id))!;
    // Staged once: the second validation does not add to what the first one staged.
    expect(done.counts).toMatchObject({ rows: ROWS, created: ROWS, rejected: 0 });
    expect(await stored()).toBe(ROWS + 3);
  });

  it('a job whose worker dies on every attempt: each retry is in the history, then the import fails', async () => {
    const id = await submitBig('atomic', 'K', LONG);
    const { job_id: validation } = await intake.store.db
      .selectFrom('intake_import')
      .select('job_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    // maxAttempts is 3: three workers, each killed while it validates.
    for (let n = 1; n <= 3; n++) {
      const w = worker();
      const exited = new Promise((r) => w.once('exit', r));
      // Killed once this attempt is under way: it said so, and has read rows.
      await wait(async () => {
        const j = await intake.queue.status(validation!);
        const v = (await intake.imports.get('acme', id))!;
        const said = n === 1 || v.events!.some((e) => e.note?.startsWith(`attempt ${n} of 3`));
        const p = v.progress as { rows?: number } | null;
        return j?.state === 'running' && j.attempts === n && said && (p?.rows ?? 0) > 0;
      });
      w.kill('SIGKILL');
      await exited;
    }
    // No fourth attempt: the queue fails the job once its lease runs out...
    worker();
    await wait(async () => (await intake.queue.status(validation!))?.state === 'failed');
    expect((await intake.queue.status(validation!))!.attempts).toBe(3);
    // ... and the worker's sweep (every minute; here at once) fails the import, and says why.
    expect(await intake.imports.recoverOrphans(0, new Date(Date.now() + 1000))).toEqual([]);
    const view = (await intake.imports.get('acme', id))!;
    expect(view.status).toBe('failed');
    expect(view.errorCode).toBe('INTAKE_E_WORKER_LOST');
    const notes = view.events!.map((e) => e.note ?? '');
    expect(
      notes.filter((n) => /^attempt [23] of 3: the previous one stopped/.test(n)),
    ).toHaveLength(2);
    expect(view.events!.at(-1)).toMatchObject({ from: 'validating', to: 'failed' });
    expect(await stored()).toBe(3);
  });

  it.each(['partial', 'atomic'] as const)(
    'a worker killed mid-commit (%s): the next one finishes, nothing twice',
    async (commit) => {
      const id = await submitBig(commit);

      const first = worker();
      const exited = new Promise((r) => first.once('exit', r));
      await inCommit(id, commit === 'partial');
      first.kill('SIGKILL');
      await exited;
      const atKill = await stored();
      expect((await intake.imports.get('acme', id))!.status).toBe('running');
      if (commit === 'partial') {
        // Some chunks landed, not all: the kill really came mid-commit.
        expect(atKill).toBeGreaterThan(3);
        expect(atKill).toBeLessThan(ROWS + 3);
      }

      // The lease of the dead worker runs out; the next worker takes the job again.
      const second = worker();
      await wait(async () => (await intake.imports.get('acme', id))!.status === 'completed');
      second.kill('SIGKILL');
      expect((await job(id))!.attempts).toBe(2);
      const done = (await intake.imports.get('acme', id))!;
      expect(done.status).toBe('completed');
      expect(done.counts).toMatchObject({ rows: ROWS, created: ROWS, rejected: 0 });
      expect(await stored()).toBe(ROWS + 3);
      const dup = await sql<{ n: number }>`
        SELECT count(*) AS n FROM (SELECT code FROM billing_customer GROUP BY workspace_id, code HAVING count(*) > 1) d`.execute(
        intake.store.db,
      );
      expect(Number(dup.rows[0]!.n)).toBe(0);
    },
  );

  // A lease that runs out while its worker lives is a bug, however busy the machine. On
  // SQLite three busy processes keep both cores busy for the whole test: a statement
  // there holds the worker's event loop, and this is where a lapsed lease handed a live
  // job to a second worker. PostgreSQL's renewals run beside its statements; it passed
  // starved too (31 s here), but 300,000 rows starved outlast CI's minutes, so it runs
  // this on a quiet machine.
  const burners = backend.name === 'sqlite' ? 3 : 0;
  it(`two workers share the queue, and a job longer than its lease is not taken twice, ${burners ? 'with the CPU starved' : 'on a quiet machine'}`, async () => {
    for (let i = 0; i < burners; i++) {
      children.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
    }
    // Large enough that validating takes longer than two leases even on a quiet machine
    // (checked below: 75,000 rows once took 2.95 s on PostgreSQL, too close).
    const rows = LONG;
    const imports = [await submitBig('atomic', 'A', rows), await submitBig('partial', 'B', rows)];
    // Their validation jobs, the long ones here (the commit job replaces them later).
    const validations = await Promise.all(
      imports.map(async (id) => {
        const { job_id } = await intake.store.db
          .selectFrom('intake_import')
          .select('job_id')
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        return job_id as string;
      }),
    );
    worker();
    worker();
    const finished = async (id: string) =>
      /completed/.test((await intake.imports.get('acme', id))!.status);
    // The wait is for the state; its bound only stops a hang. (On PostgreSQL this took
    // from 12 s to over 2 minutes until the commit's second match stopped trusting
    // statistics that did not know the other import's records yet: plan/match.ts.)
    await wait(async () => (await finished(imports[0]!)) && (await finished(imports[1]!)), 120_000);
    for (const [i, id] of imports.entries()) {
      // The import is completed a moment before its worker marks the job done.
      await wait(async () => (await job(id))?.state === 'done');
      const view = (await intake.imports.get('acme', id))!;
      // Validation ran for longer than two leases (1.5 s): only the renewals kept it.
      const [created, validated] = view.events!.map((e) => Date.parse(e.at));
      expect(validated! - created!).toBeGreaterThan(3000);
      expect(await intake.queue.status(validations[i]!)).toEqual({ state: 'done', attempts: 1 });
      expect(await job(id)).toEqual({ state: 'done', attempts: 1 });
      expect(view.events!.map((e) => e.to)).toEqual([
        'validating',
        'queued',
        'running',
        'completed',
      ]);
      expect(view.counts).toMatchObject({ rows, created: rows, rejected: 0 });
    }
    expect(await stored()).toBe(2 * rows + 3);
  }, 180_000); // 300,000 rows on a starved machine: longer than the default minute
});
