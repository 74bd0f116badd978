// npm run bench: a customer CSV of N rows (default 1M) imported into SQLite and into
// PostgreSQL with half of the keys already stored, beside psql \copy of the same file
// into a table of the same shape. Each import runs in its own process, measured by
// GNU time for wall clock and peak RSS. Beside each, the floor of the design
// (bench/floor.js): the same files staged and written with no cleaning, checks or reports.
// Then 100,000 user accounts of the billing pack, a tree 8 levels deep in random row
// order, on both databases.
// Then the review grid's pages of a 1,000,000-row dry run on both databases (bench/pages.js).
// Then a cell fixed in the review of a 100,000-row import (bench/fix.js).
// Then operations on stored records (--only ops): N customers inactivated, then
// deleted, by a file of their keys, on both databases.
// Last, the service under load (bench/load.js): 10 imports of 50,000 rows uploaded at
// once while the API is read; throughput, p99 read latency, errors.
// Then one 1M-row import in `intake serve` on SQLite, read meanwhile, and the first look
// at a 1 GB draft (bench/first-look.js). `--only scale` (not in the default run): one
// import shared by 1 and 2 worker processes (bench/scale.js; --rows 2000000 there).
//   node bench/run.js [--rows N] [--only sqlite|postgres|xlsx|tree|ops|pages|fix|load|first-look|scale]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HEADER, STORES, generate, generateKeys, generateTree, generateXlsx } from './generate.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'bench', 'out');
const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const rows = Number(arg('--rows', '1000000'));
const only = arg('--only', '');
const pgUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = 'intake_bench';

mkdirSync(out, { recursive: true });
const full = join(out, `customers-${rows}.csv`);
const half = join(out, `customers-${rows}-half.csv`);
const stores = join(out, 'stores.csv');
writeFileSync(stores, 'code,name\n' + STORES.map((s) => `${s},Store ${s}`).join('\n') + '\n');
const customerRuns = only === '' || only === 'sqlite' || only === 'postgres';
if (customerRuns) {
  console.log(`generating ${rows} rows...`);
  await generate(half, 0, rows / 2, 1);
  await generate(full, 0, rows, 2);
  console.log(`${full}: ${mb(full)} MB; ${half}: ${mb(half)} MB`);
}

function mb(p) {
  return (statSync(p).size / 1e6).toFixed(0);
}

/** Run the CLI in a child process; wall seconds and peak RSS (MB) from GNU time. */
function timed(argv, env) {
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', '%e %M', process.execPath, join(root, 'bin', 'intake.js'), ...argv],
    {
      env: { ...process.env, ...env },
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    },
  );
  const last = r.stderr.trim().split('\n').pop();
  const [secs, kb] = last.split(' ').map(Number);
  if (r.status !== 0)
    throw new Error(`intake ${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return { secs, rssMb: Math.round(kb / 1024), result: JSON.parse(r.stdout) };
}

const lines = [];
/** Issue 15's figures, measured in this run: printed last, beside their targets. */
const measured = {};
function report(label, n, secs, rssMb, extra = '') {
  const line = `${label.padEnd(44)} ${String(n).padStart(8)} rows ${secs.toFixed(1).padStart(6)} s ${String(Math.round(n / secs)).padStart(8)} rows/s ${rssMb ? `${String(rssMb).padStart(5)} MB peak RSS` : ''} ${extra}`;
  lines.push(line);
  console.log(line);
}

function importRun(label, file, env, n) {
  const r = timed(
    ['import', file, '--entity', 'loyalty.customer', '--commit', 'atomic', '--json'],
    env,
  );
  const c = r.result.counts;
  report(
    label,
    n,
    r.secs,
    r.rssMb,
    `(created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}, rejected ${c.rejected}) ms: ${JSON.stringify(r.result.timings)}`,
  );
  if (c.rejected !== 0) throw new Error(`${label}: ${c.rejected} rows rejected`);
  return { secs: r.secs, rssMb: r.rssMb, rowsPerSec: n / r.secs };
}

if (!only || only === 'xlsx') {
  // XLSX: 100,000 rows through the streaming reader, in a process of its own.
  const xlsx = join(out, 'customers-100000.xlsx');
  if (!existsSync(xlsx)) await generateXlsx(xlsx, 0, 100_000);
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', '%e %M', process.execPath, join(root, 'bench', 'xlsx-read.js'), xlsx],
    { encoding: 'utf8' },
  );
  const [secs, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  const n = JSON.parse(r.stdout).rows;
  report(
    'XLSX: read 100,000 rows (streaming reader)',
    n,
    secs,
    Math.round(kb / 1024),
    `${mb(xlsx)} MB file`,
  );
  measured.xlsx = { rate: n / secs, rssMb: Math.round(kb / 1024) };
  // And imported end to end (read, cleaned, checked, written) into an empty SQLite table.
  const dataDir = join(out, 'xlsx-sqlite');
  rmSync(dataDir, { recursive: true, force: true });
  const env = { INTAKE_DATA_DIR: dataDir, DATABASE_URL: '' };
  timed(['import', stores, '--json'], env);
  const imported = importRun('XLSX: import 100,000 rows into SQLite', xlsx, env, n);
  measured.xlsxImport = { rate: imported.rowsPerSec, rssMb: imported.rssMb };
}

if (customerRuns && only !== 'postgres') {
  const dataDir = join(out, 'sqlite');
  rmSync(dataDir, { recursive: true, force: true });
  const env = { INTAKE_DATA_DIR: dataDir, DATABASE_URL: '' };
  timed(['import', stores, '--json'], env);
  const empty = importRun('SQLite: intake, empty table', half, env, rows / 2);
  const halfKeys = importRun('SQLite: intake, half of the keys stored', full, env, rows);
  measured.sqliteRate = halfKeys.rowsPerSec;
  const floor = runFloor(['sqlite', join(dataDir, 'intake.sqlite'), half, full]);
  report(
    'SQLite: the floor (stage, write; no checks)',
    rows,
    floor.secs,
    0,
    `(staging ${floor.stageSecs.toFixed(1)} s) bench/floor.js`,
  );
  measured.sqliteFloor = rows / floor.secs;
  measured.rss = [
    ...(measured.rss ?? []),
    [`SQLite ${rows / 2}`, empty.rssMb],
    [`SQLite ${rows}`, halfKeys.rssMb],
  ];
}

/** bench/floor.js: what stage-then-write costs with no cleaning, checks or reports. */
function runFloor(argv) {
  const r = spawnSync(process.execPath, [join(root, 'bench', 'floor.js'), ...argv], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`bench/floor.js ${argv[0]} exited ${r.status}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const psql = (sqlText) =>
  execFileSync(
    'psql',
    [pgUrl, '-q', '-v', 'ON_ERROR_STOP=1', '-c', `SET client_min_messages = warning; ${sqlText}`],
    { encoding: 'utf8' },
  );

if (customerRuns && only !== 'sqlite') {
  psql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  const env = {
    DATABASE_URL: pgUrl,
    INTAKE_DATABASE_SCHEMA: schema,
    INTAKE_DATA_DIR: join(out, 'pg'),
  };
  timed(['import', stores, '--json'], env);
  const empty = importRun('PostgreSQL: intake, empty table', half, env, rows / 2);
  const halfKeys = importRun('PostgreSQL: intake, half of the keys stored', full, env, rows);
  measured.pgSecs = halfKeys.secs;
  measured.rss = [
    ...(measured.rss ?? []),
    [`PostgreSQL ${rows / 2}`, empty.rssMb],
    [`PostgreSQL ${rows}`, halfKeys.rssMb],
  ];

  // The baseline: psql \copy of the same file into a table of the same shape
  // (same columns, types, unique indexes), in the same run.
  psql(
    `DROP TABLE IF EXISTS ${schema}.copy_target; CREATE TABLE ${schema}.copy_target (LIKE ${schema}.loyalty_customer INCLUDING ALL); ALTER TABLE ${schema}.copy_target ALTER COLUMN workspace_id SET DEFAULT 'default'`,
  );
  const t0 = process.hrtime.bigint();
  execFileSync(
    '/usr/bin/time',
    [
      '-f',
      '%e %M',
      'psql',
      pgUrl,
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      `\\copy ${schema}.copy_target (${HEADER.join(', ')}) FROM '${full}' CSV HEADER`,
    ],
    { stdio: 'pipe' },
  );
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  report('PostgreSQL: psql \\copy, same file, same shape', rows, secs, 0);
  measured.copySecs = secs;
  const floor = runFloor(['postgres', pgUrl, schema, half, full]);
  report(
    'PostgreSQL: the floor (stage, write; no checks)',
    rows,
    floor.secs,
    0,
    `(\\copy into staging ${floor.stageSecs.toFixed(1)} s) bench/floor.js`,
  );
  measured.pgFloor = floor.secs;
  psql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}

if (only === '' || only === 'tree') {
  // The billing pack's tree: 100,000 user accounts, 8 levels, children before parents.
  const n = 100_000;
  const parents = {
    customers: join(out, 'tree-customers.csv'),
    accounts: join(out, 'tree-customer_accounts.csv'),
    billing: join(out, 'tree-billing_accounts.csv'),
  };
  const tree = join(out, 'tree-user_accounts.csv');
  const sizes = await generateTree(parents, tree, n, 8);
  const runTree = (label, env) => {
    timed(['import', parents.customers, parents.accounts, parents.billing, '--json'], env);
    const r = timed(['import', tree, '--entity', 'billing.user_account', '--json'], env);
    const c = r.result.counts;
    const levels = r.result.order.filter((s) => s.depth !== null).length;
    report(
      label,
      n,
      r.secs,
      r.rssMb,
      `(created ${c.created}, rejected ${c.rejected}, ${levels} levels: ${sizes.join('/')}) ms: ${JSON.stringify(r.result.timings)}`,
    );
    if (c.created !== n) throw new Error(`${label}: ${c.created} of ${n} created`);
  };
  const sqliteDir = join(out, 'tree-sqlite');
  rmSync(sqliteDir, { recursive: true, force: true });
  runTree('SQLite: user-account tree, depth 8, shuffled', {
    INTAKE_DATA_DIR: sqliteDir,
    DATABASE_URL: '',
  });
  psql(`DROP SCHEMA IF EXISTS ${schema}_tree CASCADE`);
  runTree('PostgreSQL: user-account tree, depth 8, shuffled', {
    DATABASE_URL: pgUrl,
    INTAKE_DATABASE_SCHEMA: `${schema}_tree`,
    INTAKE_DATA_DIR: join(out, 'tree-pg'),
  });
  psql(`DROP SCHEMA IF EXISTS ${schema}_tree CASCADE`);
}

if (only === '' || only === 'ops') {
  // A key file: one column, external_id. The records are loaded first (not timed here).
  const all = join(out, `customers-${rows}-ops.csv`);
  const keys = join(out, `keys-${rows}.csv`);
  await generate(all, 0, rows, 0);
  await generateKeys(keys, rows);
  const runOps = (db, env) => {
    timed(['import', stores, '--json'], env);
    timed(['import', all, '--entity', 'loyalty.customer', '--json'], env);
    for (const op of ['inactivate', 'delete']) {
      // Inactive (Suspended) customers are protected: their deletion is allowed here.
      const allow = op === 'delete' ? ['--allow-protected'] : [];
      const r = timed(
        ['import', keys, '--entity', 'loyalty.customer', '--operation', op, ...allow, '--json'],
        env,
      );
      const c = r.result.counts;
      const done = op === 'inactivate' ? c.inactivated : c.deleted;
      report(
        `${db}: ${op} stored records by key`,
        rows,
        r.secs,
        r.rssMb,
        `(${done} done, rejected ${c.rejected}) ms: ${JSON.stringify(r.result.timings)}`,
      );
      if (done !== rows) throw new Error(`${db} ${op}: ${done} of ${rows}`);
    }
  };
  const sqliteDir = join(out, 'ops-sqlite');
  rmSync(sqliteDir, { recursive: true, force: true });
  runOps('SQLite', { INTAKE_DATA_DIR: sqliteDir, DATABASE_URL: '' });
  psql(`DROP SCHEMA IF EXISTS ${schema}_ops CASCADE`);
  runOps('PostgreSQL', {
    DATABASE_URL: pgUrl,
    INTAKE_DATABASE_SCHEMA: `${schema}_ops`,
    INTAKE_DATA_DIR: join(out, 'ops-pg'),
  });
  psql(`DROP SCHEMA IF EXISTS ${schema}_ops CASCADE`);
}

if (only === '' || only === 'pages') {
  // Pages of a million-row import, read from its row results (issue 11: under 100 ms).
  for (const db of ['sqlite', 'postgres']) {
    const r = spawnSync(process.execPath, [join(root, 'bench', 'pages.js'), '--db', db], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, DATABASE_URL: pgUrl },
    });
    const line =
      r.stdout.split('\n').find((l) => l.startsWith('pages on')) ?? `pages on ${db}: run failed`;
    lines.push(line);
    console.log(line);
  }
}

if (only === '' || only === 'fix') {
  // A cell fixed in the review of a 100,000-row import (issue 17): only its row cleaned again.
  for (const db of ['sqlite', 'postgres']) {
    const r = spawnSync(process.execPath, [join(root, 'bench', 'fix.js'), '--db', db], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, DATABASE_URL: pgUrl },
    });
    const line =
      r.stdout.split('\n').find((l) => l.startsWith('fix on')) ?? `fix on ${db}: run failed`;
    lines.push(line);
    console.log(line);
  }
}

if (only === '' || only === 'load') {
  for (const db of ['sqlite', 'postgres']) {
    const r = spawnSync(process.execPath, [join(root, 'bench', 'load.js'), '--db', db], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line =
      r.stdout.split('\n').find((l) => l.startsWith(`${db}:`)) ?? `${db}: load run failed`;
    lines.push(`load, ${line}`);
    console.log(`load, ${line}`);
    const p99 = /p99 (?:read )?(?:latency )?(\d+(?:\.\d+)?) ?ms/.exec(line)?.[1];
    if (p99) measured[`p99_${db}`] = Number(p99);
  }
}

if (only === '' || only === 'load') {
  // The target's own case: one import of 1M rows in `intake serve` on SQLite.
  const r = spawnSync(
    process.execPath,
    [join(root, 'bench', 'load.js'), '--db', 'sqlite', '--imports', '1', '--rows', '1000000'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line =
    r.stdout.split('\n').find((l) => l.startsWith('sqlite:')) ?? 'sqlite: load run failed';
  lines.push(`load, ${line}`);
  console.log(`load, ${line}`);
  const p99 = /p99 (\d+(?:\.\d+)?) ms/.exec(line)?.[1];
  if (p99) measured.p99_sqlite_1m = Number(p99);
}

if (only === '' || only === 'first-look') {
  // A draft of about 1 GB: its first look after the upload's last byte.
  const r = spawnSync(process.execPath, [join(root, 'bench', 'first-look.js')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line =
    r.stdout.split('\n').find((l) => l.startsWith('first look')) ?? 'first look: run failed';
  lines.push(line);
  console.log(line);
  const ms = /answered (\d+) ms/.exec(line)?.[1];
  if (ms) measured.firstLookMs = Number(ms);
}

if (only === 'scale') {
  // One import of 2M rows shared by 1, then 2, worker processes (PostgreSQL). Not in the
  // default run: it takes about five minutes here.
  const r = spawnSync(
    process.execPath,
    [join(root, 'bench', 'scale.js'), '--rows', arg('--rows', '2000000')],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  for (const line of r.stdout.split('\n').filter((l) => l.startsWith('scale-out'))) {
    lines.push(line);
    console.log(line);
    const m = /scale-out, (\d+) workers?: \d+ rows in ([\d.]+) s/.exec(line);
    if (m) (measured.scale ??= {})[m[1]] = Number(m[2]);
  }
}

// Issue 15's targets beside what this run measured ("-": not measured in this run).
const fmt = (v, unit, digits = 0) => (v === undefined ? '-' : `${v.toFixed(digits)}${unit}`);
const verdict = (ok) => (ok === undefined ? '' : ok ? 'met' : 'NOT met');
const ratio =
  measured.pgSecs && measured.copySecs ? measured.pgSecs / measured.copySecs : undefined;
const peak = measured.rss?.length ? Math.max(...measured.rss.map(([, v]) => v)) : undefined;
const targets = [
  ['PostgreSQL 1M half keys vs psql \\copy', fmt(ratio, 'x', 1), '<= 2x', ratio && ratio <= 2],
  [
    '  the floor of stage-then-write, no checks',
    fmt(measured.pgFloor && measured.copySecs && measured.pgFloor / measured.copySecs, 'x', 1),
    '(bench/floor.js)',
    undefined,
  ],
  [
    'SQLite 1M half keys',
    fmt(measured.sqliteRate, ' rows/s'),
    '>= 60,000 rows/s',
    measured.sqliteRate && measured.sqliteRate >= 60_000,
  ],
  [
    '  the floor of stage-then-write, no checks',
    fmt(measured.sqliteFloor, ' rows/s'),
    '(bench/floor.js)',
    undefined,
  ],
  [
    `peak RSS (${(measured.rss ?? []).map(([k, v]) => `${k}: ${v}`).join(', ') || '-'})`,
    fmt(peak, ' MB'),
    '<= 250 MB, flat',
    peak && peak <= 250,
  ],
  [
    'XLSX 100,000 rows read',
    `${fmt(measured.xlsx?.rate, ' rows/s')}, ${fmt(measured.xlsx?.rssMb, ' MB')}`,
    '>= 50,000 rows/s, <= 200 MB',
    measured.xlsx && measured.xlsx.rate >= 50_000 && measured.xlsx.rssMb <= 200,
  ],
  [
    'XLSX 100,000 rows imported into SQLite',
    `${fmt(measured.xlsxImport?.rate, ' rows/s')}, ${fmt(measured.xlsxImport?.rssMb, ' MB')}`,
    '>= 50,000 rows/s, <= 200 MB',
    measured.xlsxImport && measured.xlsxImport.rate >= 50_000 && measured.xlsxImport.rssMb <= 200,
  ],
  [
    'API read p99 during imports, SQLite',
    fmt(measured.p99_sqlite, ' ms'),
    '< 100 ms',
    measured.p99_sqlite === undefined ? undefined : measured.p99_sqlite < 100,
  ],
  [
    'API read p99 during a 1M-row import, SQLite',
    fmt(measured.p99_sqlite_1m, ' ms'),
    '< 100 ms',
    measured.p99_sqlite_1m === undefined ? undefined : measured.p99_sqlite_1m < 100,
  ],
  [
    'first look at a 1 GB draft after its upload',
    fmt(measured.firstLookMs, ' ms'),
    '<= 1,000 ms',
    measured.firstLookMs === undefined ? undefined : measured.firstLookMs <= 1000,
  ],
  [
    'one import shared by 1 / 2 workers (PostgreSQL)',
    measured.scale
      ? `${fmt(measured.scale[1], ' s', 1)} / ${fmt(measured.scale[2], ' s', 1)}`
      : '-',
    'shared (docs/scale-out.md)',
    undefined,
  ],
  [
    'API read p99 during imports, PostgreSQL',
    fmt(measured.p99_postgres, ' ms'),
    '< 100 ms',
    measured.p99_postgres === undefined ? undefined : measured.p99_postgres < 100,
  ],
];
lines.push('', 'issue 15 targets:');
for (const [what, got, want, ok] of targets) {
  lines.push(
    `  ${what.padEnd(60)} ${got.padStart(24)}   target ${want.padEnd(28)} ${verdict(ok === undefined ? undefined : Boolean(ok))}`,
  );
}
lines.push('  (leases under a starved event loop: test/jobs/lease-starved.test.ts)');
console.log(lines.slice(lines.indexOf('issue 15 targets:') - 1).join('\n'));

writeFileSync(join(out, 'results.txt'), lines.join('\n') + '\n');
