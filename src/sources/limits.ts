/**
 * The readers' limits (docs/security.md): each refuses a file while it is read, before
 * memory or disk run out, with a code and the place. Defaults fit any honest file;
 * `limits` in the configuration changes them.
 */
/**
 * Rows per chunk, for every reader: what is read, cleaned and staged at a time.
 * Measured (bench, 1M customers, issue 15): 500 rows keep the main thread's heap from
 * growing (peak RSS 196 MB on SQLite, 254 MB on PostgreSQL, the same at 500,000 and
 * 1,000,000 rows), against 313 to 378 MB with 5,000, and were faster too (49.6 s
 * against 55.0 s on SQLite): short-lived chunks die young instead of being promoted.
 */
export const CHUNK_ROWS = 500;

export interface ReaderLimits {
  /** Characters of one record: a CSV line (or quoted cell over lines), a JSON item or NDJSON line. */
  recordChars: number;
  /** Levels of arrays and objects one JSON record may nest. */
  jsonDepth: number;
  /** Members of one ZIP archive. */
  zipMembers: number;
  /** Bytes a ZIP archive in all, or one part of a workbook, may inflate to. */
  inflatedBytes: number;
  /** Times its compressed size an archive member or workbook part may inflate to. */
  inflateRatio: number;
  /** Characters of XML of one workbook cell or shared string (Excel holds 32,767). */
  cellXmlChars: number;
}

export const DEFAULT_READER_LIMITS: ReaderLimits = {
  recordChars: 8 * 1024 * 1024,
  jsonDepth: 64,
  zipMembers: 1000,
  inflatedBytes: 2 * 1024 ** 3,
  inflateRatio: 200,
  cellXmlChars: 1024 * 1024,
};
