import type { RowChunk, RowProblem } from './sheet.js';

/**
 * Sources made of records rather than lines (JSON, NDJSON, inline text) become rows
 * of strings under one header: the keys in the order they first appear. Values are
 * written as a CSV cell would hold them: numbers and booleans as text, null as an
 * empty cell, objects and arrays as JSON.
 */
export type RecordItem =
  | { line: number; record: Record<string, unknown> }
  /** A record that cannot be read whole: what could be read is kept for the report. */
  | { line: number; problem: RowProblem; record?: Record<string, unknown> };

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

/** The union of keys, in first-seen order (a pass of its own: the header comes first). */
export async function collectKeys(items: AsyncIterable<RecordItem>): Promise<string[]> {
  const keys = new Set<string>();
  for await (const item of items) {
    for (const k of Object.keys(item.record ?? {})) keys.add(k);
  }
  return [...keys];
}

export async function* recordChunks(
  header: string[],
  items: AsyncIterable<RecordItem>,
  chunkRows: number,
): AsyncGenerator<RowChunk> {
  let out: RowChunk = { rows: [], lines: [], problems: new Map() };
  for await (const item of items) {
    if ('problem' in item) out.problems.set(out.rows.length, item.problem);
    const record = item.record ?? {};
    // Own keys only: a record without "constructor" has no value there, whatever
    // every object inherits under that name.
    out.rows.push(header.map((k) => (Object.hasOwn(record, k) ? cellText(record[k]) : '')));
    out.lines.push(item.line);
    if (out.rows.length >= chunkRows) {
      yield out;
      out = { rows: [], lines: [], problems: new Map() };
    }
  }
  if (out.rows.length > 0) yield out;
}
