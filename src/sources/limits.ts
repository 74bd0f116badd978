/**
 * The readers' limits (docs/security.md): each refuses a file while it is read, before
 * memory or disk run out, with a code and the place. Defaults fit any honest file;
 * `limits` in the configuration changes them.
 */
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
