// The review grid's pages (issue 6): a dry run of 100,000 rows (one in ten refused),
// then single pages of 50 rows read as the web UI reads them, first, middle, last, and
// filtered by an error code, timed.
//   node bench/pages.js [--rows N]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { correctionRows, rowOutcomes } from '../dist/jobs/row-pages.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, 'bench', 'out', 'pages');
const i = process.argv.indexOf('--rows');
const rows = i > 0 ? Number(process.argv[i + 1]) : 100_000;

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const lines = ['code,name,email'];
for (let n = 0; n < rows; n++) {
  lines.push(`K${n},Customer ${n},${n % 10 ? `C${n}@Example.com` : 'not-an-email'}`);
}
const file = join(dir, 'customers.csv');
writeFileSync(file, lines.join('\n') + '\n');
// Exit 3: done, with refused rows, as intended here.
const run = spawnSync(
  process.execPath,
  [join(root, 'bin', 'intake.js'), 'import', file, '--entity', 'billing.customer', '--dry-run'],
  {
    env: { ...process.env, DATABASE_URL: '', INTAKE_DATA_DIR: join(dir, 'data') },
    stdio: 'ignore',
  },
);
if (run.status !== 3) throw new Error(`the dry run ended with ${run.status}`);
const reports = join(dir, 'data', 'reports');
const report = join(reports, readdirSync(reports)[0]);

const time = async (what, read) => {
  const t = performance.now();
  const page = await read();
  const ms = Math.round(performance.now() - t);
  return `${what} ${ms} ms (${page.rows.length} rows)`;
};
const last = rows - 50;
const results = [
  await time('first', () => rowOutcomes(report, { offset: 0, limit: 50 })),
  await time('middle', () => rowOutcomes(report, { offset: rows / 2, limit: 50 })),
  await time('last', () => rowOutcomes(report, { offset: last, limit: 50 })),
  await time('last refused e-mail', () =>
    rowOutcomes(report, { offset: rows / 10 - 50, limit: 50, code: 'INTAKE_E_EMAIL' }),
  ),
  await time('last corrections', () => correctionRows(report, rows * 0.9 - 50, 50)),
];
console.log(`pages: ${rows} rows: ${results.join(', ')}`);
