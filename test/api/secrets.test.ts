import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import { SecretBox } from '../../src/jobs/secret-box.js';
import { signedReportPath } from '../../src/jobs/report-links.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { EXAMPLES } from '../helpers/files.js';
import { PASSWORD, USER, ftpServer, httpServer, type Running } from '../helpers/servers.js';

/**
 * The two holes of issue 16 that were live: a user read the server's own files through
 * "URL" sources that were plain paths, and the credentials of URL sources were shown
 * back everywhere. Each place a URL can surface is looked at: the API's import views,
 * the audit log, e-mails, webhooks, logs, reports, error messages and the database row.
 * And the e-mail's report link works from a mail client (signed, expiring, one file).
 */
const KEY = 'a'.repeat(64);
const root = mkdtempSync(join(tmpdir(), 'intake-secrets-'));
writeFileSync(join(root, 'stores.csv'), readFileSync(join(EXAMPLES, 'stores.csv')));
writeFileSync(join(root, 'bad-stores.csv'), 'code,name\nNANTES01,Nantes\n,No code\n');
const creds = `${USER}:${encodeURIComponent(PASSWORD)}`;
const SECRETS = [PASSWORD, encodeURIComponent(PASSWORD), 'tok-9f8e7d'];

const mails: { subject: string; text: string }[] = [];
const hookBodies: string[] = [];
let smtp: SMTPServer;
let smtpPort: number;
let hooks: Server;
let web: Running;
let ftp: Running;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, done) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        const [head, ...body] = raw.split(/\r?\n\r?\n/);
        const headers = head!.replace(/\r?\n[ \t]+/g, ' ');
        const text = body
          .join('\n\n')
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
        mails.push({ subject: /^Subject: (.*)$/im.exec(headers)?.[1] ?? '', text });
        done();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  hooks = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hookBodies.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', () => r()));
  [web, ftp] = await Promise.all([httpServer(root), ftpServer(root)]);
});
afterAll(async () => {
  await new Promise((r) => smtp.close(() => r(undefined)));
  await new Promise((r) => hooks.close(() => r(undefined)));
  await Promise.all([web.close(), ftp.close()]);
});

describe.each(BACKENDS)('secrets and local files on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  let app: FastifyInstance;
  const logs: string[] = [];
  const token: Record<string, string> = {};

  beforeEach(async () => {
    mails.length = 0;
    hookBodies.length = 0;
    logs.length = 0;
    box = sandbox(backend);
    intake = await box.open({
      smtp: { host: '127.0.0.1', port: smtpPort, from: 'intake@example.com' },
      publicUrl: 'https://intake.example.com',
      secretKey: KEY,
    });
    intake.log = (m) => logs.push(m);
    app = await buildServer(intake);
    for (const role of ['viewer', 'importer', 'admin'] as const) {
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
  const sources = (payload: object) =>
    app.inject({ method: 'POST', url: '/imports/sources', headers: auth('importer'), payload });
  const settle = async (id: string) => {
    const worker = intake.startWorker((m) => logs.push(m));
    for (const end = Date.now() + 30_000; Date.now() < end;) {
      await worker.drain();
      const status = (await intake.imports.get('acme', id))!.status;
      if (/completed|failed|cancelled|dry_run/.test(status)) return status;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`import ${id} did not settle`);
  };

  it('refuses local paths as sources over the API: only http, https, ftp and sftp', async () => {
    const database = join(box.config.dataDir, 'intake.sqlite');
    for (const path of ['/etc/passwd', database, '../data/intake.sqlite', 'file:///etc/passwd']) {
      const res = await sources({ urls: [path], draft: true });
      expect(res.statusCode, path).toBe(400);
      expect(res.json(), path).toMatchObject({ code: 'INTAKE_E_REQUEST' });
      expect(res.json().message, path).toContain('not an http, https, ftp or sftp URL');
      const dry = await sources({ urls: [path], dryRun: true });
      expect(dry.statusCode, path).toBe(400);
    }
    // A path among real URLs is refused all the same, and nothing was created.
    const mixed = await sources({
      urls: [`http://127.0.0.1:${web.port}/stores.csv`, '/etc/hosts'],
    });
    expect(mixed.statusCode).toBe(400);
    expect((await get('viewer', '/imports')).json()).toEqual([]);
  });

  it('keeps URL credentials sealed, and shows them redacted everywhere', async () => {
    await intake.webhooks.add(
      'acme',
      `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/h`,
    );
    const urls = [
      `ftp://${creds}@127.0.0.1:${ftp.port}/stores.csv`,
      `http://${creds}@127.0.0.1:${web.port}/private/bad-stores.csv?token=tok-9f8e7d`,
    ];
    const res = await sources({
      urls,
      notify: ['ops@example.com'],
      options: { commit: 'partial', mode: 'upsert' },
    });
    expect(res.statusCode).toBe(202);
    const id = res.json().id as string;
    expect(await settle(id)).toBe('completed_with_issues');

    const view = (await get('viewer', `/imports/${id}`)).json();
    expect(view.settings.files).toEqual([
      `ftp://${USER}:***@127.0.0.1:${ftp.port}/stores.csv`,
      `http://${USER}:***@127.0.0.1:${web.port}/private/bad-stores.csv?token=***`,
    ]);
    expect(view.counts).toMatchObject({ created: 4, rejected: 1 });
    const places: Record<string, string> = {
      view: JSON.stringify(view),
      list: (await get('viewer', '/imports')).body,
      audit: (await get('admin', '/audit')).body,
      mails: JSON.stringify(mails),
      webhooks: hookBodies.join('\n'),
      logs: logs.join('\n'),
    };
    const reports = (await get('viewer', `/imports/${id}/reports`)).json() as { name: string }[];
    expect(reports.length).toBeGreaterThan(2);
    for (const r of reports) {
      places[r.name] = (await get('viewer', `/imports/${id}/reports/${r.name}`)).body;
    }
    // What the database keeps in the clear: the request, the events, the error.
    const row = await intake.store.db
      .selectFrom('intake_import')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    places.database = JSON.stringify(row);
    const events = await intake.store.db
      .selectFrom('intake_import_event')
      .selectAll()
      .where('import_id', '=', id)
      .execute();
    places.events = JSON.stringify(events);
    expect(mails).toHaveLength(1);
    expect(hookBodies).toHaveLength(1);
    for (const [place, text] of Object.entries(places)) {
      for (const secret of SECRETS) expect(text, `${place} shows ${secret}`).not.toContain(secret);
    }
    expect(mails[0]!.subject).toContain(`ftp://${USER}:***@127.0.0.1`);

    // A fetch that fails says so with the URL redacted, in the error and the history.
    const bad = await sources({
      urls: [`ftp://${USER}:wrong-pass-77@127.0.0.1:${ftp.port}/x.csv`],
    });
    const badId = bad.json().id as string;
    expect(await settle(badId)).toBe('failed');
    const failed = (await get('viewer', `/imports/${badId}`)).json();
    expect(failed.error).toContain(`127.0.0.1:${ftp.port}/x.csv`);
    expect(JSON.stringify(failed)).not.toContain('wrong-pass-77');
    expect(logs.join('\n')).not.toContain('wrong-pass-77');
  });

  it('links the rejection file in the e-mail with a signed link that expires', async () => {
    const res = await sources({
      urls: [`http://${creds}@127.0.0.1:${web.port}/private/bad-stores.csv`],
      notify: ['ops@example.com'],
      options: { commit: 'partial' },
    });
    const id = res.json().id as string;
    expect(await settle(id)).toBe('completed_with_issues');
    const link = /https:\/\/intake\.example\.com(\/imports\/\S+)/.exec(mails[0]!.text)?.[1];
    expect(link, mails[0]!.text).toMatch(new RegExp(`^/imports/${id}/reports/rejections\\.csv\\?`));

    // From a mail client: no token, and the file is there.
    const opened = await app.inject({ method: 'GET', url: link! });
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain('No code');
    expect(opened.body).toContain('INTAKE_E_MATCH_KEY_MISSING');

    // Bound to its one file, its import and its workspace; tampering is refused.
    const u = new URL(link!, 'http://x');
    const other = `/imports/${id}/reports/summary.json${u.search}`;
    expect((await app.inject({ method: 'GET', url: other })).statusCode).toBe(401);
    u.searchParams.set('w', 'other');
    expect((await app.inject({ method: 'GET', url: u.pathname + u.search })).statusCode).toBe(401);
    const forged = link!.replace(/sig=[0-9a-f]{4}/, 'sig=0000');
    expect((await app.inject({ method: 'GET', url: forged })).statusCode).toBe(401);
    // Other routes take no link.
    const listing = await app.inject({ method: 'GET', url: `/imports/${id}${u.search}` });
    expect(listing.statusCode).toBe(401);

    // An expired link says so (made with the same key, dated yesterday).
    const old = signedReportPath(
      new SecretBox(Buffer.from(KEY, 'hex')),
      { workspace: 'acme', importId: id, name: 'rejections.csv' },
      new Date(Date.now() - 86_400_000),
    );
    const expired = await app.inject({ method: 'GET', url: old });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().message).toContain('expired');
  });
});
