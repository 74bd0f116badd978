import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * A PostgreSQL cluster of the test's own, that it may crash and restart (issue 16's
 * fault tests): made with initdb in a temp dir, on a free port, as the `postgres`
 * user when the tests run as root (the server refuses to run as root). `missing` says
 * why there can be none here, for the skip message.
 */
export interface OwnPostgres {
  url: string;
  /** `pg_ctl stop -m immediate`: a crash; UNLOGGED tables are emptied on the next start. */
  crash(): void;
  /** `pg_ctl restart -m fast`: every connection is cut, the server comes back. */
  restart(): void;
  start(): void;
  stop(): void;
  /** Stop it and remove its files. */
  destroy(): void;
}

function binary(name: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

const asRoot = userInfo().uid === 0;

/** Why no cluster of the test's own can be made here, or undefined when one can. */
export function ownPostgresMissing(): string | undefined {
  if (!binary('initdb') || !binary('pg_ctl')) return 'initdb and pg_ctl are not installed';
  if (asRoot && spawnSync('id', ['-u', 'postgres']).status !== 0) {
    return 'tests run as root and there is no postgres user to run a server as';
  }
  return undefined;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

export async function ownPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'intake-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const uid = asRoot ? Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })) : -1;
  const gid = asRoot ? Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) : -1;
  if (asRoot) chownSync(dir, uid, gid);
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    const r = spawnSync(file, argv, { encoding: 'utf8', cwd: dir });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || r.stdout}`);
  };
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  // Sockets in its own dir; fsync off: a crash here is the server's, not the machine's.
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const ctl = (...args: string[]) =>
    run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', opts, '-w', '-t', '60', ...args]);
  ctl('start');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    crash: () => ctl('stop', '-m', 'immediate'),
    restart: () => ctl('restart', '-m', 'fast'),
    start: () => ctl('start'),
    stop: () => ctl('stop', '-m', 'fast'),
    destroy() {
      try {
        ctl('stop', '-m', 'immediate');
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
