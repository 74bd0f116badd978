import type Database from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';

/**
 * SQLite has one writer at a time, and better-sqlite3 waits for a busy file by
 * sleeping in the calling thread: an API request that writes while an import's job
 * thread holds a long transaction would hold the whole event loop for as long (issue
 * 15: reads and writes of the API must not stall behind a commit). So the connection's
 * own wait is short (`SYNC_WAIT_MS`), and a statement that finds the file busy waits
 * here instead, with timers, for up to `WAIT_MS`, while the loop serves others.
 *
 * A statement is tried again only outside a transaction: inside one, a retry could not
 * undo what the transaction read. So transactions begin IMMEDIATE, taking the write
 * lock with their first statement (which is the one that waits), and nothing inside
 * them can find the file busy afterwards.
 */
export const SYNC_WAIT_MS = 20;
export const WAIT_MS = 120_000;

const isBusy = (e: unknown): boolean => (e as { code?: unknown })?.code === 'SQLITE_BUSY';

/** Run `work` (one statement, or a transaction of its own) when the file is free. */
export async function whenFree<T>(
  raw: Database.Database,
  work: () => T | Promise<T>,
  waitMs = WAIT_MS,
): Promise<T> {
  const until = Date.now() + waitMs;
  // Tries at most every 10 ms: a partial commit leaves 15 ms between its chunks for
  // the writers that wait (commit.ts), and a try costs a few microseconds.
  for (let pause = 1; ; pause = Math.min(pause * 2, 10)) {
    try {
      return await work();
    } catch (e) {
      if (!isBusy(e) || raw.inTransaction || Date.now() >= until) throw e;
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

class WaitingConnection implements DatabaseConnection {
  constructor(
    private readonly inner: DatabaseConnection,
    private readonly raw: Database.Database,
  ) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return whenFree(this.raw, () => this.inner.executeQuery<R>(query));
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

class WaitingDriver extends SqliteDriver {
  private readonly wrapped = new WeakMap<DatabaseConnection, WaitingConnection>();

  constructor(private readonly raw: Database.Database) {
    super({ database: raw });
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await super.acquireConnection();
    let c = this.wrapped.get(inner);
    if (!c) this.wrapped.set(inner, (c = new WaitingConnection(inner, this.raw)));
    return c;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** Kysely's SQLite dialect, on `raw`, waiting for a busy file without holding the thread. */
export class WaitingSqliteDialect extends SqliteDialect {
  constructor(private readonly raw: Database.Database) {
    super({ database: raw });
  }

  override createDriver(): Driver {
    return new WaitingDriver(this.raw);
  }
}
