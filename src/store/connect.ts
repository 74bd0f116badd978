import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, type Logger } from 'kysely';
import pg from 'pg';
import { IntakeError } from '../core/codes.js';
import { migrate } from './migrate.js';
import { postgresProfile } from './postgres-profile.js';
import type { BackendProfile } from './profile.js';
import type { Database, Db } from './tables.js';
import { sqliteProfile } from './sqlite-profile.js';
import { SYNC_WAIT_MS, WaitingSqliteDialect } from './sqlite-wait.js';

/** One open database: Kysely for queries, the profile for what differs. */
export interface Store {
  /** PostgreSQL: the schema the tables live in (current_schema()). */
  schema?: string;
  /** System tables typed (tables.ts); entity and staging tables by name, untyped. */
  db: Db;
  profile: BackendProfile;
  /** SQLite: the database file. */
  file?: string;
  /**
   * PostgreSQL: how to open a connection of one's own (the lease keeper's thread),
   * with its password; never shown (see `location`).
   */
  connection?: { url: string };
  /** Where the data lives, for messages (never with a password). */
  location: string;
  /** Told what the database connection does on its own (lost, back): the service's log. */
  warn?: (message: string) => void;
  close(): Promise<void>;
}

export interface StoreConfig {
  /** postgres://... ; absent: the embedded SQLite file. */
  databaseUrl?: string;
  /** SQLite file path, used when there is no databaseUrl. */
  sqlitePath: string;
  /** PostgreSQL schema to work in (tests use one each); default: the server's search_path. */
  schema?: string;
}

// DATE stays a 'YYYY-MM-DD' string: a JS Date would shift it by the time zone.
const PG_DATE = 1082;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === PG_DATE
      ? (v: string) => v
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable url)';
  }
}

export async function openStore(config: StoreConfig): Promise<Store> {
  const store = config.databaseUrl
    ? await openPostgres(config.databaseUrl, config.schema)
    : openSqlite(config.sqlitePath);
  try {
    await migrate(store.db, store.schema);
  } catch (e) {
    await store.close();
    throw e instanceof IntakeError
      ? e
      : new IntakeError('INTAKE_E_DATABASE', `${store.location}: ${(e as Error).message}`);
  }
  return store;
}

function openSqlite(path: string): Store {
  mkdirSync(dirname(path), { recursive: true });
  // Switching a new file to WAL waits for the lock of a process that is creating it
  // (several starting together on a busy machine). Later statements wait for a busy
  // file with timers, not by sleeping in the thread (sqlite-wait.ts).
  const raw = new BetterSqlite3(path, { timeout: 30_000 });
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma(`busy_timeout = ${SYNC_WAIT_MS}`);
  const db = new Kysely<Database>({
    dialect: new WaitingSqliteDialect(raw),
    log: slowQueryLog(),
  });
  return {
    db,
    profile: sqliteProfile(raw),
    file: path,
    location: path,
    close: () => db.destroy(),
  };
}

async function openPostgres(url: string, schema?: string): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 8,
    // Named in pg_stat_activity; by its schema too where several share one server.
    application_name: schema ? `intake ${schema}`.slice(0, 63) : 'intake',
    types: pgTypes,
    // Set checks group and join a whole import at once: with the default 4 MB of
    // work memory those hash tables spill to disk (measured 2-3x slower at 1M rows).
    options: [`-c work_mem=64MB`, schema ? `-c search_path=${schema}` : ''].join(' ').trim(),
  });
  // An idle connection the server closed (a restart, a failover) is reported here, not
  // thrown: without a listener it would end the process. The pool opens new ones as
  // queries come; until the server is back they fail, are retried by the jobs, and
  // /ready says the database does not answer. The pool listens only to its idle
  // connections: one lent out (a transaction between two statements) that the server
  // drops would throw out of the process too, so every connection gets a listener as
  // it is made, the first one included. Its next statement fails, and its job is retried.
  const opened: { store?: Store } = {};
  const lost = (e: Error) =>
    opened.store?.warn?.(
      `database connection lost (${e.message}); new connections are opened as needed`,
    );
  pool.on('error', lost);
  pool.on('connect', (client) => client.on('error', lost));
  const location = redactUrl(url);
  try {
    const client = await pool.connect();
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    client.release();
  } catch (e) {
    await pool.end();
    throw new IntakeError(
      'INTAKE_E_DATABASE',
      `cannot connect to ${location}: ${(e as Error).message}`,
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: slowQueryLog() });
  const current = await sql<{ s: string }>`select current_schema() as s`.execute(db);
  opened.store = {
    db,
    schema: current.rows[0]?.s,
    profile: postgresProfile(pool),
    location,
    connection: { url },
    close: () => db.destroy(),
  };
  return opened.store;
}

/**
 * INTAKE_SLOW_QUERY_MS=n prints every statement slower than n ms to stderr, for
 * people tuning large imports.
 */
function slowQueryLog(): Logger | undefined {
  const limit = Number(process.env.INTAKE_SLOW_QUERY_MS);
  if (!Number.isFinite(limit) || limit <= 0) return undefined;
  return (event) => {
    if (event.queryDurationMillis < limit) return;
    const text = event.query.sql.replace(/\s+/g, ' ').slice(0, 300);
    process.stderr.write(`[slow query ${Math.round(event.queryDurationMillis)} ms] ${text}\n`);
  };
}
