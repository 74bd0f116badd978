import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import { IMPORTWS_PARAMS } from '../../src/service/compat.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { ROOT } from '../helpers/files.js';
import { settled } from '../helpers/imports.js';
import { records } from '../helpers/records.js';
import { PASSWORD, USER, ftpServer, httpServer, type Running } from '../helpers/servers.js';

/**
 * importWS compatibility (issue 14): a call-centre system calls Intake with the seed's
 * 21 parameters, over GET or a posted form, with data in the call or a file at an http
 * or ftp address (with its own login, and a title line to drop), and reads the seed's
 * answer. Each call is an ordinary import into a campaign's dial list.
 */
const EXAMPLES = join(ROOT, 'examples', 'campaigns');
const root = mkdtempSync(join(tmpdir(), 'intake-importws-'));
copyFileSync(join(EXAMPLES, 'contacts.csv'), join(root, 'contacts.csv'));
// A partner's export: a banner line, then the titles, then the contacts.
writeFileSync(
  join(root, 'nightly.csv'),
  'Export of 2024-04-01\nName,phone1,Prio\nIvo Petrov,+33612340009,4\nJun Mori,+33612340010,6\n',
);

let web: Running;
let ftp: Running;
beforeAll(async () => {
  [web, ftp] = await Promise.all([httpServer(root), ftpServer(root)]);
});
afterAll(async () => {
  await Promise.all([web.close(), ftp.close()]);
});

describe.each(BACKENDS)('importWS compatibility on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  let app: FastifyInstance;
  let secret: string;

  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open();
    app = await buildServer(intake);
    secret = (await intake.access.createToken('acme', 'dialer', 'importer')).secret;
    const setup = await intake.imports.run({
      workspace: 'acme',
      files: ['campaigns.csv', 'dial-lists.csv'].map((f) => join(EXAMPLES, f)),
    });
    expect(setup.counts).toMatchObject({ created: 5, rejected: 0 });
  });
  afterEach(async () => {
    await app.close();
    await intake.close();
    await box.cleanup();
  });

  /** All 21 parameters, empty unless given, as importWS callers send them. */
  const call = (given: Record<string, string>) => ({
    ...Object.fromEntries(IMPORTWS_PARAMS.map((p) => [p, ''])),
    orgidentity: 'acme',
    usertype: 'account',
    user: 'dialer',
    pwdtype: 'plaintext',
    password: secret,
    modeltype: 'Campaign',
    model_id: 'AUTUMN-24',
    ...given,
  });
  const get = (given: Record<string, string>) =>
    app.inject({ method: 'GET', url: `/compat/importws?${new URLSearchParams(call(given))}` });
  const post = (given: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url: '/compat/importws',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(call(given)).toString(),
    });
  const settle = (id: string) => settled(intake, 'acme', id);
  const idOf = (body: string) => {
    expect(body).toMatch(/^\|Retuen\|Success\|Retuen\|imp-[0-9a-z-]+$/);
    return body.split('|').pop()!;
  };
  const members = async () =>
    (await records(intake, 'campaigns.list_membership', 'acme'))
      .map((m) => `${m.contact} ${m.dial_list} ${m.priority ?? ''}`)
      .sort();

  it('imports one contact given as data (f=v||f=v) into the campaign list', async () => {
    const res = await get({
      source: 'data',
      context: 'Name=Ana Lima||phone1=+33612340001||Dialer Priority=5',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const view = await settle(idOf(res.body));
    expect(view.status).toBe('completed');
    expect(await members()).toEqual(['+33612340001 AUTUMN-A 5']);
  });

  it('fetches a file over http and ftp with its own login, drops the banner, and applies the options', async () => {
    const viaHttp = await post({
      source: 'http',
      context: `http://127.0.0.1:${web.port}/private/nightly.csv`,
      source_user: USER,
      source_pwd: PASSWORD,
      delrow: '2',
      priority_field: 'Prio',
      exetime: '0000-00-00 00:00:00',
    });
    const first = await settle(idOf(viaHttp.body));
    expect(first.status).toBe('completed');
    expect(await members()).toEqual(['+33612340009 AUTUMN-A 4', '+33612340010 AUTUMN-A 6']);
    // The password is kept sealed: the import shows the URL without it.
    expect(JSON.stringify(first)).not.toContain(PASSWORD);

    // The same contacts again over ftp: already in the list, added anyway (dupdiallist all).
    const viaFtp = await get({
      source: 'ftp',
      context: `ftp://127.0.0.1:${ftp.port}/nightly.csv`,
      source_user: USER,
      source_pwd: PASSWORD,
      delrow: '2',
      priority_field: 'Prio',
      dupdiallist: 'all',
      emptyagent: 'yes',
      resetstatus: 'no',
    });
    const second = await settle(idOf(viaFtp.body));
    expect(second.status).toBe('completed');
    expect(second.settings.options).toMatchObject({
      dupdiallist: 'all',
      emptyagent: true,
      resetstatus: false,
    });
    expect(await members()).toEqual([
      '+33612340009 AUTUMN-A 4',
      '+33612340009 AUTUMN-A 4',
      '+33612340010 AUTUMN-A 6',
      '+33612340010 AUTUMN-A 6',
    ]);
  });

  it('answers Failed, with the reason, to what it cannot do', async () => {
    const failed = async (given: Record<string, string>, code: string, says: string) => {
      const res = await get(given);
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-intake-code']).toBe(code);
      expect(res.body).toMatch(/^\|Retuen\|Failed\|Retuen\|/);
      expect(res.body).toContain(says);
    };
    const data = { source: 'data', context: 'Name=Ana||phone1=+33612340001' };
    await failed({ ...data, pwdtype: 'MD5' }, 'INTAKE_E_UNAUTHENTICATED', 'MD5 is not accepted');
    await failed(
      { ...data, password: 'guess' },
      'INTAKE_E_UNAUTHENTICATED',
      'do not name an API token',
    );
    await failed({ ...data, orgidentity: 'other' }, 'INTAKE_E_UNAUTHENTICATED', 'do not name');
    await failed(
      { ...data, model_id: 'SPRING-24' },
      'INTAKE_E_REQUEST',
      'has 2 lists (SPRING-A, SPRING-B)',
    );
    await failed({ ...data, model_id: 'NONE' }, 'INTAKE_E_NOT_FOUND', 'no campaign with lists');
    await failed({ ...data, modeltype: 'Survey' }, 'INTAKE_E_REQUEST', 'Campaign');
    await failed({ ...data, dupdiallist: 'sometimes' }, 'INTAKE_E_REQUEST', 'ignoreDuplicate');
    await failed({ ...data, emptyagent: 'maybe' }, 'INTAKE_E_REQUEST', 'use yes or no');
    await failed(
      { source: 'http', context: `http://127.0.0.1:${web.port}/contacts.csv`, delrow: '0' },
      'INTAKE_E_REQUEST',
      'delrow 0',
    );
    await failed(
      { source: 'http', context: `ftp://127.0.0.1:${ftp.port}/contacts.csv` },
      'INTAKE_E_REQUEST',
      'needs a http: or https: URL',
    );
    await failed({ ...data, source: 'file' }, 'INTAKE_E_REQUEST', 'use data, http or ftp');
    const odd = await app.inject({
      method: 'GET',
      url: `/compat/importws?${new URLSearchParams({ ...call(data), phonefield: 'x' })}`,
    });
    expect(odd.body).toContain('unknown parameter "phonefield"');
    // A viewer's token cannot import.
    await intake.access.createToken('acme', 'wallboard', 'viewer');
    const viewer = (await intake.access.createToken('acme', 'board', 'viewer')).secret;
    await failed(
      { ...data, user: 'board', password: viewer },
      'INTAKE_E_FORBIDDEN',
      'importer role',
    );
    // A campaign with several lists takes the one named by `list`.
    const named = await get({ ...data, model_id: 'SPRING-24', list: 'SPRING-B' });
    await settle(idOf(named.body));
    expect(await members()).toEqual(['+33612340001 SPRING-B ']);
  });

  it('runs a file at its exetime, not before', async () => {
    const res = await get({
      source: 'http',
      context: `http://127.0.0.1:${web.port}/contacts.csv`,
      delrow: '1',
      exetime: '2999-01-01 00:00:00',
    });
    const id = idOf(res.body);
    // The worker leaves it for its time: nothing is read or written before.
    expect(await intake.startWorker(() => {}).drain()).toBe(0);
    expect((await intake.imports.get('acme', id))!.status).toBe('validating');
    expect(await records(intake, 'campaigns.campaign_contact', 'acme')).toEqual([]);
    const { job_id } = await intake.store.db
      .selectFrom('intake_import')
      .select('job_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(await intake.queue.status(job_id!)).toEqual({ state: 'queued', attempts: 0 });
  });
});
