import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signature } from '../../src/jobs/notify.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { ROOT } from '../helpers/files.js';

/**
 * Notifications when an import ends (issue 5, SPEC J4): e-mails through a real SMTP
 * server started here, checked as they arrive, and signed webhooks to a real HTTP
 * server that fails the first call, so the retry and the delivery log are seen.
 */
interface Mail {
  to: string[];
  subject: string;
  text: string;
}

/** Headers unfolded, quoted-printable body decoded: enough to read what nodemailer sends. */
function parseMail(raw: string, to: string[]): Mail {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = head!.replace(/\r?\n[ \t]+/g, ' ');
  const subject = /^Subject: (.*)$/im.exec(headers)?.[1] ?? '';
  let text = rest.join('\n\n');
  if (/quoted-printable/i.test(headers)) {
    text = text
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  return { to, subject, text: text.replace(/\r\n/g, '\n') };
}

const mails: Mail[] = [];
const calls: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
let smtp: SMTPServer;
let smtpPort: number;
let hooks: Server;
let hookUrl: string;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        mails.push(
          parseMail(
            raw,
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        done();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  // Fails every first call of a delivery, then accepts: the retry is part of the test.
  const seen = new Set<string>();
  hooks = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/moved') {
        // A webhook that sends the call elsewhere: never followed (the next hop is unchecked).
        res.writeHead(302, { location: '/intake' }).end();
        return;
      }
      calls.push({ headers: req.headers, body });
      const delivery = String(req.headers['x-intake-delivery']);
      res.statusCode = seen.has(delivery) ? 204 : 503;
      seen.add(delivery);
      res.end();
    });
  });
  await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', () => r()));
  hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/intake`;
});
afterAll(async () => {
  await new Promise((r) => smtp.close(() => r(undefined)));
  await new Promise((r) => hooks.close(() => r(undefined)));
});

describe.each(BACKENDS)('notifications on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;

  beforeEach(async () => {
    mails.length = 0;
    calls.length = 0;
    box = sandbox(backend);
    intake = await box.open({
      smtp: { host: '127.0.0.1', port: smtpPort, from: 'intake@example.com' },
      publicUrl: 'https://intake.example.com',
    });
  });
  afterEach(async () => {
    await intake.close();
    await box.cleanup();
  });

  const run = async (files: string[], options = {}) => {
    const id = intake.imports.newId();
    await intake.imports.submit(id, {
      workspace: 'acme',
      actor: 'ann',
      files,
      names: files.map((f) => f.split('/').pop()!),
      options,
      approval: false,
      notify: ['ops@example.com', 'ann@example.com'],
    });
    await intake.startWorker().drain();
    return (await intake.imports.get('acme', id))!;
  };
  const customers = (rows: string[]) => {
    const path = join(box.dir, 'customers.csv');
    writeFileSync(path, ['code,name,category', ...rows].join('\n') + '\n');
    return path;
  };

  it('mails a success, with the start date and time, to every address', async () => {
    const view = await run([join(ROOT, 'examples', 'billing', 'billing.zip')]);
    expect(view.status).toBe('completed');
    expect(mails).toHaveLength(1);
    const m = mails[0]!;
    expect(m.to.sort()).toEqual(['ann@example.com', 'ops@example.com']);
    expect(m.subject).toBe(`Your import was a success: billing.zip (${view.id})`);
    const started = view.createdAt;
    expect(m.text).toContain(
      `Your import that started ${started.slice(0, 10)} at ${started.slice(11, 16)} UTC has been processed successfully.`,
    );
    expect(m.text).toContain('48 rows: 48 created');
  });

  it('mails issues with the counts and the link to the rejection file', async () => {
    const view = await run([customers(['C1,One,corporate', 'C2,Two,galactic'])], {
      commit: 'partial',
    });
    expect(view.status).toBe('completed_with_issues');
    const m = mails[0]!;
    expect(m.subject).toBe(`Your import had a few issues: customers.csv (${view.id})`);
    expect(m.text).toContain('2 rows: 1 created, 0 updated, 0 unchanged, 1 refused.');
    expect(m.text).toContain(`https://intake.example.com/imports/${view.id}/reports`);
  });

  it('mails a failure with the reason', async () => {
    const view = await run([customers(['C1,One,corporate', 'C2,Two,galactic'])], {
      commit: 'atomic',
    });
    expect(view.status).toBe('failed');
    const m = mails[0]!;
    expect(m.subject).toBe(`Your import has failed: customers.csv (${view.id})`);
    expect(m.text).toContain('1 of 2 rows were refused; atomic commit: nothing was written');
    expect(m.text).toContain('Please check the rejection file');
  });

  it('posts a signed webhook, retries a refused delivery and logs every attempt', async () => {
    const hook = await intake.webhooks.add('acme', hookUrl, 'a-secret-of-sixteen-chars');
    const view = await run([join(ROOT, 'examples', 'billing', 'billing.zip')]);
    expect(calls).toHaveLength(2);
    for (const c of calls) {
      expect(c.headers['x-intake-signature']).toBe(signature('a-secret-of-sixteen-chars', c.body));
      expect(c.headers['x-intake-event']).toBe('import.finished');
    }
    const body = JSON.parse(calls[1]!.body);
    expect(body.import).toMatchObject({ id: view.id, status: 'completed' });
    const log = await intake.webhooks.deliveries('acme', hook.id);
    expect(log.map((d) => [d.attempt, d.statusCode, d.error])).toEqual([
      [1, 503, 'answered 503'],
      [2, 204, null],
    ]);
    // A private address is refused unless the configuration allows it (SSRF).
    await expect(intake.webhooks.add('acme', 'http://10.1.2.3/hook')).rejects.toMatchObject({
      code: 'INTAKE_E_FETCH_FORBIDDEN',
    });
    await expect(intake.webhooks.add('acme', 'file:///etc/passwd')).rejects.toMatchObject({
      code: 'INTAKE_E_REQUEST',
    });
    // Another workspace's imports are none of this webhook's business.
    await intake.imports.submit(intake.imports.newId(), {
      workspace: 'other',
      actor: 'bob',
      files: [join(ROOT, 'examples', 'billing', 'initial', 'customers.csv')],
      options: {},
      approval: false,
    });
    await intake.startWorker().drain();
    expect(calls).toHaveLength(2);
  });

  it('does not follow a webhook that redirects: each attempt fails, and says why', async () => {
    const hook = await intake.webhooks.add('acme', hookUrl.replace('/intake', '/moved'));
    await run([join(ROOT, 'examples', 'billing', 'billing.zip')]);
    expect(calls).toHaveLength(0);
    const log = await intake.webhooks.deliveries('acme', hook.id);
    expect(log.map((d) => [d.attempt, d.statusCode, d.error])).toEqual([
      [1, 302, 'answered 302'],
      [2, 302, 'answered 302'],
      [3, 302, 'answered 302'],
    ]);
  });
});
