import yauzl from 'yauzl';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { refuseInserts } from '../helpers/faults.js';
import { multipart, type Upload } from '../helpers/multipart.js';
import { ROOT } from '../helpers/files.js';
import { writeZip } from '../helpers/xlsx.js';

/**
 * The HTTP API with its job worker, on every backend (issue 5): the lifecycle of an
 * import with and without approval, rejection, cancel, retries after a real database
 * fault, roles, workspace isolation and the error format.
 */
const ZIP = readFileSync(join(ROOT, 'examples', 'billing', 'billing.zip'));

describe.each(BACKENDS)('HTTP API on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  let app: FastifyInstance;
  const token: Record<string, string> = {};

  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open();
    app = await buildServer(intake);
    for (const role of ['viewer', 'importer', 'approver', 'admin'] as const) {
      token[role] = (await intake.access.createToken('acme', `${role}-ann`, role)).secret;
    }
    token.outsider = (await intake.access.createToken('other', 'outsider', 'admin')).secret;
  });
  afterEach(async () => {
    await app.close();
    await intake.close();
    await box.cleanup();
  });

  const auth = (who: string) => ({ authorization: `Bearer ${token[who]}` });
  const get = (who: string, url: string) => app.inject({ method: 'GET', url, headers: auth(who) });
  const post = (who: string, url: string, payload?: object) =>
    app.inject({ method: 'POST', url, headers: auth(who), ...(payload ? { payload } : {}) });
  const upload = async (who: string, files: Upload[], fields: Record<string, string> = {}) => {
    const body = await multipart(files, fields);
    return app.inject({
      method: 'POST',
      url: '/imports',
      payload: body.payload,
      headers: { ...auth(who), ...body.headers },
    });
  };
  /**
   * Run due jobs, waiting out retry delays, until the import settles. pg-boss waits whole
   * seconds between tries (1-2 s, then 2-4 s), so three tries can take 6 s and more.
   */
  const settle = async (id: string, until = /completed|failed|cancelled|awaiting|dry_run/) => {
    const worker = intake.startWorker();
    for (const end = Date.now() + 30_000; Date.now() < end;) {
      await worker.drain();
      const status = (await intake.imports.get('acme', id))!.status;
      if (until.test(status)) return status;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`import ${id} did not settle`);
  };
  const transitions = async (id: string) =>
    (await intake.imports.get('acme', id))!.events!.map((e) => `${e.from ?? ''}>${e.to}`);

  it('uploads, validates and commits a ZIP; progress, history, reports and records', async () => {
    const res = await upload('importer', [{ name: 'billing.zip', data: ZIP }]);
    expect(res.statusCode).toBe(202);
    const id = res.json().id as string;
    expect(res.json()).toMatchObject({ status: 'validating', createdBy: 'importer-ann' });

    expect(await settle(id)).toBe('completed');
    const done = (await get('viewer', `/imports/${id}`)).json();
    expect(done.counts).toMatchObject({ rows: 48, created: 48, rejected: 0 });
    expect(done.progress).toMatchObject({ phase: 'commit', rows: 48, total: 48 });
    expect(done.finishedAt).toBeTruthy();
    expect(await transitions(id)).toEqual([
      '>validating',
      'validating>queued',
      'queued>running',
      'running>completed',
    ]);

    const reports = (await get('viewer', `/imports/${id}/reports`)).json() as { name: string }[];
    expect(reports.map((r) => r.name)).toContain('summary.json');
    const summary = (await get('viewer', `/imports/${id}/reports/summary.json`)).json();
    expect(summary.counts.created).toBe(48);
    expect(summary.import.status).toBe('completed');

    const records = await get('viewer', '/records/billing.user_account?format=ndjson');
    expect(records.statusCode).toBe(200);
    expect(records.body.trim().split('\n')).toHaveLength(12);
    const active = await get('viewer', '/records/billing.user_account?format=json&parent=UA-ACME');
    expect(
      active
        .json()
        .map((u: { code: string }) => u.code)
        .sort(),
    ).toEqual(['UA-ACME-DE', 'UA-ACME-FR']);
    const one = await get('viewer', '/records/billing.user_account/UA-ACME-FR-LYON');
    expect(one.json()).toMatchObject({ parent: 'UA-ACME-FR', custom: { cost_center: 'CC-7300' } });
    expect((await get('viewer', '/records/billing.user_account/NOPE')).statusCode).toBe(404);
    expect(
      (await get('outsider', '/records/billing.user_account/UA-ACME-FR-LYON')).statusCode,
    ).toBe(404);
    const badField = await get('viewer', '/records/billing.user_account?colour=red');
    expect(badField.json()).toMatchObject({ code: 'INTAKE_E_FIELD_UNKNOWN' });
    const list = (await get('viewer', '/imports?status=completed')).json();
    expect(list.map((i: { id: string }) => i.id)).toEqual([id]);
  });

  it('holds an import for approval; only an approver lets it through', async () => {
    const res = await upload('importer', [{ name: 'billing.zip', data: ZIP }], {
      approval: 'true',
    });
    const id = res.json().id as string;
    expect(await settle(id)).toBe('awaiting_approval');
    expect((await get('viewer', '/records/billing.customer')).body).toBe('');

    const denied = await post('importer', `/imports/${id}/approve`);
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'INTAKE_E_FORBIDDEN' });

    const approved = await post('approver', `/imports/${id}/approve`);
    expect(approved.statusCode).toBe(200);
    expect(approved.json().status).toBe('queued');
    expect(await settle(id)).toBe('completed');
    const events = (await intake.imports.get('acme', id))!.events!;
    expect(events.find((e) => e.to === 'queued')).toMatchObject({
      actor: 'approver-ann',
      from: 'awaiting_approval',
    });
    expect((await get('viewer', '/records/billing.customer')).body.trim().split('\n')).toHaveLength(
      3,
    );

    // Approving twice is a conflict, with the status in the message.
    const again = await post('approver', `/imports/${id}/approve`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'INTAKE_E_IMPORT_STATE',
      details: { status: 'completed' },
    });
  });

  it('a rejection needs a reason, writes nothing and is audited', async () => {
    const id = (
      await upload('importer', [{ name: 'billing.zip', data: ZIP }], { approval: 'true' })
    ).json().id as string;
    await settle(id);
    const noReason = await post('approver', `/imports/${id}/reject`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().code).toBe('INTAKE_E_REQUEST');
    const rejected = await post('approver', `/imports/${id}/reject`, { reason: 'wrong month' });
    expect(rejected.json()).toMatchObject({ status: 'cancelled' });
    expect(rejected.json().events.at(-1)).toMatchObject({
      actor: 'approver-ann',
      note: 'rejected: wrong month',
    });
    expect((await get('viewer', '/records/billing.customer')).body).toBe('');
    const log = (await get('admin', '/audit')).json() as { action: string; target: string }[];
    expect(log.map((a) => a.action)).toEqual(
      expect.arrayContaining(['import.create', 'import.reject']),
    );
    expect((await get('approver', '/audit')).statusCode).toBe(403);
  });

  it('gives an import whose job was lost in a crash its job back', async () => {
    const id = (await upload('importer', [{ name: 'billing.zip', data: ZIP }])).json().id as string;
    // The crash window: the status says validating, the job is gone.
    const { job_id } = await intake.store.db
      .selectFrom('intake_import')
      .select('job_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(await intake.queue.cancel(job_id!)).toBe(true);
    expect(await intake.startWorker().drain()).toBe(0);
    expect(await intake.imports.recoverOrphans(60_000)).toEqual([]); // too recent: maybe in progress
    expect(await intake.imports.recoverOrphans(0, new Date(Date.now() + 1000))).toEqual([id]);
    expect(await settle(id)).toBe('completed');
  });

  it('queues jobs in pg-boss on PostgreSQL, in the jobs table on SQLite', async () => {
    const runAt = new Date(Date.now() + 3_600_000);
    const id = (
      await upload('importer', [{ name: 'billing.zip', data: ZIP }], {
        runAt: runAt.toISOString(),
      })
    ).json().id as string;
    const { job_id } = await intake.store.db
      .selectFrom('intake_import')
      .select('job_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(await intake.queue.status(job_id!)).toEqual({ state: 'queued', attempts: 0 });
    if (backend.name === 'postgres') {
      expect(intake.queue.engine).toBe('pg-boss');
      const r = await sql<{ name: string; start_after: Date; data: { kind: string } }>`
        SELECT name, start_after, data FROM ${sql.id(`${intake.store.schema}_pgboss`, 'job')}
        WHERE id = ${job_id}`.execute(intake.store.db);
      expect(r.rows[0]).toMatchObject({ name: 'intake-import', data: { kind: 'validate' } });
      expect(r.rows[0]!.start_after.getTime()).toBe(runAt.getTime());
    } else {
      expect(intake.queue.engine).toBe('table');
      const row = await intake.store.db
        .selectFrom('intake_job')
        .select(['import_id', 'run_at'])
        .where('id', '=', job_id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ import_id: id, run_at: runAt.toISOString() });
    }
  });

  it('cancels a scheduled import before it runs', async () => {
    const runAt = new Date(Date.now() + 3_600_000).toISOString();
    const id = (await upload('importer', [{ name: 'billing.zip', data: ZIP }], { runAt })).json()
      .id as string;
    await intake.startWorker().drain(); // not due yet: nothing runs
    expect((await intake.imports.get('acme', id))!.status).toBe('validating');
    const cancelled = await post('importer', `/imports/${id}/cancel`);
    expect(cancelled.json().status).toBe('cancelled');
    expect(await intake.startWorker().drain()).toBe(0);
  });

  it('retries a commit the database refuses, and lands it once the fault is gone', async () => {
    // A real fault: a trigger that refuses every insert into the customer table.
    await intake.imports.run({
      files: [join(ROOT, 'examples', 'billing', 'initial', 'customers.csv')],
      workspace: 'scratch',
    });
    const fault = await refuseInserts(intake.store.db, backend, {
      table: 'billing_customer',
      message: 'table locked for maintenance',
    });
    const id = (await upload('importer', [{ name: 'billing.zip', data: ZIP }])).json().id as string;
    // A second process on the same database, whose retries wait long enough to fix things.
    const patient = await box.open({
      jobs: {
        maxAttempts: 3,
        backoffMs: 1000,
        leaseMs: 60_000,
        pollMs: 20,
        duplicateWindowMs: 0,
        replayDays: 7,
      },
    });
    try {
      await patient.startWorker().drain(); // validation, then the first commit attempt, refused
    } finally {
      await patient.close();
    }
    expect((await intake.imports.get('acme', id))!.status).toBe('queued');
    await fault.undo();
    expect(await settle(id)).toBe('completed');
    const history = await transitions(id);
    expect(history.filter((t) => t === 'running>queued').length).toBeGreaterThanOrEqual(1);
    const retry = (await intake.imports.get('acme', id))!.events!.find(
      (e) => e.to === 'queued' && e.from === 'running',
    )!;
    expect(retry.note).toContain('table locked for maintenance');
    expect((await get('viewer', '/records/billing.customer')).body.trim().split('\n')).toHaveLength(
      3,
    );
  });

  it('fails for good after three refused attempts; atomic: nothing written', async () => {
    await intake.imports.run({
      files: [join(ROOT, 'examples', 'billing', 'billing.zip')],
      workspace: 'scratch',
    });
    await refuseInserts(intake.store.db, backend, {
      table: 'billing_user_account',
      message: 'disk full',
    });
    const id = (await upload('importer', [{ name: 'billing.zip', data: ZIP }])).json().id as string;
    expect(await settle(id, /completed|failed/)).toBe('failed');
    const history = await transitions(id);
    expect(history.filter((t) => t === 'queued>running')).toHaveLength(3);
    const view = (await get('viewer', `/imports/${id}`)).json();
    expect(view.error).toContain('disk full');
    expect((await get('viewer', '/records/billing.customer')).body).toBe('');
    const rejections = await get('viewer', `/imports/${id}/reports/rejections-1-counters.csv`);
    expect(rejections.body).toContain('INTAKE_E_COMMIT_FAILED');
    // Every file's rejections in one download: a ZIP of them, each with its own columns.
    const zip = await get('viewer', `/imports/${id}/reports/rejections.zip`);
    expect(zip.headers['content-type']).toBe('application/zip');
    expect(zip.headers['content-disposition']).toBe(`attachment; filename="${id}-rejections.zip"`);
    const members = await unzip(zip.rawPayload);
    const names = (await get('viewer', `/imports/${id}/reports`)).json() as { name: string }[];
    expect(Object.keys(members).sort()).toEqual(
      names
        .map((n) => n.name)
        .filter((n) => n.startsWith('rejections-'))
        .sort(),
    );
    expect(members['rejections-1-counters.csv']).toBe(rejections.body);
    expect(Object.values(members).every((text) => text.includes('INTAKE_E_COMMIT_FAILED'))).toBe(
      true,
    );
  });

  it('keeps workspaces apart on every route', async () => {
    const id = (await upload('importer', [{ name: 'billing.zip', data: ZIP }])).json().id as string;
    await settle(id);
    for (const url of [
      `/imports/${id}`,
      `/imports/${id}/reports`,
      `/imports/${id}/reports/summary.json`,
    ]) {
      const r = await get('outsider', url);
      expect(r.statusCode, url).toBe(404);
      expect(r.json().code).toBe('INTAKE_E_NOT_FOUND');
    }
    for (const step of ['approve', 'cancel']) {
      expect((await post('outsider', `/imports/${id}/${step}`)).statusCode).toBe(404);
    }
    expect((await post('outsider', `/imports/${id}/reject`, { reason: 'x' })).statusCode).toBe(404);
    for (const step of ['validate', 'replay']) {
      expect((await post('outsider', `/imports/${id}/${step}`, {})).statusCode, step).toBe(404);
    }
    for (const url of [
      `/imports/${id}/files`,
      `/imports/${id}/rows`,
      `/imports/${id}/corrections`,
    ]) {
      expect((await get('outsider', url)).statusCode, url).toBe(404);
    }
    const patch = await app.inject({
      method: 'PATCH',
      url: `/imports/${id}`,
      headers: auth('outsider'),
      payload: { approval: true },
    });
    expect(patch.statusCode).toBe(404);
    // Tokens, webhooks and the audit log of one workspace are out of reach of another's admin.
    const mine = (await get('admin', '/tokens')).json() as { id: string }[];
    const del = await app.inject({
      method: 'DELETE',
      url: `/tokens/${mine[0]!.id}`,
      headers: auth('outsider'),
    });
    expect(del.statusCode).toBe(404);
    const hook = await intake.webhooks.add('acme', 'http://127.0.0.1:9/hook');
    const delHook = await app.inject({
      method: 'DELETE',
      url: `/webhooks/${hook.id}`,
      headers: auth('outsider'),
    });
    expect(delHook.statusCode).toBe(404);
    expect((await get('outsider', `/webhooks/${hook.id}/deliveries`)).json()).toEqual([]);
    expect((await get('outsider', '/webhooks')).json()).toEqual([]);
    const theirAudit = (await get('outsider', '/audit')).json() as { target: string }[];
    expect(theirAudit.map((a) => a.target)).not.toContain(id);
    expect((await get('outsider', '/imports')).json()).toEqual([]);
    expect((await get('outsider', '/records/billing.customer')).body).toBe('');
    expect((await get('outsider', '/entity-types/billing.customer/records')).json()).toEqual({
      total: 0,
      rows: [],
    });
    const counts = (await get('outsider', '/entity-types')).json() as { count: number }[];
    expect(counts.every((e) => e.count === 0)).toBe(true);
    expect((await get('outsider', '/me')).json()).toMatchObject({ workspace: 'other' });
    expect(
      (await get('outsider', '/tokens')).json().map((t: { workspace: string }) => t.workspace),
    ).toEqual(['other']);
  });

  it('serves what the web UI reads: who I am, counts, record pages, templates, corrections', async () => {
    expect((await get('importer', '/me')).json()).toEqual({
      name: 'importer-ann',
      workspace: 'acme',
      role: 'importer',
    });
    const id = (await upload('importer', [{ name: 'billing.zip', data: ZIP }])).json().id as string;
    expect(await settle(id)).toBe('completed');
    const types = (await get('viewer', '/entity-types')).json() as {
      name: string;
      count: number;
    }[];
    expect(types.find((e) => e.name === 'billing.user_account')!.count).toBe(12);
    expect(types.find((e) => e.name === 'loyalty.customer')!.count).toBe(0);

    const page = (
      await get('viewer', '/entity-types/billing.user_account/records?limit=5&offset=0')
    ).json() as { total: number; rows: { code: string }[] };
    expect(page.total).toBe(12);
    expect(page.rows).toHaveLength(5);
    const rest = (
      await get('viewer', '/entity-types/billing.user_account/records?limit=5&offset=10')
    ).json() as { rows: { code: string }[] };
    expect(rest.rows).toHaveLength(2);
    const codes = new Set([...page.rows, ...rest.rows].map((r) => r.code));
    expect(codes.size).toBe(7);
    // A search finds text in any text field, whatever its case; a field filters exactly.
    const name = page.rows[0]!.code;
    const found = (
      await get('viewer', `/entity-types/billing.user_account/records?q=${name.toLowerCase()}`)
    ).json() as { rows: { code: string }[] };
    expect(found.rows.map((r) => r.code)).toContain(name);
    const exact = (
      await get('viewer', `/entity-types/billing.user_account/records?code=${name}`)
    ).json() as { total: number };
    expect(exact.total).toBe(1);
    const wild = (await get('viewer', '/entity-types/billing.user_account/records?q=%25')).json();
    expect(wild.total).toBe(0); // % is searched for as a character, not a wildcard
    expect(
      (await get('viewer', '/entity-types/billing.user_account/records?nope=1')).json().code,
    ).toBe('INTAKE_E_FIELD_UNKNOWN');

    const csv = await get('viewer', '/entity-types/billing.customer/template?format=csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toContain('code');
    const xlsx = await get('viewer', '/entity-types/billing.customer/template?format=xlsx');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');

    // The history, a page at a time, newest first.
    for (const name of ['a.csv', 'b.csv']) {
      await upload('importer', [{ name, data: 'code,name\nX1,One\n' }], {
        draft: 'true',
        force: 'true',
      });
    }
    const first = (await get('viewer', '/imports?limit=2')).json() as { id: string }[];
    const second = (await get('viewer', '/imports?limit=2&offset=2')).json() as { id: string }[];
    expect(first).toHaveLength(2);
    expect(second.map((i) => i.id)).toEqual([id]);
    expect(first.map((i) => i.id)).not.toContain(id);

    const corrections = (await get('viewer', `/imports/${id}/corrections?limit=2`)).json() as {
      rows: { from: string; to: string; rule: string }[];
      next: number | null;
    };
    expect(corrections.rows).toHaveLength(2);
    expect(corrections.next).toBe(2);
    for (const c of corrections.rows) expect(c.rule).toBeTruthy();
  });

  it('answers every mistake with a code, a message and the right status', async () => {
    const none = await app.inject({ method: 'GET', url: '/imports' });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ code: 'INTAKE_E_UNAUTHENTICATED' });
    const bad = await app.inject({
      method: 'GET',
      url: '/imports',
      headers: { authorization: 'Bearer nope' },
    });
    expect(bad.statusCode).toBe(401);
    const viewer = await upload('viewer', [{ name: 'a.csv', data: 'code,name\nX,Y\n' }]);
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json().message).toContain('importer');
    const options = await upload('importer', [{ name: 'a.csv', data: 'code\nX\n' }], {
      options: '{nope',
    });
    expect(options.statusCode).toBe(400);
    expect(options.json()).toMatchObject({ code: 'INTAKE_E_REQUEST' });
    const big = await upload('importer', [
      { name: 'big.csv', data: Buffer.alloc(6 * 1024 * 1024, 'a') },
    ]);
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('INTAKE_E_TOO_LARGE');
    const route = await get('viewer', '/nowhere');
    expect(route.statusCode).toBe(404);
    expect(route.json().code).toBe('INTAKE_E_NOT_FOUND');
    const ambiguous = await get('viewer', '/records/customer');
    expect(ambiguous.statusCode).toBe(400);
    expect(ambiguous.json()).toMatchObject({ code: 'INTAKE_E_ENTITY_AMBIGUOUS' });
    for (const r of [none, options, big, route]) expect(r.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('imports inline records, refuses an atomic import with a bad row, says why', async () => {
    const res = await post('importer', '/imports/sources', {
      entity: 'billing.customer',
      inline: 'code=C1||name=One\ncode=C2||name=Two||category=galactic',
    });
    expect(res.statusCode).toBe(202);
    const id = res.json().id as string;
    expect(await settle(id)).toBe('failed');
    const view = (await get('viewer', `/imports/${id}`)).json();
    expect(view.counts).toMatchObject({ rows: 2, rejected: 2 });
    expect(view.events.at(-1).note).toContain('atomic');
    const rejections = await get('viewer', `/imports/${id}/reports/rejections.csv`);
    expect(rejections.body).toContain('INTAKE_E_ENUM');
    expect(rejections.body).toContain('INTAKE_E_COMMIT_ABORTED');
  });

  it('step by step: a draft shows its members, takes a mapping and a dropped member, then runs', async () => {
    const initial = join(ROOT, 'examples', 'billing', 'initial');
    const zip = await writeZip(join(box.dir, 'partner.zip'), {
      'customers.csv': readFileSync(join(initial, 'customers.csv')),
      'payment_methods.csv': readFileSync(join(initial, 'payment_methods.csv')),
      'notes.csv': 'when,who,what\nmonday,ann,called\n',
      // A column Intake cannot place by itself: "Raison" is the customer's name.
      'customer_accounts.csv':
        'code,customer,Raison,currency\nCA-ACME,C-ACME,Acme group,EUR\nCA-BOLT,C-BOLT,Bolt,GBP\nCA-DUPONT,C-DUPONT,Dupont,EUR\n',
    });
    const res = await upload('importer', [{ name: 'partner.zip', data: readFileSync(zip) }], {
      draft: 'true',
    });
    // Incomplete (SPEC J1): the customer accounts' name has no column yet.
    expect(res.json()).toMatchObject({ status: 'incomplete', errorCode: 'INTAKE_E_INCOMPLETE' });
    expect(res.json().error).toBe(
      'the mapping leaves out: customer_accounts.csv: no column for Name, which Customer account needs',
    );
    const id = res.json().id as string;
    await intake.startWorker().drain();
    expect((await intake.imports.get('acme', id))!.status).toBe('incomplete'); // nothing runs
    const early = await post('importer', `/imports/${id}/validate`);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'INTAKE_E_INCOMPLETE' });
    expect(early.json().message).toContain('customer_accounts.csv: no column for Name');

    const files = (await get('viewer', `/imports/${id}/files`)).json();
    expect(files[0].file).toBe('partner.zip');
    const members = Object.fromEntries(
      files[0].sheets.map((s: { name: string; entity: string }) => [s.name, s.entity]),
    );
    expect(members).toMatchObject({
      'customers.csv': 'billing.customer',
      'payment_methods.csv': 'billing.payment_method',
      'notes.csv': 'UNKNOWN',
      'customer_accounts.csv': 'billing.customer_account',
    });
    const ca = files[0].sheets.find((s: { name: string }) => s.name === 'customer_accounts.csv');
    expect(ca.mapping.find((m: { header: string }) => m.header === 'Raison').field).toBeNull();

    const patched = await app.inject({
      method: 'PATCH',
      url: `/imports/${id}`,
      headers: auth('importer'),
      payload: { options: { exclude: ['payment_methods.csv'], mapping: { Raison: 'name' } } },
    });
    expect(patched.statusCode).toBe(200);
    // Complete again: a draft, ready to validate, its gaps gone.
    expect(patched.json()).toMatchObject({ status: 'draft', error: null, errorCode: null });
    expect(patched.json().events.map((e: { to: string }) => e.to)).toEqual([
      'draft',
      'incomplete',
      'draft',
    ]);
    const started = await post('importer', `/imports/${id}/validate`);
    expect(started.json().status).toBe('validating');
    expect(await settle(id)).toBe('completed');
    const accounts = (await get('viewer', '/records/billing.customer_account?format=json')).json();
    expect(accounts.map((a: { name: string }) => a.name).sort()).toEqual([
      'Acme group',
      'Bolt',
      'Dupont',
    ]);
    expect((await get('viewer', '/records/billing.payment_method')).body).toBe('');
    // No longer a draft: changes are refused.
    const late = await app.inject({
      method: 'PATCH',
      url: `/imports/${id}`,
      headers: auth('importer'),
      payload: { approval: true },
    });
    expect(late.statusCode).toBe(409);
  });

  it('walks back: a validated import is a draft again, changed and validated again; a written one is not', async () => {
    const messy = readFileSync(join(ROOT, 'examples', 'loyalty', 'customers-messy.csv'));
    const res = await upload('importer', [{ name: 'partner.csv', data: messy }], {
      approval: 'true',
    });
    const id = res.json().id as string;
    expect(await settle(id)).toBe('awaiting_approval');
    const phones = async () =>
      (
        (await get('viewer', `/imports/${id}/rows?code=INTAKE_E_PHONE`)).json().rows as {
          message: string;
        }[]
      ).map((r) => r.message);
    const before = await phones();
    expect(before.length).toBeGreaterThan(0);
    // The message names the setting, not a command-line flag.
    expect(before[0]).toContain("a national number needs the import's country");
    expect(before.join()).not.toContain('--');
    expect((await get('viewer', `/imports/${id}`)).json().steps).toContain('reopen');

    expect((await post('viewer', `/imports/${id}/reopen`, {})).statusCode).toBe(403);
    const reopened = await post('importer', `/imports/${id}/reopen`, {});
    expect(reopened.statusCode).toBe(200);
    // A draft again: its validation is gone, its files and settings kept.
    expect(reopened.json()).toMatchObject({ status: 'draft', counts: null, error: null });
    expect(reopened.json().steps).toEqual(expect.arrayContaining(['validate', 'cancel']));
    expect((await get('viewer', `/imports/${id}/rows`)).json().rows).toEqual([]);
    const patched = await app.inject({
      method: 'PATCH',
      url: `/imports/${id}`,
      headers: auth('importer'),
      payload: { options: { country: 'FR' } },
    });
    expect(patched.json().status).toBe('draft');
    await post('importer', `/imports/${id}/validate`);
    expect(await settle(id)).toBe('awaiting_approval');
    // National numbers read as French now; only a number wrong in any country is left.
    const after = await phones();
    expect(after.length).toBeLessThan(before.length);
    expect(after.join()).not.toContain('national number');
    expect(after.join()).toContain('"12345" is not a valid phone number for FR');
    expect((await transitions(id)).slice(-3)).toEqual([
      'awaiting_approval>draft',
      'draft>validating',
      'validating>awaiting_approval',
    ]);
    const audit = (await get('admin', '/audit')).json() as { action: string; target: string }[];
    expect(audit).toContainEqual(expect.objectContaining({ action: 'import.reopen', target: id }));

    // Once written, there is no way back but undo.
    await post('approver', `/imports/${id}/approve`);
    expect(await settle(id)).toMatch(/^completed/);
    const late = await post('importer', `/imports/${id}/reopen`, {});
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'INTAKE_E_IMPORT_STATE' });
    expect((await get('viewer', `/imports/${id}`)).json().steps).not.toContain('reopen');
  });

  it('approval when it is wanted: an importer runs what is held for review, unless a rule wants an approver', async () => {
    const stores = readFileSync(join(ROOT, 'examples', 'loyalty', 'stores.csv'));
    const held = async () => {
      const res = await upload('importer', [{ name: 'stores.csv', data: stores }], {
        review: 'true',
        force: 'true',
      });
      const id = res.json().id as string;
      expect(await settle(id)).toBe('awaiting_approval');
      return id;
    };
    // No rule: held for the importer's own look, then run by the importer.
    const mine = await held();
    expect((await get('viewer', `/imports/${mine}`)).json().approval).toBe('review');
    expect((await post('viewer', `/imports/${mine}/approve`)).statusCode).toBe(403);
    expect((await post('importer', `/imports/${mine}/approve`)).statusCode).toBe(200);
    expect(await settle(mine)).toBe('completed');

    // The workspace wants an approver above 2 rows (stores.csv has 3): the importer cannot.
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: '/workspace/settings',
          headers: auth('importer'),
          payload: { approval: { aboveRows: 2 } },
        })
      ).statusCode,
    ).toBe(403);
    const put = await app.inject({
      method: 'PUT',
      url: '/workspace/settings',
      headers: auth('admin'),
      payload: { approval: { aboveRows: 2 } },
    });
    expect(put.json()).toEqual({ approval: { aboveRows: 2 } });
    expect((await get('viewer', '/workspace/settings')).json()).toEqual({
      approval: { aboveRows: 2 },
    });
    const big = await held();
    const view = (await get('viewer', `/imports/${big}`)).json();
    expect(view.approval).toBe('required');
    expect(view.events.at(-1).note).toContain('needs an approver: it has 3 rows, more than the 2');
    const refused = await post('importer', `/imports/${big}/approve`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'INTAKE_E_FORBIDDEN' });
    expect(refused.json().message).toContain('needs an approver');
    expect((await post('approver', `/imports/${big}/approve`)).statusCode).toBe(200);
    expect(await settle(big)).toBe('completed');

    // Every import, when the workspace says so, even one that did not ask to be held.
    await app.inject({
      method: 'PUT',
      url: '/workspace/settings',
      headers: auth('admin'),
      payload: { approval: { always: true } },
    });
    const res = await upload('importer', [{ name: 'stores.csv', data: stores }], { force: 'true' });
    expect(await settle(res.json().id)).toBe('awaiting_approval');
    const audit = (await get('admin', '/audit')).json() as { action: string }[];
    expect(audit.filter((a) => a.action === 'workspace.settings')).toHaveLength(2);
  });

  it('templates: importers save their own, admins any; imports take their settings and approval rule', async () => {
    const put = (who: string, body: object) =>
      app.inject({
        method: 'PUT',
        url: '/templates/partner%20customers',
        headers: auth(who),
        payload: body,
      });
    const template = {
      entity: 'customer',
      options: { commit: 'partial', mapping: { Raison: 'name' } },
      approval: true,
    };
    const named = (name: string, who: string, body: object) =>
      app.inject({ method: 'PUT', url: `/templates/${name}`, headers: auth(who), payload: body });
    // An importer saves a template of their own, not one that imports on a schedule.
    const mine = await named('mine', 'importer', { entity: 'billing.customer' });
    expect(mine.statusCode).toBe(201);
    expect(mine.json()).toMatchObject({ name: 'mine', updatedBy: 'importer-ann' });
    const scheduled = await named('nightly', 'importer', {
      entity: 'billing.customer',
      schedule: { url: 'https://example.com/c.csv', cron: '0 2 * * *' },
    });
    expect(scheduled.statusCode).toBe(403);
    expect(scheduled.json().message).toMatch(/imports on a schedule: only an admin/);
    const ambiguous = await put('admin', template);
    expect(ambiguous.json().code).toBe('INTAKE_E_ENTITY_AMBIGUOUS');
    const created = await put('admin', { ...template, entity: 'billing.customer' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'partner customers',
      approval: true,
      updatedBy: 'admin-ann',
    });
    // An admin's template is not an importer's to replace.
    const replaced = await put('importer', { ...template, entity: 'billing.customer' });
    expect(replaced.statusCode).toBe(403);
    expect(replaced.json().message).toBe(
      'the template "partner customers" was saved by admin-ann: only they or an admin change it',
    );
    const bad = await put('admin', {
      entity: 'billing.customer',
      options: { commit: 'sometimes' },
    });
    expect(bad.statusCode).toBe(400);

    const csv = 'code,Raison,category\nC1,One,corporate\nC2,Two,galactic\n';
    const res = await upload('importer', [{ name: 'partner.csv', data: csv }], {
      template: 'partner customers',
    });
    const id = res.json().id as string;
    expect(await settle(id)).toBe('awaiting_approval');
    await post('approver', `/imports/${id}/approve`);
    expect(await settle(id)).toBe('completed_with_issues'); // partial: the good row lands
    const stored = (await get('viewer', '/records/billing.customer?format=json')).json();
    expect(stored.map((c: { name: string }) => c.name)).toEqual(['One']);

    const missing = await upload('importer', [{ name: 'partner.csv', data: csv }], {
      template: 'nope',
    });
    expect(missing.statusCode).toBe(404);
    expect((await get('viewer', '/templates')).json()).toHaveLength(2);
    const removed = await app.inject({
      method: 'DELETE',
      url: '/templates/mine',
      headers: auth('importer'),
    });
    expect(removed.statusCode).toBe(204);
    expect((await get('outsider', '/templates')).json()).toHaveLength(0);
    const gone = await app.inject({
      method: 'DELETE',
      url: '/templates/partner%20customers',
      headers: auth('admin'),
    });
    expect(gone.statusCode).toBe(204);
    expect((await get('viewer', '/templates/partner%20customers')).statusCode).toBe(404);
  });

  it('pages row outcomes, filtered by outcome and error code', async () => {
    const csv = [
      'code,name,category',
      'P1,One,corporate',
      'P2,Two,galactic',
      'P3,,corporate',
      'P4,Four,smb',
      'P5,,planetary',
    ].join('\n');
    const res = await upload('importer', [{ name: 'partner.csv', data: csv }], {
      entity: 'billing.customer',
      options: JSON.stringify({ commit: 'partial' }),
    });
    const id = res.json().id as string;
    expect(await settle(id)).toBe('completed_with_issues');
    const page = async (q: string) => (await get('viewer', `/imports/${id}/rows?${q}`)).json();
    const all = await page('limit=3');
    expect(all.rows.map((r: { line: number }) => r.line)).toEqual([2, 3, 4]);
    expect(all.next).toBe(3);
    expect(
      (await page('offset=3')).rows.map((r: { values: { code: string } }) => r.values.code),
    ).toEqual(['P4', 'P5']);
    const refused = await page('outcome=rejected');
    expect(refused.rows.map((r: { values: { code: string } }) => r.values.code)).toEqual([
      'P2',
      'P3',
      'P5',
    ]);
    expect(refused.rows[0]).toMatchObject({
      file: 'partner.csv',
      code: 'INTAKE_E_ENUM',
      outcome: 'rejected',
    });
    // Each problem apart, with its field: a row with two is found by either code.
    expect(refused.rows[2].problems).toEqual([
      { field: 'category', code: 'INTAKE_E_ENUM', message: expect.stringContaining('planetary') },
      { field: 'name', code: 'INTAKE_E_REQUIRED', message: expect.stringContaining('empty: name') },
    ]);
    const byCode = await page('code=INTAKE_E_REQUIRED');
    expect(byCode.rows.map((r: { line: number }) => r.line)).toEqual([4, 6]);
    expect(byCode.rows[0].message).toContain('name');
    expect((await page('code=INTAKE_E_ENUM')).rows.map((r: { line: number }) => r.line)).toEqual([
      3, 6,
    ]);
    expect((await page('outcome=created')).rows[0]).toMatchObject({
      outcome: 'created',
      step: '1',
    });
    expect((await get('outsider', `/imports/${id}/rows`)).statusCode).toBe(404);
  });

  it('notices the same submission twice, unless the client insists', async () => {
    const first = await upload('importer', [{ name: 'billing.zip', data: ZIP }]);
    expect(first.statusCode).toBe(202);
    const again = await upload('importer', [{ name: 'billing.zip', data: ZIP }]);
    expect(again.statusCode).toBe(200);
    expect(again.headers['x-intake-duplicate']).toBe('same-files');
    expect(again.json().id).toBe(first.json().id);
    // Other settings make another import; so does force.
    const dry = await upload('importer', [{ name: 'billing.zip', data: ZIP }], { dryRun: 'true' });
    expect(dry.statusCode).toBe(202);
    const forced = await upload('importer', [{ name: 'billing.zip', data: ZIP }], {
      force: 'true',
    });
    expect(forced.statusCode).toBe(202);
    expect(forced.json().id).not.toBe(first.json().id);

    // An Idempotency-Key returns the first import whatever comes with it later.
    const keyed = async (data: string) => {
      const body = await multipart([{ name: 'c.csv', data }], { entity: 'billing.customer' });
      return app.inject({
        method: 'POST',
        url: '/imports',
        payload: body.payload,
        headers: { ...auth('importer'), ...body.headers, 'idempotency-key': 'order-42' },
      });
    };
    const k1 = await keyed('code,name\nK1,One\n');
    const k2 = await keyed('code,name\nK2,Two\n');
    expect(k2.statusCode).toBe(200);
    expect(k2.headers['x-intake-duplicate']).toBe('idempotency-key');
    expect(k2.json().id).toBe(k1.json().id);
    expect((await get('viewer', '/imports')).json()).toHaveLength(4);
    // The same key twice at the same moment: one import, both answers name it.
    const body = await multipart([{ name: 'c.csv', data: 'code,name\nK3,Three\n' }]);
    const both = await Promise.all(
      [1, 2].map(() =>
        app.inject({
          method: 'POST',
          url: '/imports',
          payload: body.payload,
          headers: { ...auth('importer'), ...body.headers, 'idempotency-key': 'order-43' },
        }),
      ),
    );
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 202]);
    expect(both[0]!.json().id).toBe(both[1]!.json().id);
  });

  it('replays a failed import after a mapping fix, until its files are purged', async () => {
    const failedImport = async (prefix: string) => {
      const csv = `code,Designation\n${prefix}1,One\n${prefix}2,Two\n`;
      const res = await upload('importer', [{ name: 'partner.csv', data: csv }], {
        entity: 'billing.customer',
        force: 'true',
      });
      const id = res.json().id as string;
      expect(await settle(id)).toBe('failed'); // "Designation" maps to nothing: name is missing
      return id;
    };
    const id = await failedImport('R');
    const replay = (body: object) =>
      app.inject({
        method: 'POST',
        url: `/imports/${id}/replay`,
        headers: auth('importer'),
        payload: body,
      });
    const started = await replay({ options: { mapping: { Designation: 'name' } } });
    expect(started.statusCode).toBe(200);
    expect(started.json().status).toBe('validating');
    expect(await settle(id)).toBe('completed');
    expect((await get('viewer', '/records/billing.customer?format=json')).json()).toHaveLength(2);
    expect(await transitions(id)).toEqual(
      expect.arrayContaining(['validating>failed', 'failed>validating', 'running>completed']),
    );
    expect((await replay({})).statusCode).toBe(409); // completed: nothing to replay

    const other = await failedImport('S');
    const later = new Date(Date.now() + 8 * 86_400_000);
    expect(await intake.imports.purgeExpired(later)).toEqual(expect.arrayContaining([other]));
    const purged = await app.inject({
      method: 'POST',
      url: `/imports/${other}/replay`,
      headers: auth('importer'),
      payload: {},
    });
    expect(purged.statusCode).toBe(409);
    expect(purged.json().message).toContain('purged');
  });

  // Several machines share the work only on PostgreSQL; SQLite is one machine's file.
  it.runIf(backend.name === 'postgres')(
    'a worker on another machine restores the uploaded files from the database',
    async () => {
      const id = (await upload('importer', [{ name: 'billing.zip', data: ZIP }])).json()
        .id as string;
      // This machine's copy is gone, as on a worker elsewhere.
      rmSync(intake.imports.uploadDir(id), { recursive: true, force: true });
      expect(await settle(id)).toBe('completed');
      expect((await intake.imports.get('acme', id))!.counts).toMatchObject({ created: 48 });
    },
  );

  it('works over a real socket as a client would use it', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    intake.startWorker().start();
    const headers = { authorization: `Bearer ${token.importer}` };
    const form = new FormData();
    form.append('files', new Blob([ZIP]), 'billing.zip');
    const created = await fetch(`${address}/imports`, { method: 'POST', headers, body: form });
    expect(created.status).toBe(202);
    expect(created.headers.get('x-request-id')).toBeTruthy();
    const { id } = (await created.json()) as { id: string };
    let status = '';
    for (let i = 0; i < 300 && !/completed|failed/.test(status); i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (
        (await (await fetch(`${address}/imports/${id}`, { headers })).json()) as { status: string }
      ).status;
    }
    expect(status).toBe('completed');
    const csv = await fetch(`${address}/imports/${id}/reports/corrections.csv`, { headers });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('file,line,field,from,to,rule');
  });

  it('serves health, readiness, OpenAPI and entity types', async () => {
    expect((await app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ url: '/ready' })).json()).toEqual({ status: 'ready' });
    const spec = (await app.inject({ url: '/openapi.json' })).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/imports',
        '/imports/{id}',
        '/imports/{id}/approve',
        '/records/{entity}',
      ]),
    );
    const types = (await get('viewer', '/entity-types')).json() as { name: string }[];
    expect(types.map((t) => t.name)).toContain('billing.user_account');
  });
});

/** The members of a ZIP, as text, by name. */
async function unzip(data: Buffer): Promise<Record<string, string>> {
  const zip = await new Promise<yauzl.ZipFile>((ok, ko) =>
    yauzl.fromBuffer(data, { lazyEntries: true }, (e, z) => (e ? ko(e) : ok(z!))),
  );
  const out: Record<string, string> = {};
  await new Promise<void>((ok, ko) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (e, stream) => {
        if (e) return ko(e);
        const parts: Buffer[] = [];
        stream!.on('data', (b: Buffer) => parts.push(b));
        stream!.on('end', () => {
          out[entry.fileName] = Buffer.concat(parts).toString('utf8');
          zip.readEntry();
        });
      });
    });
    zip.on('end', ok).on('error', ko);
    zip.readEntry();
  });
  return out;
}
