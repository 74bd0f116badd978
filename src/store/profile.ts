import type { RawBuilder } from 'kysely';
import type { FieldKind, Value } from '../core/schema.js';
import type { Db } from './tables.js';

/**
 * What differs between PostgreSQL and SQLite, in one place, as data and small
 * functions (STYLE.md 3). Everything else is written once, with Kysely's `sql`.
 */
export type Dialect = 'postgres' | 'sqlite';

export interface BackendProfile {
  dialect: Dialect;
  /** Column type of each field type. */
  types: Record<FieldKind, string>;
  /** Type of JSON columns (custom fields). */
  json: string;
  /** Primary key column definition for `id`. */
  idColumn: string;
  /** Type of timestamps, and the expression for "now". */
  timestamp: string;
  now: RawBuilder<string>;
  /** Storage options of entity tables (PostgreSQL: room on each page for HOT updates). */
  entityTableOptions: string;
  /** A foreign key to the table's own unique key is added after that key (PostgreSQL). */
  addForeignKeyLater: boolean;
  /** `CREATE UNLOGGED TABLE` where the backend has it. */
  stagingTable: string;
  /** A value as the driver wants it bound (SQLite has no booleans). */
  bind(value: Value | null): unknown;
  /** A stored value as JavaScript reads it back, per field type. */
  read(kind: FieldKind, value: unknown): Value | null;
  /** Text `haystack` holds `needle`. */
  contains(haystack: RawBuilder<unknown>, needle: RawBuilder<unknown>): RawBuilder<unknown>;
  /** `a` differs from `b`, NULLs compared as values. */
  distinct(a: RawBuilder<unknown>, b: RawBuilder<unknown>): RawBuilder<unknown>;
  /** Stored custom fields with new ones laid over them. */
  jsonMerge(stored: RawBuilder<unknown>, incoming: RawBuilder<unknown>): RawBuilder<unknown>;
  /** Cast a JSON text parameter to the JSON column type. */
  jsonParam(text: string | null): RawBuilder<unknown>;
  /** A row of `table` (alias) as one JSON value of the given columns (a before-image). */
  rowImage(alias: string, columns: string[]): RawBuilder<unknown>;
  /** One column of such an image, back in the column's SQL type (`json` for JSON). */
  fromImage(image: RawBuilder<unknown>, column: string, type: string): RawBuilder<unknown>;
  /** A stable hash of text `v` keyed by `key` (16 hex digits); NULL stays NULL (anonymize). */
  hash(v: RawBuilder<unknown>, key: string): RawBuilder<unknown>;
  /** 1 January of the year of date or datetime `v` (anonymize keeps the year). */
  yearStart(v: RawBuilder<unknown>, kind: 'date' | 'datetime'): RawBuilder<unknown>;
  /** What follows the @ of e-mail `v`. */
  domainOf(v: RawBuilder<unknown>): RawBuilder<unknown>;
  /** SQL: text `v` is one or more digits and nothing else. */
  digitsOnly(v: RawBuilder<unknown>): RawBuilder<unknown>;
  /**
   * Rewrite the database so that deleted values no longer sit in its free pages or
   * log (after an erase): SQLite's VACUUM and a checkpoint that empties the WAL. On
   * PostgreSQL deleted rows are out of reach of any query and its own vacuum reuses
   * their space: nothing is done.
   */
  reclaim(db: Db): Promise<void>;
  /** Words after INSERT's column list that let it give identity ids (undo of a delete). */
  keepIds: string;
  /**
   * Take a lock named `key` until the transaction `db` ends: PostgreSQL's advisory
   * locks; SQLite writes one at a time anyway (the transaction's first write waits).
   */
  lock(db: Db, key: string): Promise<void>;
  /** Refresh planner statistics of a freshly loaded staging table (PostgreSQL plans badly without). */
  analyze(db: Db, table: string, columns: string[]): Promise<void>;
  /**
   * After a commit that wrote `written` records of a table: refresh its statistics when
   * that is a tenth of it or more, so the next import's plan is made for its real size
   * (autovacuum comes later, and a table grown from nothing is planned as empty).
   */
  refreshStatistics(db: Db, table: string, written: number): Promise<void>;
  /**
   * Run `work` (inside the transaction `db`) with the planner kept off nested loops. For a
   * join whose both sides are bounded but whose row estimate can be far off (records
   * another import stored since the statistics), where a nested loop over a wrong
   * estimate scans one side once per row of the other.
   */
  withoutNestedLoops<T>(db: Db, work: () => Promise<T>): Promise<T>;
  /** Write many rows into a table as fast as the backend allows (COPY or prepared inserts). */
  bulkInsert(db: Db, table: string, columns: string[], rows: unknown[][]): Promise<void>;
}
