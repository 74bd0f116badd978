import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { EXAMPLES } from '../helpers/files.js';
import { settled } from '../helpers/imports.js';
import { records } from '../helpers/records.js';
import { PASSWORD, USER, ftpServer, type Running } from '../helpers/servers.js';

/**
 * Recurring sources (issue 14): a template carries a URL and a cron schedule in a time
 * zone; each due time is run once, as an ordinary import with the template's settings;
 * a file that has not changed since the last run is recorded as skipped. The clock is
 * given to `tick` (a mock of the clock only); the last test lets a real worker run it.
 */
const root = mkdtempSync(join(tmpdir(), 'intake-schedules-'));
const STORES = readFileSync(join(EXAMPLES, 'stores.csv'), 'utf8');
let ftp: Running;
beforeAll(async () => {
  ftp = await ftpServer(root);
});
afterAll(async () => {
  await ftp.close();
});

describe.each(BACKENDS)('scheduled templates on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  let app: FastifyInstance;
  let admin: Record<string, string>;
  const url = () =>
    `ftp://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${ftp.port}/stores.csv`;
  const put = (body: object) =>
    app.inject({ method: 'PUT', url: '/templates/nightly', headers: admin, payload: body });
  const settle = (id: string) => settled(intake, 'acme', id);

  beforeEach(async () => {
    writeFileSync(join(root, 'stores.csv'), STORES);
    box = sandbox(backend);
    intake = await box.open({ jobs: { ...box.config.jobs, scheduleMs: 50 } });
    app = await buildServer(intake);
    admin = {
      authorization: `Bearer ${(await intake.access.createToken('acme', 'ops', 'admin')).secret}`,
    };
  });
  afterEach(async () => {
    await app.close();
    await intake.close();
    await box.cleanup();
  });

  it('keeps a schedule on a template: checked, its credentials sealed, its next run shown', async () => {
    const res = await put({
      entity: 'loyalty.store',
      options: { mode: 'upsert' },
      schedule: { url: url(), cron: '0 2 * * *', timezone: 'Europe/Paris' },
    });
    expect(res.statusCode).toBe(201);
    const shown = res.json().schedule;
    expect(shown).toMatchObject({
      url: `ftp://${USER}:***@127.0.0.1:${ftp.port}/stores.csv`,
      cron: '0 2 * * *',
      timezone: 'Europe/Paris',
    });
    // 02:00 in Paris is 01:00 or 00:00 UTC, by the season.
    expect(shown.next).toMatch(/T0[01]:00:00\.000Z$/);
    const stored = await intake.store.db.selectFrom('intake_template').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
    expect(JSON.stringify(stored)).not.toContain(encodeURIComponent(PASSWORD));

    const refused = async (schedule: object, says: string) => {
      const r = await put({ entity: 'loyalty.store', schedule });
      expect(r.statusCode).toBe(400);
      expect(r.json().message).toContain(says);
    };
    await refused({ url: url(), cron: 'every night', timezone: 'UTC' }, 'is not a cron expression');
    await refused({ url: url(), cron: '0 2 * * *', timezone: 'Paris' }, 'is not a time zone');
    await refused({ url: '/etc/passwd', cron: '0 2 * * *' }, 'not an http, https, ftp or sftp URL');
    await refused(
      { url: `ftp://${USER}:***@127.0.0.1:1/other.csv`, cron: '0 2 * * *' },
      '*** stands for the kept ones',
    );
    // The URL as shown keeps the sealed one: a schedule edited without retyping it.
    const edited = await put({
      entity: 'loyalty.store',
      schedule: { url: shown.url, cron: '30 3 * * *', timezone: 'Europe/Paris' },
    });
    expect(edited.statusCode).toBe(200);
    const ran = await intake.schedules.tick(new Date(Date.now() + 2 * 86_400_000));
    expect(ran).toMatchObject([{ template: 'nightly', outcome: 'imported' }]);
  });

  it('imports the file when due, skips it unchanged, imports it again once changed', async () => {
    expect(
      (
        await put({
          entity: 'loyalty.store',
          schedule: { url: url(), cron: '0 2 * * *', timezone: 'UTC' },
        })
      ).statusCode,
    ).toBe(201);
    const day = (n: number) => {
      const d = new Date();
      d.setUTCHours(2, 5, 0, 0);
      return new Date(d.getTime() + n * 86_400_000);
    };
    // Not due before its first 02:00.
    expect(await intake.schedules.tick(new Date())).toEqual([]);

    // Two workers (two processes on the same database) look at the same moment: one runs it.
    const other = await box.open();
    let both: Awaited<ReturnType<Intake['schedules']['tick']>>[];
    try {
      both = await Promise.all([intake.schedules.tick(day(1)), other.schedules.tick(day(1))]);
    } finally {
      await other.close();
    }
    const first = both.flat();
    expect(first).toMatchObject([
      { outcome: 'imported', dueAt: expect.stringMatching(/T02:00:00/) },
    ]);
    const view = await settle(first[0]!.importId!);
    expect(view.status).toBe('completed');
    expect(view.createdBy).toBe('schedule nightly');
    expect(await records(intake, 'loyalty.store', 'acme')).toHaveLength(3);
    // The same due time is run once, however often the workers look.
    expect(await intake.schedules.tick(day(1))).toEqual([]);

    const same = await intake.schedules.tick(day(2));
    expect(same).toMatchObject([
      {
        outcome: 'skipped',
        importId: null,
        message: `the file has not changed since the run due at ${first[0]!.dueAt} (import ${first[0]!.importId})`,
      },
    ]);

    writeFileSync(join(root, 'stores.csv'), STORES.replace('Paris', 'Paris Centre'));
    const changed = await intake.schedules.tick(day(3));
    expect(changed).toMatchObject([{ outcome: 'imported' }]);
    expect((await settle(changed[0]!.importId!)).counts).toMatchObject({ updated: 1 });

    // A file that cannot be fetched is a failed run, said with the URL redacted.
    const gone = `ftp://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${ftp.port}/gone.csv`;
    await put({ entity: 'loyalty.store', schedule: { url: gone, cron: '0 2 * * *' } });
    const failed = await intake.schedules.tick(day(4));
    expect(failed).toMatchObject([{ outcome: 'failed', importId: null }]);
    expect(failed[0]!.message).not.toContain(PASSWORD);

    const runs = await app.inject({
      method: 'GET',
      url: '/templates/nightly/runs',
      headers: admin,
    });
    expect(runs.json().map((r: { outcome: string }) => r.outcome)).toEqual([
      'failed',
      'imported',
      'skipped',
      'imported',
    ]);
  });

  it('runs in the worker: a schedule due every second runs twice, the second time skipped', async () => {
    await put({
      entity: 'loyalty.store',
      schedule: { url: url(), cron: '* * * * * *', timezone: 'UTC' },
    });
    const worker = intake.startWorker(() => {});
    worker.start();
    try {
      let runs: { outcome: string; importId: string | null }[] = [];
      for (const end = Date.now() + 60_000; runs.length < 2 && Date.now() < end;) {
        await new Promise((r) => setTimeout(r, 50));
        runs = (await intake.templates.runs('acme', 'nightly')).filter(
          (r) => r.outcome !== 'running',
        );
      }
      expect(runs.slice(-2).map((r) => r.outcome)).toEqual(['skipped', 'imported']);
      const id = runs.at(-1)!.importId!;
      for (const end = Date.now() + 60_000; Date.now() < end;) {
        if ((await intake.imports.get('acme', id))!.status === 'completed') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await records(intake, 'loyalty.store', 'acme')).toHaveLength(3);
    } finally {
      await worker.stop();
    }
  });
});
