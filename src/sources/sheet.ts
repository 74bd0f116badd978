import type { Code } from '../core/codes.js';

/**
 * A sheet: one table read from a source, as raw strings, with what was detected
 * about it. Readers (csv today; xlsx, json, inline later) all produce this shape, so
 * the pipeline does not care where rows come from.
 */
export interface SheetFacts {
  /** File name as the user gave it (no directories), for reports. */
  name: string;
  encoding: string;
  delimiter: string;
  /** Whether encoding and delimiter were detected or forced by the user. */
  detected: { encoding: boolean; delimiter: boolean };
  /** Line number of the header (1-based, after skipped lines). */
  headerLine: number;
  warnings: string[];
  /** Workbooks: the sheet read, and every sheet the file offers. */
  sheet?: string;
  sheets?: string[];
  /** Workbooks: the first rows as they are, above the header too (for its choice). */
  top?: { line: number; cells: string[] }[];
  /** Workbooks: the rows above the header found to be titles, not data (skipped). */
  titleRows?: number[];
  /** The archive the sheet came from, when it is a ZIP member. */
  archive?: string;
}

export interface RowChunk {
  rows: string[][];
  /** For each row, its row number as a spreadsheet shows it (the header is headerLine). */
  lines: number[];
  /** Problems the reader found on single rows (such as a stray quote), by index in `rows`. */
  problems: Map<number, RowProblem>;
}

export interface Sheet {
  facts: SheetFacts;
  header: string[];
  /** A fresh pass over the data rows; may be called again for a second pass. */
  chunks(): AsyncIterable<RowChunk>;
}

export interface RowProblem {
  code: Code;
  message: string;
}
