// A draft's first feedback (issue 15): a CSV of about 1 GB uploaded as a draft to
// `intake serve`; how long after the upload's last byte the answer comes (the file's
// detection and mapping, and the problems of its first 1,000 rows, are settled before
// it), then how long GET /imports/{id}/files takes, and when the exact row count is in.
//   node bench/first-look.js [--rows 8000000] [--db sqlite|postgres]
import { Buffer } from 'node:buffer';
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.js';

// psql says nothing of what DROP ... CASCADE drops.
const QUIET = { env: { ...process.env, PGOPTIONS: '--client-min-messages=warning' } };

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'bench', 'out', 'first-look');
const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const rows = Number(arg('--rows', '8000000'));
const db = arg('--db', 'sqlite');
const pgUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const port = 19000 + Math.floor(Math.random() * 1000);

mkdirSync(out, { recursive: true });
rmSync(join(out, 'data'), { recursive: true, force: true });
const file = join(out, `customers-${rows}.csv`);
if (!existsSync(file)) {
  console.log(`generating ${rows} rows...`);
  await generate(file, 0, rows, 0);
}
const size = statSync(file).size;
const env = {
  ...process.env,
  INTAKE_DATA_DIR: join(out, 'data'),
  DATABASE_URL: db === 'postgres' ? pgUrl : '',
  INTAKE_DATABASE_SCHEMA: db === 'postgres' ? 'intake_first_look' : '',
};
const dropSchema = () =>
  execFileSync(
    'psql',
    [
      pgUrl,
      '-q',
      '-c',
      'DROP SCHEMA IF EXISTS intake_first_look, intake_first_look_pgboss CASCADE',
    ],
    QUIET,
  );
if (db === 'postgres') dropSchema();
const cli = (...a) =>
  execFileSync(process.execPath, [join(root, 'bin', 'intake.js'), ...a], { env, encoding: 'utf8' });
const token = cli('token', 'create', '--role', 'admin', '--name', 'bench').trim();
const server = spawn(
  process.execPath,
  [join(root, 'bin', 'intake.js'), 'serve', '--no-worker', '--port', String(port)],
  { env, stdio: ['ignore', 'ignore', 'pipe'] },
);
for (let i = 0; i < 200; i++) {
  try {
    if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) break;
  } catch {
    // not up yet
  }
  await new Promise((r) => setTimeout(r, 100));
}

// The upload, streamed from disk as a browser would send it; "finish" is its last byte.
const boundary = `----intake${Date.now()}`;
const head = Buffer.from(
  `--${boundary}\r\nContent-Disposition: form-data; name="draft"\r\n\r\ntrue\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="customers.csv"\r\n` +
    'Content-Type: text/csv\r\n\r\n',
);
const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
const t0 = performance.now();
let sent = 0;
const answer = await new Promise((resolve, reject) => {
  const req = request(
    {
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/imports',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': head.length + size + tail.length,
      },
    },
    (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body, at: performance.now() }));
    },
  );
  req.on('error', reject);
  req.on('finish', () => (sent = performance.now()));
  req.write(head);
  const stream = createReadStream(file);
  stream.pipe(req, { end: false });
  stream.on('end', () => req.end(tail));
});
const id = JSON.parse(answer.body).id;
const t1 = performance.now();
const files = await (
  await fetch(`http://127.0.0.1:${port}/imports/${id}/files`, {
    headers: { authorization: `Bearer ${token}` },
  })
).json();
const filesMs = performance.now() - t1;
const sheet = files[0].sheets[0];
// The exact count, once the file is read through in the background.
let exactAfter;
for (let i = 0; i < 600; i++) {
  const again = await (
    await fetch(`http://127.0.0.1:${port}/imports/${id}/files`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json();
  if (!again[0].sheets[0].rowsEstimated) {
    exactAfter = (performance.now() - answer.at) / 1000;
    break;
  }
  await new Promise((r) => setTimeout(r, 250));
}
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
if (db === 'postgres') dropSchema();
// The upload's copy (1 GB) goes; the generated file stays for the next run.
rmSync(join(out, 'data'), { recursive: true, force: true });

const feedbackMs = answer.at - sent;
const line =
  `first look on ${db}: ${(size / 1e9).toFixed(2)} GB, ${rows} rows; upload ${((sent - t0) / 1000).toFixed(1)} s; ` +
  `answered ${feedbackMs.toFixed(0)} ms after its last byte (HTTP ${answer.status}); ` +
  `files ${filesMs.toFixed(0)} ms: ${sheet.entity}, rows ${sheet.rows}${sheet.rowsEstimated ? ' (estimated)' : ''}, ` +
  `first ${sheet.firstRows?.rows ?? 0} rows checked, ${sheet.firstRows?.problems.length ?? 0} problems; ` +
  `exact count ${exactAfter === undefined ? 'not in within 150 s' : `after ${exactAfter.toFixed(1)} s`}`;
console.log(line);
