import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type Database from 'better-sqlite3';
import { whenFree } from './sqlite-wait.js';
import type { BackendProfile } from './profile.js';

/** SQLite: dates, decimals and JSON are TEXT (ISO, canonical, JSON); booleans 0/1. */
export function sqliteProfile(raw: Database.Database): BackendProfile {
  const statements = new Map<string, Database.Statement>();
  // The same hash as PostgreSQL's sha256(), so anonymized values agree across backends.
  raw.function('intake_hash', { deterministic: true }, (key: unknown, v: unknown) =>
    v === null
      ? null
      : createHash('sha256')
          .update(`${String(key)}:${String(v)}`)
          .digest('hex')
          .slice(0, 16),
  );
  return {
    dialect: 'sqlite',
    types: {
      string: 'TEXT',
      integer: 'INTEGER',
      decimal: 'TEXT',
      boolean: 'INTEGER',
      date: 'TEXT',
      datetime: 'TEXT',
      email: 'TEXT',
      phone: 'TEXT',
      enum: 'TEXT',
      multienum: 'TEXT',
      reference: 'TEXT',
      json: 'TEXT',
    },
    json: 'TEXT',
    idColumn: 'id INTEGER PRIMARY KEY',
    timestamp: 'TEXT',
    now: sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
    entityTableOptions: '',
    addForeignKeyLater: false,
    stagingTable: 'CREATE TABLE',
    bind: (v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v),
    read: (kind, v) => {
      if (v === null || v === undefined) return null;
      if (kind === 'boolean') return v === 1 || v === true;
      if (kind === 'decimal') return Number(v);
      return v as string | number;
    },
    contains: (h, n) => sql`(instr(${h}, ${n}) > 0)`,
    distinct: (a, b) => sql`(${a} IS NOT ${b})`,
    jsonMerge: (stored, incoming) => sql`json_patch(coalesce(${stored}, '{}'), ${incoming})`,
    jsonParam: (text) => sql`${text}`,
    // json_object takes at most 127 arguments here: wide rows are built in parts.
    rowImage: (alias, columns) => {
      const part = (cols: string[]) =>
        sql`json_object(${sql.join(
          cols.map(
            (c) =>
              sql`${c}, ${c === 'custom' ? sql`json(${sql.ref(`${alias}.${c}`)})` : sql.ref(`${alias}.${c}`)}`,
          ),
        )})`;
      const parts: RawBuilder<unknown>[] = [];
      for (let i = 0; i < columns.length; i += 50) parts.push(part(columns.slice(i, i + 50)));
      return parts.reduce((a, b) => sql`json_patch(${a}, ${b})`);
    },
    fromImage: (image, column) => sql`json_extract(${image}, ${`$."${column}"`})`,
    hash: (v, key) => sql`intake_hash(${key}, ${v})`,
    // Dates are ISO text here: the year is the first four characters.
    yearStart: (v, kind) =>
      sql`(substr(${v}, 1, 4) || ${kind === 'date' ? '-01-01' : '-01-01T00:00:00.000Z'})`,
    domainOf: (v) => sql`substr(${v}, instr(${v}, '@') + 1)`,
    digitsOnly: (v) => sql`(${v} <> '' AND ${v} NOT GLOB '*[^0-9]*')`,
    keepIds: '',
    async reclaim(db) {
      await sql`VACUUM`.execute(db);
      await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
    },
    // A write at the transaction's start makes it the one writer (BEGIN IMMEDIATE's
    // effect): the next process waits for it, and then reads what it wrote.
    async lock(db) {
      await sql`DELETE FROM intake_workspace WHERE 1 = 0`.execute(db);
    },
    // SQLite's planner does well on these queries without statistics, and ANALYZE
    // would cost a full scan of the staging table.
    analyze: async () => {},
    withoutNestedLoops: (_db, work) => work(),
    refreshStatistics: async () => {},
    // In-process, so prepared statements inside one transaction have no round trips;
    // a statement inserts up to 64 rows, which halves the per-row cost of run().
    async bulkInsert(_db, table, columns, rows) {
      const width = columns.length;
      const per = Math.max(1, Math.min(64, Math.floor(32_000 / width)));
      const prepare = (n: number) => {
        const key = `${table}|${columns.join(',')}|${n}`;
        let stmt = statements.get(key);
        if (!stmt) {
          const one = `(${columns.map(() => '?').join(', ')})`;
          stmt = raw.prepare(
            `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${new Array(n).fill(one).join(', ')}`,
          );
          statements.set(key, stmt);
        }
        return stmt;
      };
      const insert = raw.transaction(() => {
        let i = 0;
        const batch = prepare(per);
        for (; i + per <= rows.length; i += per) batch.run(rows.slice(i, i + per).flat());
        if (i < rows.length) prepare(rows.length - i).run(rows.slice(i).flat());
      });
      await whenFree(raw, () => insert.immediate());
    },
  };
}
