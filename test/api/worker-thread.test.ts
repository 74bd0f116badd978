import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS, sandbox, workerConfig, type Sandbox } from '../helpers/backends.js';
import { ROOT } from '../helpers/files.js';
import { dripServer } from '../helpers/servers.js';

/**
 * `intake serve` runs its jobs in a thread of its own, with its own database
 * connection (issue 15: an import never holds the event loop that answers the API).
 * Through a real process: an import runs to its end; a stuck job is reported by the
 * thread in /ready and in the logs; SIGTERM ends the thread and the process. And on
 * SQLite, a write that finds the file held by another connection waits without holding
 * the event loop.
 */
const BIN = join(ROOT, 'bin', 'intake.js');

describe.each(BACKENDS)('the worker thread of serve on $name', { timeout: 120_000 }, (backend) => {
  let box: Sandbox;
  let config: string;
  let drip: Awaited<ReturnType<typeof dripServer>>;
  const children: ChildProcess[] = [];
  const env = { ...process.env, DATABASE_URL: '' };

  beforeEach(async () => {
    box = sandbox(backend);
    config = workerConfig(
      box,
      { pollMs: 50, backoffMs: 20, stallMs: 1000 },
      { allowHosts: ['127.0.0.1'], fetchTimeoutMs: 60_000 },
    );
    // A URL source that never finishes its headers.
    drip = await dripServer();
  });
  afterEach(async () => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    if (drip.listening()) await drip.close();
    await box.cleanup();
  });

  function serve() {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--config', config], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    const out = { text: '', exit: new Promise<number | null>((r) => child.once('exit', r)) };
    child.stdout!.on('data', (d: Buffer) => (out.text += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out.text += d.toString()));
    children.push(child);
    return { child, out };
  }

  it('runs imports in its thread, reports a stuck job from it, and stops with it', async () => {
    const token = spawnSync(
      process.execPath,
      [BIN, 'token', 'create', '--role', 'admin', '--config', config],
      { encoding: 'utf8', env },
    ).stdout.trim();
    const server = serve();
    await expect
      .poll(() => /serving on (\S+)/.test(server.out.text), { timeout: 60_000 })
      .toBe(true);
    const base = /serving on (\S+)/.exec(server.out.text)![1]!;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const call = async (path: string, body?: unknown) => {
      const r = await fetch(`${base}${path}`, {
        method: body ? 'POST' : 'GET',
        headers,
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    };

    // An import, from upload to its end, run by the thread.
    const stores = await call('/imports/sources', {
      entity: 'store',
      inline: 'code=S1||name=One\ncode=S2||name=Two',
    });
    expect(stores.status).toBe(202);
    const id = stores.body.id as string;
    await expect
      .poll(async () => (await call(`/imports/${id}`)).body.status, { timeout: 60_000 })
      .toBe('completed');
    expect((await call(`/imports/${id}`)).body).toMatchObject({ counts: { created: 2 } });

    // A stuck job: the thread's watchdog is seen in /ready and in the logs.
    const stuck = await call('/imports/sources', {
      urls: [`http://127.0.0.1:${drip.port}/slow.csv`],
    });
    expect(stuck.status).toBe(202);
    const stuckId = stuck.body.id as string;
    await expect.poll(async () => (await call('/ready')).status, { timeout: 30_000 }).toBe(503);
    expect((await call('/ready')).body).toMatchObject({
      code: 'INTAKE_E_WORKER_STALLED',
      details: { worker: { state: 'stalled', job: { kind: 'validate', importId: stuckId } } },
    });
    await expect
      .poll(() => server.out.text, { timeout: 30_000 })
      .toContain(`the validate job of ${stuckId} has made no progress`);
    // The source goes away: the thread's job fails, and the worker is ready again.
    await drip.close();
    await expect.poll(async () => (await call('/ready')).status, { timeout: 30_000 }).toBe(200);
    await expect
      .poll(async () => (await call(`/imports/${stuckId}`)).body.errorCode, { timeout: 60_000 })
      .toBe('INTAKE_E_FETCH');

    server.child.kill('SIGTERM');
    expect(await server.out.exit).toBe(0);
  });
});

describe('SQLite, busy', () => {
  it('a write that finds the file held by another connection waits with timers, not in the thread', async () => {
    const box = sandbox({ name: 'sqlite' });
    const intake = await box.open();
    try {
      // Another connection (another process's import) holds the write lock for a while.
      const other = new BetterSqlite3(join(box.config.dataDir, 'intake.sqlite'));
      other.exec('BEGIN IMMEDIATE');
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 10);
      const release = setTimeout(() => other.exec('COMMIT'), 800);
      const t0 = Date.now();
      // A plain write, and a transaction (an import's status step, the queue).
      const [token] = await Promise.all([
        intake.access.createToken('default', 'waits', 'viewer'),
        intake.store.db
          .transaction()
          .execute((trx) => trx.deleteFrom('intake_token').where('name', '=', 'none').execute()),
      ]);
      const waited = Date.now() - t0;
      clearInterval(ticker);
      clearTimeout(release);
      other.close();
      expect(waited).toBeGreaterThanOrEqual(700);
      // The loop ran all along: a wait inside the thread would have let no tick through.
      expect(ticks).toBeGreaterThan(20);
      expect((await intake.access.findToken(token.secret))?.name).toBe('waits');
    } finally {
      await intake.close();
      await box.cleanup();
    }
  });
});
