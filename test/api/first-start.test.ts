import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS, sandbox, workerConfig, type Sandbox } from '../helpers/backends.js';
import { ROOT } from '../helpers/files.js';

/**
 * Real processes on a new database (issue 16): a `serve --no-worker` whose first
 * requests are a burst of imports answers them all, stays ready, and stops on SIGTERM.
 * (Processes migrating a new database together: test/cli/cli.test.ts.)
 */
const BIN = join(ROOT, 'bin', 'intake.js');

describe.each(BACKENDS)('first start on $name', { timeout: 120_000 }, (backend) => {
  let box: Sandbox;
  let config: string;
  const children: ChildProcess[] = [];

  beforeEach(() => {
    box = sandbox(backend);
    config = workerConfig(box, { pollMs: 50 });
  });
  afterEach(async () => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    await box.cleanup();
  });

  const env = { ...process.env, DATABASE_URL: '' };
  const start = (...args: string[]) => {
    const child = spawn(process.execPath, [BIN, ...args, '--config', config], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    const out = { text: '', exit: new Promise<number | null>((r) => child.once('exit', r)) };
    child.stderr!.on('data', (d: Buffer) => (out.text += d.toString()));
    children.push(child);
    return { child, out };
  };
  const until = async (what: () => boolean | Promise<boolean>, ms = 60_000) => {
    const end = Date.now() + ms;
    while (!(await what())) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('serve --no-worker answers a burst of imports as its first requests, stays ready, and stops on SIGTERM', async () => {
    const token = spawnSync(
      process.execPath,
      [BIN, 'token', 'create', '--role', 'admin', '--config', config],
      { encoding: 'utf8', env },
    );
    expect(token.status).toBe(0);
    const serve = start('serve', '--no-worker', '--port', '0');
    await until(() => /serving on (\S+)/.test(serve.out.text));
    const base = /serving on (\S+)/.exec(serve.out.text)![1]!;
    const post = (i: number) =>
      fetch(`${base}/imports/sources`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token.stdout.trim()}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ entity: 'store', inline: `code=S${i}||name=Store ${i}` }),
      });
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => post(i)));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(202));
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    // Queued for a worker that is not there: they wait, and the server still stops.
    const listed = await fetch(`${base}/imports`, {
      headers: { authorization: `Bearer ${token.stdout.trim()}` },
    });
    const body = (await listed.json()) as { items?: { status: string }[] } | { status: string }[];
    const items = Array.isArray(body) ? body : (body.items ?? []);
    expect(items.filter((i) => i.status === 'validating')).toHaveLength(6);
    serve.child.kill('SIGTERM');
    expect(await serve.out.exit).toBe(0);
  });
});
