import { existsSync, readFileSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { multipart } from '../helpers/multipart.js';
import { ROOT, csv } from '../helpers/files.js';

/**
 * An import's whole life in the database (issue 11): a CLI import is an import of the
 * service like any other; row outcomes and corrections page by keyset from the row
 * results; undo over the API with its preview, its role and its report; and, on
 * PostgreSQL, one import validated, committed and reported on by three processes with
 * three data folders, none of which keeps a report on its disk.
 */
const ZIP = readFileSync(join(ROOT, 'examples', 'billing', 'billing.zip'));

describe.each(BACKENDS)('import state on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  let app: FastifyInstance;
  const token: Record<string, string> = {};

  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open({ workspace: 'acme' });
    app = await buildServer(intake);
    for (const role of ['viewer', 'importer', 'approver', 'admin'] as const) {
      token[role] = (await intake.access.createToken('acme', `${role}-ann`, role)).secret;
    }
  });
  afterEach(async () => {
    await app.close();
    await intake.close();
    await box.cleanup();
  });

  const auth = (who: string) => ({ authorization: `Bearer ${token[who]}` });
  const get = (who: string, url: string, a = app) =>
    a.inject({ method: 'GET', url, headers: auth(who) });
  const post = (who: string, url: string, payload: object = {}) =>
    app.inject({ method: 'POST', url, headers: auth(who), payload });

  it('a CLI import shows in the API, the history and the audit log, with its events', async () => {
    const r = await intake.imports.run({
      files: [join(ROOT, 'examples', 'loyalty', 'stores.csv')],
    });
    const actor = `cli:${userInfo().username}`;
    const list = (await get('viewer', '/imports')).json() as { id: string; createdBy: string }[];
    expect(list.map((i) => [i.id, i.createdBy])).toEqual([[r.import.id, actor]]);
    const view = (await get('viewer', `/imports/${r.import.id}`)).json();
    expect(view).toMatchObject({ status: 'completed', counts: { created: 3 }, steps: ['undo'] });
    expect(view.events.map((e: { from: string; to: string }) => `${e.from ?? ''}>${e.to}`)).toEqual(
      ['>validating', 'validating>queued', 'queued>running', 'running>completed'],
    );
    expect(view.events[0].actor).toBe(actor);
    const audit = (await get('admin', '/audit')).json() as { action: string; actor: string }[];
    expect(audit).toContainEqual(
      expect.objectContaining({ action: 'import.create', actor, target: r.import.id }),
    );
    // Its reports come from the database, whatever is on this disk.
    rmSync(r.reports.dir, { recursive: true });
    const rows = (await get('viewer', `/imports/${r.import.id}/rows`)).json();
    expect(rows.rows.map((x: { values: { code: string } }) => x.values.code)).toEqual([
      'PARIS01',
      'LYON01',
      'NICE01',
    ]);
    const summary = (await get('viewer', `/imports/${r.import.id}/reports/summary.json`)).json();
    expect(summary.counts).toMatchObject({ rows: 3, created: 3 });
  });

  it('keeps row results for their retention (default: the replay days), then purges them', async () => {
    const r = await intake.imports.run({
      files: [join(ROOT, 'examples', 'loyalty', 'stores.csv')],
    });
    const rows = async () => (await get('viewer', `/imports/${r.import.id}/rows`)).json().rows;
    await intake.imports.purgeExpired();
    expect(await rows()).toHaveLength(3);
    // The clock is the one thing a test may move: eight days on, past the seven kept.
    await intake.imports.purgeExpired(new Date(Date.now() + 8 * 86_400_000));
    expect(await rows()).toEqual([]);
    const left = await intake.store.db
      .selectFrom('intake_correction')
      .select('import_id')
      .where('import_id', '=', r.import.id)
      .execute();
    expect(left).toEqual([]);
    // The import itself stays, with what it did.
    const view = (await get('viewer', `/imports/${r.import.id}`)).json();
    expect(view).toMatchObject({ status: 'completed', counts: { created: 3 } });
  });

  it('pages rows and corrections by keyset and by offset alike, filtered by outcome and code', async () => {
    const rows = [['code', 'name', 'external_id']];
    for (let i = 1; i <= 250; i++) {
      // Every 10th row has no code (refused), every row's name is trimmed (a correction).
      rows.push([i % 10 === 0 ? '' : `S${i}`, `  Store ${i} `, `X-${i}`]);
    }
    const r = await intake.imports.run({
      files: [csv(box.dir, 'stores.csv', rows)],
      entity: 'store',
      options: { commit: 'partial' },
    });
    expect(r.counts).toMatchObject({ rows: 250, created: 225, rejected: 25 });
    const id = r.import.id;
    const walk = async (query: string, keyset: boolean) => {
      const seen: number[] = [];
      let at = '';
      for (;;) {
        const page = (await get('viewer', `/imports/${id}/rows?limit=40${query}${at}`)).json() as {
          rows: { row: number; line: number }[];
          next: number | null;
          cursor: string | null;
        };
        seen.push(...page.rows.map((x) => x.line));
        if (page.cursor === null) return seen;
        at = keyset ? `&after=${page.cursor}` : `&offset=${page.next}`;
      }
    };
    const all = await walk('', true);
    expect(all).toHaveLength(250);
    expect(all).toEqual(Array.from({ length: 250 }, (_, i) => i + 2));
    expect(await walk('', false)).toEqual(all);
    const refused = await walk('&outcome=rejected', true);
    expect(refused).toEqual(Array.from({ length: 25 }, (_, i) => (i + 1) * 10 + 1));
    expect(await walk('&outcome=rejected', false)).toEqual(refused);
    expect(await walk('&code=INTAKE_E_MATCH_KEY_MISSING', true)).toEqual(refused);
    expect(await walk('&outcome=created', true)).toHaveLength(225);

    const fixesBy = async (keyset: boolean) => {
      const fixes: string[] = [];
      let at = '';
      for (;;) {
        const page = (await get('viewer', `/imports/${id}/corrections?limit=60${at}`)).json();
        fixes.push(
          ...page.rows.map(
            (c: { line: number; field: string; rule: string }) => `${c.line}:${c.field}:${c.rule}`,
          ),
        );
        if (!page.cursor) return fixes;
        at = keyset ? `&after=${page.cursor}` : `&offset=${page.next}`;
      }
    };
    const fixes = await fixesBy(true);
    const total = Object.values(r.corrections).reduce((a, b) => a + b, 0);
    expect(fixes).toHaveLength(total);
    expect(fixes.filter((f) => f.endsWith(':name:trim'))).toHaveLength(250);
    expect(await fixesBy(false)).toEqual(fixes);
  });

  it('a broken multipart body is a mistake of the client: 400 with a code, never a 500', async () => {
    const body = await multipart([{ name: 'stores.csv', data: Buffer.from('code\nA\n') }], {});
    const cut = body.payload.subarray(0, body.payload.length - 40);
    const res = await app.inject({
      method: 'POST',
      url: '/imports',
      payload: cut,
      headers: { ...auth('importer'), ...body.headers },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'INTAKE_E_REQUEST' });
    expect((await get('viewer', '/imports')).json()).toEqual([]);
  });

  it('undo over the API: a preview, an approver, a job, a report, an audit row', async () => {
    const r = await intake.imports.run({
      files: [join(ROOT, 'examples', 'billing', 'billing.zip')],
    });
    const id = r.import.id;
    const preview = await post('importer', `/imports/${id}/undo`, { dryRun: true });
    expect(preview.statusCode).toBe(403);
    const p = await post('approver', `/imports/${id}/undo`, { dryRun: true });
    expect(p.json()).toEqual({ deleted: 48, restored: 0, refused: 0, refusals: [] });
    const started = await post('approver', `/imports/${id}/undo`);
    expect(started.statusCode).toBe(202);
    expect(started.json()).toMatchObject({ status: 'undoing', steps: [] });
    await intake.startWorker().drain();
    const done = (await get('viewer', `/imports/${id}`)).json();
    expect(done).toMatchObject({ status: 'undone', undo: { deleted: 48, refused: 0 } });
    const names = (await get('viewer', `/imports/${id}/reports`))
      .json()
      .map((x: { name: string }) => x.name);
    expect(names).toContain('undo.csv');
    const report = (await get('viewer', `/imports/${id}/reports/undo.csv`)).body;
    expect(Papa.parse(report.trim(), { header: true }).data).toHaveLength(48);
    const audit = (await get('admin', '/audit')).json() as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['import.undo', 'import.undone']),
    );
    // The step the status no longer allows: 409 with what is allowed.
    const again = await post('approver', `/imports/${id}/approve`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'INTAKE_E_IMPORT_STATE',
      details: { status: 'undone', allowed: ['undo'] },
    });
  });

  // Several machines share work only through PostgreSQL (SQLite is one machine's file).
  it.skipIf(backend.name !== 'postgres')(
    'validated by one worker, committed by another, reported by a third API node: three data folders, no report on any disk',
    async () => {
      const nodes = await Promise.all(
        ['validator', 'committer', 'reader'].map((n) =>
          box.open({
            workspace: 'acme',
            dataDir: join(box.dir, n),
            reportDir: join(box.dir, n, 'reports'),
          }),
        ),
      );
      const [validator, committer, reader] = nodes as [Intake, Intake, Intake];
      const readerApp = await buildServer(reader);
      try {
        const body = await multipart([{ name: 'billing.zip', data: ZIP }], { approval: 'true' });
        const res = await app.inject({
          method: 'POST',
          url: '/imports',
          payload: body.payload,
          headers: { ...auth('importer'), ...body.headers },
        });
        const id = res.json().id as string;
        // The API node's folder is not the workers': they restore the upload from the database.
        rmSync(intake.imports.uploadDir(id), { recursive: true, force: true });
        await validator.startWorker().drain();
        expect((await get('viewer', `/imports/${id}`)).json().status).toBe('awaiting_approval');
        expect((await post('approver', `/imports/${id}/approve`)).statusCode).toBe(200);
        await committer.startWorker().drain();
        const done = (await get('viewer', `/imports/${id}`, readerApp)).json();
        expect(done).toMatchObject({ status: 'completed', counts: { rows: 48, created: 48 } });

        const names = (await get('viewer', `/imports/${id}/reports`, readerApp))
          .json()
          .map((x: { name: string }) => x.name);
        expect(names).toEqual(
          expect.arrayContaining(['summary.json', 'corrections.csv', 'rejections-1-counters.csv']),
        );
        for (const name of names) {
          const r = await get('viewer', `/imports/${id}/reports/${name}`, readerApp);
          expect(r.statusCode, name).toBe(200);
          expect(r.body.length, name).toBeGreaterThan(10);
        }
        const summary = (
          await get('viewer', `/imports/${id}/reports/summary.json`, readerApp)
        ).json();
        expect(summary.counts.created).toBe(48);
        expect(summary.files).toHaveLength(10);
        const outcomes = (
          await get('viewer', `/imports/${id}/reports/outcomes-6-user_accounts.csv`, readerApp)
        ).body;
        expect(outcomes).toContain('UA-ACME-FR-LYON');
        for (const dir of [
          box.dir,
          ...['validator', 'committer', 'reader'].map((n) => join(box.dir, n)),
        ]) {
          expect(existsSync(join(dir, 'reports', id)), dir).toBe(false);
        }

        // A job that fails on a worker says so with a code, not with the worker's paths.
        const again = await multipart([{ name: 'billing.zip', data: ZIP }], { force: 'true' });
        const lost = (
          await app.inject({
            method: 'POST',
            url: '/imports',
            payload: again.payload,
            headers: { ...auth('importer'), ...again.headers },
          })
        ).json().id as string;
        rmSync(intake.imports.uploadDir(lost), { recursive: true, force: true });
        await intake.store.db.deleteFrom('intake_blob').where('import_id', '=', lost).execute();
        await validator.startWorker().drain();
        const failed = (await get('viewer', `/imports/${lost}`)).json();
        expect(failed).toMatchObject({ status: 'failed', errorCode: 'INTAKE_E_FILE_NOT_FOUND' });
        expect(failed.error).toContain('billing.zip');
        expect(failed.error).not.toContain(box.dir);
      } finally {
        await readerApp.close();
        for (const n of nodes) await n.close();
      }
    },
  );
});
