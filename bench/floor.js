// The floor of Intake's design (stage every row, then write from staging with set
// statements), measured with everything else taken away: no cleaning, no checks, no row
// results, no reports. The same two files as the customer runs (half the keys, then all),
// into tables of Intake's own shape (its DDL, its unique keys and foreign keys). What
// Intake adds on top of this is the cost of its checks; what this costs, no checking
// importer built this way can go under on this machine.
//   node bench/floor.js sqlite <intake.sqlite of a bench run> <half.csv> <full.csv>
//   node bench/floor.js postgres <url> <schema of a bench run> <half.csv> <full.csv>
// Prints one JSON line for the second file (the upsert with half the keys): { secs,
// stageSecs } (the whole, and reading the file into staging).
import { execFileSync } from 'node:child_process';
import { createReadStream, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Papa from 'papaparse';
import { HEADER } from './generate.js';

const require = createRequire(import.meta.url);
const [kind, ...args] = process.argv.slice(2);
// An update sets the columns no index holds (Intake sets fewer: those that changed).
const INDEXED = ['external_id', 'email', 'mobile', 'join_store'];
const SET = HEADER.filter((c) => !INDEXED.includes(c));

if (kind === 'sqlite') await sqliteFloor(...args);
else await postgresFloor(...args);

async function sqliteFloor(intakeDb, half, full) {
  const Database = require('better-sqlite3');
  const file = join(intakeDb, '..', 'floor.sqlite');
  rmSync(file, { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`ATTACH '${intakeDb}' AS src`);
  const ddl = db
    .prepare(
      `SELECT sql FROM src.sqlite_master WHERE sql IS NOT NULL AND tbl_name IN
        ('intake_workspace', 'loyalty_store', 'loyalty_customer', 'intake_stage_loyalty_customer')
       ORDER BY type = 'index', tbl_name = 'loyalty_customer'`,
    )
    .all();
  for (const { sql } of ddl) db.exec(sql);
  db.exec('INSERT INTO main.intake_workspace SELECT * FROM src.intake_workspace');
  db.exec('INSERT INTO main.loyalty_store SELECT * FROM src.loyalty_store');
  db.exec('DETACH src');
  db.pragma('foreign_keys = ON');
  const columns = ['import_id', 'row_no', 'file_no', 'line', ...HEADER, 'raw', 'action'];
  const per = 64;
  const one = `(${columns.map(() => '?').join(', ')})`;
  const insert = db.prepare(
    `INSERT INTO intake_stage_loyalty_customer (${columns.join(', ')}) VALUES ${new Array(per).fill(one).join(', ')}`,
  );
  const run = async (path, id) => {
    let rowNo = 0;
    let batch = [];
    // A transaction per 512 rows, as Intake stages a chunk of 500 in one.
    const flush = db.transaction((rows) => {
      for (let i = 0; i < rows.length; i += per) insert.run(rows.slice(i, i + per).flat());
    });
    await new Promise((resolve, reject) => {
      Papa.parse(createReadStream(path), {
        skipEmptyLines: true,
        step: (r) => {
          if (rowNo++ === 0) return; // the header
          const cells = r.data;
          const values = cells.map((v, i) =>
            HEADER[i] === 'newsletter' ? (v === 'true' ? 1 : 0) : v,
          );
          batch.push([id, rowNo, 1, rowNo + 1, ...values, JSON.stringify(cells), 'create']);
          if (batch.length === per * 8) {
            flush(batch);
            batch = [];
          }
        },
        complete: resolve,
        error: reject,
      });
    });
    const whole = batch.length - (batch.length % per);
    flush(batch.slice(0, whole));
    const single = db.prepare(
      `INSERT INTO intake_stage_loyalty_customer (${columns.join(', ')}) VALUES ${one}`,
    );
    for (const row of batch.slice(whole)) single.run(row);
    const staged = process.hrtime.bigint();
    db.transaction(() => {
      db.prepare(
        `UPDATE intake_stage_loyalty_customer SET target_id = t.id, action = 'update'
         FROM loyalty_customer t WHERE intake_stage_loyalty_customer.import_id = ? AND t.workspace_id = 'default'
           AND t.external_id = intake_stage_loyalty_customer.external_id`,
      ).run(id);
      db.prepare(
        `INSERT INTO loyalty_customer (workspace_id, ${HEADER.join(', ')}, import_id, import_row)
         SELECT 'default', ${HEADER.join(', ')}, import_id, row_no FROM intake_stage_loyalty_customer
         WHERE import_id = ? AND action = 'create' ORDER BY row_no`,
      ).run(id);
      db.prepare(
        `UPDATE loyalty_customer SET ${SET.map((c) => `${c} = s.${c}`).join(', ')}, import_id = s.import_id, import_row = s.row_no
         FROM intake_stage_loyalty_customer s WHERE s.import_id = ? AND s.action = 'update'
           AND loyalty_customer.id = s.target_id`,
      ).run(id);
    })();
    db.prepare('DELETE FROM intake_stage_loyalty_customer WHERE import_id = ?').run(id);
    return staged;
  };
  await run(half, 'floor-1');
  const t0 = process.hrtime.bigint();
  const staged = await run(full, 'floor-2');
  const t1 = process.hrtime.bigint();
  const secs = Number(t1 - t0) / 1e9;
  const stageSecs = Number(staged - t0) / 1e9;
  db.close();
  rmSync(file, { force: true });
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  console.log(JSON.stringify({ secs, stageSecs }));
}

async function postgresFloor(url, schema, half, full) {
  const psql = (text) =>
    execFileSync('psql', [url, '-q', '-v', 'ON_ERROR_STOP=1', '-c', text], { encoding: 'utf8' });
  const s = `${schema}.floor_stage`;
  const t = `${schema}.floor_target`;
  // Intake's table, with its keys and its foreign keys (LIKE copies neither FKs nor the
  // identity's sequence name, so both are given again).
  psql(`SET client_min_messages = warning;
    DROP TABLE IF EXISTS ${t}, ${s};
    CREATE TABLE ${t} (LIKE ${schema}.loyalty_customer INCLUDING ALL);
    ALTER TABLE ${t} ALTER COLUMN workspace_id SET DEFAULT 'default';
    ALTER TABLE ${t} ADD FOREIGN KEY (workspace_id) REFERENCES ${schema}.intake_workspace (id);
    ALTER TABLE ${t} ADD FOREIGN KEY (workspace_id, join_store) REFERENCES ${schema}.loyalty_store (workspace_id, code);
    CREATE UNLOGGED TABLE ${s} (row_no bigint GENERATED ALWAYS AS IDENTITY, ${HEADER.map((c) => `${c} text`).join(', ')});`);
  const cast = (c) => {
    if (['registration_date', 'join_date'].includes(c)) return `${c}::date`;
    if (['loyalty_points', 'lifetime_points'].includes(c)) return `${c}::bigint`;
    if (c === 'lifetime_purchases') return `${c}::numeric`;
    if (c === 'newsletter') return `${c}::boolean`;
    return c;
  };
  const run = (path) => {
    psql(`\\copy ${s} (${HEADER.join(', ')}) FROM '${path}' CSV HEADER`);
    const staged = process.hrtime.bigint();
    psql(`INSERT INTO ${t} (workspace_id, ${HEADER.join(', ')}, import_row)
      SELECT 'default', ${HEADER.map(cast).join(', ')}, row_no FROM ${s} ORDER BY row_no
      ON CONFLICT (workspace_id, external_id) DO UPDATE SET
        ${SET.map((c) => `${c} = excluded.${c}`).join(', ')}, import_row = excluded.import_row`);
    psql(`TRUNCATE ${s}`);
    return staged;
  };
  run(half);
  const t0 = process.hrtime.bigint();
  const staged = run(full);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const stageSecs = Number(staged - t0) / 1e9;
  psql(`DROP TABLE ${t}, ${s}`);
  console.log(JSON.stringify({ secs, stageSecs }));
}
