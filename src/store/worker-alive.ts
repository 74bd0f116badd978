import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

/**
 * Whether a worker process lives, known rather than guessed from its lease (SQLite's
 * queue). Every worker on a SQLite database runs on the machine that holds the file,
 * so each holds an exclusive lock on a small file of its own for as long as it lives;
 * the operating system drops the lock when the process ends, however it ends (kill -9
 * included). A job whose lease ran out is taken again only when its worker's lock is
 * free: a lease that lapses while its worker lives (a long statement holding the event
 * loop, a starved CPU) is not a death. SQLite's own locking does the work, so this is
 * the same on every system better-sqlite3 runs on.
 */
export class WorkerLocks {
  private held = new Map<string, BetterSqlite3.Database>();

  constructor(private readonly dir: string) {}

  private file(worker: string): string {
    // Worker names are host-pid-random; anything else is made safe for a file name.
    return join(this.dir, `${worker.replace(/[^A-Za-z0-9._-]/g, '_')}.lock`);
  }

  /** This process is `worker`, for as long as it lives (or until release). */
  hold(worker: string): void {
    if (this.held.has(worker)) return;
    mkdirSync(this.dir, { recursive: true });
    const db = new BetterSqlite3(this.file(worker), { timeout: 0 });
    db.exec('BEGIN EXCLUSIVE');
    this.held.set(worker, db);
  }

  /** The process that is `worker` still lives. A worker with no lock file is gone. */
  alive(worker: string): boolean {
    if (this.held.has(worker)) return true;
    let db: BetterSqlite3.Database;
    try {
      db = new BetterSqlite3(this.file(worker), { timeout: 0, fileMustExist: true });
    } catch {
      return false;
    }
    try {
      db.exec('BEGIN EXCLUSIVE');
    } catch (e) {
      db.close();
      if ((e as { code?: string }).code === 'SQLITE_BUSY') return true;
      throw e;
    }
    // Free: its process ended without a word. Its file goes with it.
    db.exec('ROLLBACK');
    db.close();
    rmSync(this.file(worker), { force: true });
    return false;
  }

  /** This process stops being its workers (a clean shutdown). */
  release(): void {
    for (const [worker, db] of this.held) {
      db.close();
      rmSync(this.file(worker), { force: true });
    }
    this.held.clear();
  }
}
