// Scale-out (issue 15): one import of N customers (default 2M) into PostgreSQL, run by
// 1 and then by 2 `intake worker` processes sharing its staging by chunks. Prints the
// wall time from submit to completed, the stage phase, and how many chunks each worker
// staged.
//   node bench/scale.js [--rows 2000000] [--workers 1,2] [--chunk 100000]
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STORES, generate } from './generate.js';

// psql says nothing of what DROP ... CASCADE drops.
const QUIET = { env: { ...process.env, PGOPTIONS: '--client-min-messages=warning' } };

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'bench', 'out', 'scale');
const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const rows = Number(arg('--rows', '2000000'));
const counts = arg('--workers', '1,2').split(',').map(Number);
const chunk = Number(arg('--chunk', '100000'));
const pgUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = 'intake_scale';

mkdirSync(out, { recursive: true });
const file = join(out, `customers-${rows}.csv`);
if (!existsSync(file)) {
  console.log(`generating ${rows} rows...`);
  await generate(file, 0, rows, 0);
}
const { Intake } = await import(join(root, 'dist', 'service.js'));

for (const n of counts) {
  execFileSync(
    'psql',
    [pgUrl, '-q', '-c', `DROP SCHEMA IF EXISTS ${schema}, ${schema}_pgboss CASCADE`],
    QUIET,
  );
  const dataDir = join(out, `data-${n}`);
  rmSync(dataDir, { recursive: true, force: true });
  const env = {
    ...process.env,
    DATABASE_URL: pgUrl,
    INTAKE_DATABASE_SCHEMA: schema,
    INTAKE_DATA_DIR: dataDir,
  };
  const config = {
    dataDir,
    databaseUrl: pgUrl,
    databaseSchema: schema,
    reportDir: join(dataDir, 'reports'),
    workspace: 'default',
    packs: [],
    workers: 1,
    allowHosts: [],
    fetchMaxBytes: 1 << 30,
    fetchTimeoutMs: 60_000,
    jobs: {
      maxAttempts: 3,
      backoffMs: 1000,
      leaseMs: 60_000,
      pollMs: 200,
      duplicateWindowMs: 0,
      replayDays: 1,
      stageChunkRows: chunk,
      stageHelpers: 8,
    },
    uploadMaxBytes: 1 << 30,
    reportLinkDays: 1,
    limits: {},
  };
  const stores = join(out, 'stores.csv');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(stores, 'code,name\n' + STORES.map((s) => `${s},Store ${s}`).join('\n') + '\n');
  execFileSync(process.execPath, [join(root, 'bin', 'intake.js'), 'import', stores], { env });
  const intake = await Intake.open(config);
  const id = intake.imports.newId();
  const t0 = performance.now();
  await intake.imports.submit(id, {
    workspace: 'default',
    actor: 'bench',
    files: [file],
    entity: 'loyalty.customer',
    options: { commit: 'atomic' },
    approval: false,
  });
  const workers = Array.from({ length: n }, () =>
    spawn(process.execPath, [join(root, 'bin', 'intake.js'), 'worker'], {
      env: { ...env, INTAKE_WORKERS: '1' },
      stdio: 'ignore',
    }),
  );
  let view;
  // Who staged which chunk: read once validation is over (the rows go with the staging).
  const by = {};
  let seen = false;
  let validated;
  for (;;) {
    view = await intake.imports.get('default', id);
    if (!seen && view.status !== 'validating') {
      seen = true;
      validated = (performance.now() - t0) / 1000;
      const chunks = await intake.store.db
        .selectFrom('intake_stage_chunk')
        .select(['worker'])
        .where('import_id', '=', id)
        .execute();
      for (const c of chunks) by[c.worker] = (by[c.worker] ?? 0) + 1;
    }
    if (/completed|failed|cancelled/.test(view.status)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const secs = (performance.now() - t0) / 1000;
  for (const w of workers) w.kill('SIGTERM');
  const row = await intake.store.db
    .selectFrom('intake_import')
    .select('plan')
    .where('id', '=', id)
    .executeTakeFirst();
  const plan = typeof row.plan === 'string' ? JSON.parse(row.plan) : row.plan;
  const t = plan?.timings ?? {};
  console.log(
    `scale-out, ${n} worker${n > 1 ? 's' : ''}: ${rows} rows in ${secs.toFixed(1)} s (${Math.round(rows / secs)} rows/s), ${view.status}; validated after ${validated.toFixed(1)} s; ` +
      `phases s: scan ${(t.scan / 1000).toFixed(1)}, stage ${(t.stage / 1000).toFixed(1)}, plan ${(t.plan / 1000).toFixed(1)}, commit ${(t.commit / 1000).toFixed(1)}; ` +
      `chunks per worker process: ${Object.values(by).join(', ')}`,
  );
  await intake.close();
}
execFileSync(
  'psql',
  [pgUrl, '-q', '-c', `DROP SCHEMA IF EXISTS ${schema}, ${schema}_pgboss CASCADE`],
  QUIET,
);
