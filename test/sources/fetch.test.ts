import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntakeError } from '../../src/core/codes.js';
import {
  DEFAULT_FETCH_POLICY,
  fetchSource,
  type FetchPolicy,
} from '../../src/sources/fetch/index.js';
import {
  PASSWORD,
  USER,
  ftpServer,
  httpServer,
  sftpServer,
  type Running,
} from '../helpers/servers.js';

const root = mkdtempSync(join(tmpdir(), 'intake-serve-'));
const work = mkdtempSync(join(tmpdir(), 'intake-fetch-'));
writeFileSync(join(root, 'stores.csv'), 'code,name\nP1,Paris\n');
writeFileSync(join(root, 'big.csv'), 'x\n'.repeat(100_000));
const loopback: FetchPolicy = {
  ...DEFAULT_FETCH_POLICY,
  allowHosts: ['127.0.0.0/8'],
  timeoutMs: 5000,
};
const creds = `${USER}:${encodeURIComponent(PASSWORD)}`;

async function failure(p: Promise<unknown>): Promise<IntakeError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(IntakeError);
  expect((e as Error).message).not.toContain(PASSWORD);
  expect((e as Error).message).not.toContain(encodeURIComponent(PASSWORD));
  return e as IntakeError;
}

describe('fetching sources from URLs, over real servers on loopback', () => {
  let web: Running, ftp: Running, sftp: Running;
  beforeAll(async () => {
    [web, ftp, sftp] = await Promise.all([httpServer(root), ftpServer(root), sftpServer(root)]);
  });
  afterAll(async () => {
    await Promise.all([web?.close(), ftp?.close(), sftp?.close()]);
  });

  it('http, with and without credentials, following a redirect', async () => {
    const a = await fetchSource(`http://127.0.0.1:${web.port}/stores.csv`, work, loopback);
    expect(a.name).toBe('stores.csv');
    expect(readFileSync(a.path, 'utf8')).toBe('code,name\nP1,Paris\n');
    const b = await fetchSource(
      `http://${creds}@127.0.0.1:${web.port}/private/stores.csv`,
      work,
      loopback,
    );
    expect(readFileSync(b.path, 'utf8')).toContain('P1');
    const c = await fetchSource(`http://127.0.0.1:${web.port}/redirect`, work, loopback);
    expect(readFileSync(c.path, 'utf8')).toContain('Paris');
  });

  it('ftp and sftp with a user and password', async () => {
    const f = await fetchSource(`ftp://${creds}@127.0.0.1:${ftp.port}/stores.csv`, work, loopback);
    expect(readFileSync(f.path, 'utf8')).toContain('P1,Paris');
    const s = await fetchSource(
      `sftp://${creds}@127.0.0.1:${sftp.port}/stores.csv`,
      work,
      loopback,
    );
    expect(readFileSync(s.path, 'utf8')).toContain('P1,Paris');
  });

  it('refuses loopback and private addresses unless allowed', async () => {
    const e = await failure(
      fetchSource(`http://${creds}@127.0.0.1:${web.port}/stores.csv`, work, DEFAULT_FETCH_POLICY),
    );
    expect(e.code).toBe('INTAKE_E_FETCH_FORBIDDEN');
    expect(
      (await failure(fetchSource('http://10.1.2.3/x.csv', work, DEFAULT_FETCH_POLICY))).code,
    ).toBe('INTAKE_E_FETCH_FORBIDDEN');
    expect(
      (await failure(fetchSource('http://[::1]/x.csv', work, DEFAULT_FETCH_POLICY))).code,
    ).toBe('INTAKE_E_FETCH_FORBIDDEN');
    expect(
      (await failure(fetchSource('sftp://u:p@192.168.1.1/x.csv', work, DEFAULT_FETCH_POLICY))).code,
    ).toBe('INTAKE_E_FETCH_FORBIDDEN');
  });

  it('says what went wrong, never with the password', async () => {
    expect(
      (await failure(fetchSource(`http://127.0.0.1:${web.port}/missing.csv`, work, loopback)))
        .message,
    ).toMatch(/404/);
    expect(
      (
        await failure(
          fetchSource(`http://127.0.0.1:${web.port}/private/stores.csv`, work, loopback),
        )
      ).message,
    ).toMatch(/401/);
    const ftpBad = await failure(
      fetchSource(
        `ftp://${USER}:wrong${encodeURIComponent(PASSWORD)}@127.0.0.1:${ftp.port}/stores.csv`,
        work,
        loopback,
      ),
    );
    expect(ftpBad.code).toBe('INTAKE_E_FETCH');
    const sftpBad = await failure(
      fetchSource(`sftp://${USER}:nope@127.0.0.1:${sftp.port}/stores.csv`, work, loopback),
    );
    expect(sftpBad.message).toMatch(/authentication/i);
  });

  it('gives up on a server that answers a byte at a time: the deadline covers the headers', async () => {
    // One byte of a status line every 100 ms: an idle timeout never fires.
    const drip = createServer((socket) => {
      const text = 'HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\n';
      let i = 0;
      const t = setInterval(() => {
        if (socket.destroyed) return clearInterval(t);
        socket.write(text[i++ % text.length]!);
      }, 100);
      socket.on('close', () => clearInterval(t));
      socket.on('error', () => clearInterval(t));
    });
    await new Promise<void>((r) => drip.listen(0, '127.0.0.1', r));
    const port = (drip.address() as AddressInfo).port;
    try {
      const started = Date.now();
      const e = await failure(
        fetchSource(`http://127.0.0.1:${port}/slow.csv`, work, { ...loopback, timeoutMs: 1200 }),
      );
      expect(e.code).toBe('INTAKE_E_FETCH');
      expect(e.message).toContain('no complete answer within 1200 ms');
      // Bounded by the deadline, whatever the machine's load (generous on a busy one).
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      drip.close();
    }
  });

  it('stops a download larger than the limit, on every protocol', async () => {
    const small = { ...loopback, maxBytes: 1000 };
    for (const url of [
      `http://127.0.0.1:${web.port}/big.csv`,
      `ftp://${creds}@127.0.0.1:${ftp.port}/big.csv`,
      `sftp://${creds}@127.0.0.1:${sftp.port}/big.csv`,
    ]) {
      expect((await failure(fetchSource(url, work, small))).code, url).toBe('INTAKE_E_FETCH_LIMIT');
    }
  });
});
