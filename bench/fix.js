// A fix in the review (issue 17: "only the edited rows re-checked, fast"): an import of
// N loyalty customers (default 100,000; one in 97 with a bad e-mail) held for review,
// then one cell fixed. Times: the first validation, the validation again after the fix
// (only the edited row cleaned again), and a whole validation with the same fix, each
// from the replay (or submit) until the import waits again. Both in this process, with
// one worker, as `intake serve` runs them.
//   node bench/fix.js [--rows N] [--db sqlite|postgres]
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '../dist/config/index.js';
import { Intake } from '../dist/service.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const arg = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const rows = Number(arg('--rows', '100000'));
const db = arg('--db', 'sqlite');
const dir = join(root, 'bench', 'out', `fix-${db}`);
const pg =
  db === 'postgres' ? (process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test') : '';
const schema = 'intake_bench_fix';

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const lines = ['external_id,first_name,last_name,email,mobile,registration_date'];
for (let i = 0; i < rows; i++) {
  const email = i % 97 === 5 ? `bad${i}.example.com` : `c${i}@example.com`;
  lines.push(
    `C${i},Alice,Martin,${email},06${String(10000000 + i).slice(-8)},2021-0${(i % 9) + 1}-1${i % 10}`,
  );
}
const file = join(dir, 'customers.csv');
writeFileSync(file, lines.join('\n') + '\n');
lines.length = 0;
if (pg) {
  spawnSync('psql', [
    pg,
    '-qc',
    `DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_pgboss CASCADE`,
  ]);
}
const env = {
  ...process.env,
  DATABASE_URL: pg,
  INTAKE_DATABASE_SCHEMA: pg ? schema : '',
  INTAKE_DATA_DIR: join(dir, 'data'),
};
const config = resolveConfig({ cwd: root, env, flags: {} });
const intake = await Intake.open(config);
const ws = config.workspace;
const worker = intake.startWorker(() => {});
const waited = async (id) => {
  for (;;) {
    await worker.drain();
    const v = await intake.imports.get(ws, id);
    if (/awaiting_approval|failed|completed|cancelled/.test(v.status)) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
};
const options = { commit: 'partial', country: 'FR' };
const submit = async (fixes) => {
  const id = intake.imports.newId();
  await intake.imports.submit(id, {
    workspace: ws,
    actor: 'bench',
    files: [file],
    entity: 'loyalty.customer',
    options: { ...options, fixes },
    approval: false,
    review: true,
  });
  return id;
};
const seconds = (t) => ((performance.now() - t) / 1000).toFixed(2);

let t = performance.now();
const id = await submit([]);
const first = await waited(id);
const firstS = seconds(t);
const fix = [
  { kind: 'edit', file: 'customers.csv', line: 7, column: 'email', value: 'c5@example.com' },
];
t = performance.now();
await intake.imports.replay(ws, id, 'bench', { options: { fixes: fix } });
const again = await waited(id);
const againS = seconds(t);
const phases = (await intake.imports.summary(ws, id)).timings;
const note = again.events.filter((e) => e.from === 'validating').at(-1)?.note ?? '';
t = performance.now();
const whole = await waited(await submit(fix));
const wholeS = seconds(t);
await worker.stop?.();
await intake.close();
console.log(
  `fix on ${db}, ${rows} rows: first validation ${firstS} s (${first.status}); one cell fixed: ` +
    `${againS} s checked again (${/(\d+) rows checked again/.exec(note)?.[1] ?? '?'} rows cleaned), ` +
    `${wholeS} s validated whole (${whole.status}); phases after the fix (ms): ${JSON.stringify(phases)}`,
);
