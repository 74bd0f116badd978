// The review grid's pages (issues 6 and 11): a dry run of N rows (default 1,000,000; one
// in ten refused), then single pages of 50 rows read from the row results in the
// database as the API reads them: first, middle and last, by offset and by cursor
// (keyset), the last refused rows filtered by outcome and by code, and the last page of
// corrections. Target: any page under 100 ms.
//   node bench/pages.js [--rows N] [--db sqlite|postgres]
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '../dist/config/index.js';
import { Intake } from '../dist/service.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const arg = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const rows = Number(arg('--rows', '1000000'));
const db = arg('--db', 'sqlite');
const dir = join(root, 'bench', 'out', `pages-${db}`);
const pg =
  db === 'postgres' ? (process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test') : '';
const schema = 'intake_bench_pages';

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const lines = ['code,name,email'];
for (let n = 0; n < rows; n++) {
  lines.push(`K${n}, Customer ${n},${n % 10 ? `C${n}@Example.com` : 'not-an-email'}`);
}
const file = join(dir, 'customers.csv');
writeFileSync(file, lines.join('\n') + '\n');
lines.length = 0;
const env = {
  ...process.env,
  DATABASE_URL: pg,
  INTAKE_DATABASE_SCHEMA: pg ? schema : '',
  INTAKE_DATA_DIR: join(dir, 'data'),
};
if (pg) {
  spawnSync('psql', [
    pg,
    '-qc',
    `DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_pgboss CASCADE`,
  ]);
}
const started = performance.now();
const run = spawnSync(
  process.execPath,
  [
    join(root, 'bin', 'intake.js'),
    'import',
    file,
    '--entity',
    'billing.customer',
    '--dry-run',
    '--json',
  ],
  { env, encoding: 'utf8', maxBuffer: 1 << 26 },
);
// Exit 3: done, with refused rows, as intended here.
if (run.status !== 3) throw new Error(`the dry run ended with ${run.status}: ${run.stderr}`);
const id = JSON.parse(run.stdout).import.id;
const dryRun = ((performance.now() - started) / 1000).toFixed(1);

const config = resolveConfig({ cwd: root, env, flags: {} });
const intake = await Intake.open(config);
const ws = config.workspace;
const results = [];
// Keyset pages are what the web UI and `cursor` clients read; offsets are jumps.
const time = async (what, read, keyset = what.includes('cursor') || what.startsWith('first')) => {
  await read(); // the first read of a page warms the database's cache, as a user's click would
  const t = performance.now();
  const page = await read();
  const ms = performance.now() - t;
  results.push({ what, ms, keyset, n: page.rows.length });
};
const page = (q) => () => intake.imports.rows(ws, id, { limit: 50, ...q });
const last = rows - 50;
await time('first (offset 0)', page({ offset: 0 }));
await time('middle (offset)', page({ offset: rows / 2 }));
await time('last (offset)', page({ offset: last }));
await time('middle (cursor)', page({ after: String(rows / 2) }));
await time('last (cursor)', page({ after: String(last) }));
await time(
  'last refused, by outcome (cursor)',
  page({ outcome: 'rejected', after: String(rows - 200) }),
);
await time(
  'last refused, by outcome (offset)',
  page({ outcome: 'rejected', offset: rows / 10 - 50 }),
);
await time(
  'last refused, by code (offset)',
  page({ code: 'INTAKE_E_EMAIL', offset: rows / 10 - 50 }),
);
const fixes = await intake.imports.corrections(ws, id, { offset: 0, limit: 1 });
await time('last corrections (cursor)', () =>
  intake.imports.corrections(ws, id, { after: `${rows - 60}.0`, limit: 50 }),
);
await time('corrections deep (offset)', () =>
  intake.imports.corrections(ws, id, { offset: Math.floor(rows * 0.9), limit: 50 }),
);
await intake.close();
if (!fixes.rows.length) throw new Error('no corrections to page');
const worst = Math.max(...results.filter((r) => r.keyset).map((r) => r.ms));
console.log(
  `pages on ${db}: ${rows} rows (dry run ${dryRun} s); 50 rows a page: ` +
    results.map((r) => `${r.what} ${r.ms.toFixed(1)} ms`).join(', ') +
    `; slowest keyset page ${worst.toFixed(1)} ms (target < 100 ms: ${worst < 100 ? 'met' : 'NOT met'})`,
);
