// The service under load (issue 5): `intake serve` in a child process, 10 imports of
// 50,000 customers each uploaded at once, while a reader keeps asking for the list of
// imports and for one import. Reports the import throughput, the read latency
// (p50/p99/max) and every error; the target is zero errors.
//   node bench/load.js [--imports 10] [--rows 50000] [--db sqlite|postgres]
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STORES, generate } from './generate.js';

// psql says nothing of what DROP ... CASCADE drops.
const QUIET = { env: { ...process.env, PGOPTIONS: '--client-min-messages=warning' } };

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'bench', 'out', 'load');
const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const imports = Number(arg('--imports', '10'));
const rows = Number(arg('--rows', '50000'));
const db = arg('--db', 'sqlite');
const pgUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const port = 18000 + Math.floor(Math.random() * 1000);
const base = `http://127.0.0.1:${port}`;

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const env = {
  ...process.env,
  INTAKE_DATA_DIR: join(out, 'data'),
  DATABASE_URL: db === 'postgres' ? pgUrl : '',
  INTAKE_DATABASE_SCHEMA: db === 'postgres' ? 'intake_load' : '',
};
if (db === 'postgres') {
  execFileSync(
    'psql',
    [pgUrl, '-q', '-c', 'DROP SCHEMA IF EXISTS intake_load, intake_load_pgboss CASCADE'],
    QUIET,
  );
}
const cli = (...a) =>
  execFileSync(process.execPath, [join(root, 'bin', 'intake.js'), ...a], { env, encoding: 'utf8' });

const token = cli('token', 'create', '--role', 'admin', '--name', 'load').trim();
const stores = join(out, 'stores.csv');
writeFileSync(stores, 'code,name\n' + STORES.map((s) => `${s},Store ${s}`).join('\n') + '\n');
cli('import', stores);
console.log(`generating ${imports} files of ${rows} rows...`);
const files = [];
for (let i = 0; i < imports; i++) {
  const f = join(out, `customers-${i}.csv`);
  await generate(f, i * rows, (i + 1) * rows, 0);
  files.push(f);
}

const server = spawn(
  process.execPath,
  [join(root, 'bin', 'intake.js'), 'serve', '--port', String(port)],
  {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  },
);
let serverLog = '';
server.stderr.on('data', (c) => (serverLog += c));
for (let i = 0; i < 100; i++) {
  try {
    if ((await fetch(`${base}/health`)).ok) break;
  } catch {
    // not up yet
  }
  await new Promise((r) => setTimeout(r, 100));
}

const auth = { authorization: `Bearer ${token}` };
const errors = [];
const latencies = [];
const t0 = performance.now();
const ids = await Promise.all(
  files.map(async (f, i) => {
    const form = new FormData();
    form.append('entity', 'loyalty.customer');
    form.append('options', JSON.stringify({ commit: 'partial' }));
    form.append('files', new Blob([readFileSync(f)]), `customers-${i}.csv`);
    const res = await fetch(`${base}/imports`, { method: 'POST', headers: auth, body: form });
    if (res.status !== 202) errors.push(`upload ${i}: ${res.status} ${await res.text()}`);
    return (await res.json()).id;
  }),
);

let done = false;
const reader = (async () => {
  let n = 0;
  while (!done) {
    const url = n++ % 2 ? `${base}/imports?limit=20` : `${base}/imports/${ids[n % ids.length]}`;
    const s = performance.now();
    try {
      const res = await fetch(url, { headers: auth });
      await res.arrayBuffer();
      if (!res.ok) errors.push(`read ${url}: ${res.status}`);
    } catch (e) {
      errors.push(`read ${url}: ${e.message}`);
    }
    latencies.push(performance.now() - s);
    await new Promise((r) => setTimeout(r, 20));
  }
})();

const final = new Set(['completed', 'completed_with_issues', 'failed', 'cancelled']);
let views = [];
while (true) {
  views = await Promise.all(
    ids.map(async (id) => (await fetch(`${base}/imports/${id}`, { headers: auth })).json()),
  );
  if (views.every((v) => final.has(v.status))) break;
  await new Promise((r) => setTimeout(r, 250));
}
const secs = (performance.now() - t0) / 1000;
done = true;
await reader;
server.kill('SIGTERM');

for (const v of views) {
  if (v.status !== 'completed') errors.push(`import ${v.id}: ${v.status} ${v.error ?? ''}`);
}
latencies.sort((a, b) => a - b);
const pct = (p) =>
  latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(0);
const total = views.reduce((s, v) => s + (v.counts?.created ?? 0), 0);
const line = `${db}: ${imports} imports x ${rows} rows in ${secs.toFixed(1)} s (${Math.round(total / secs)} rows/s written); ${latencies.length} reads meanwhile: p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${latencies.at(-1).toFixed(0)} ms; errors: ${errors.length}`;
console.log(line);
for (const e of errors.slice(0, 10)) console.log(`  ${e}`);
writeFileSync(join(root, 'bench', 'out', `load-${db}.txt`), line + '\n' + errors.join('\n') + '\n');
if (db === 'postgres')
  execFileSync(
    'psql',
    [pgUrl, '-q', '-c', 'DROP SCHEMA IF EXISTS intake_load, intake_load_pgboss CASCADE'],
    QUIET,
  );
if (errors.length) {
  console.log(
    serverLog
      .split('\n')
      .filter((l) => /"level":(40|50)/.test(l))
      .slice(0, 5)
      .join('\n'),
  );
  process.exitCode = 1;
}
