import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { unneutralise } from '../../src/core/neutralise.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const EXAMPLES = join(ROOT, 'examples', 'loyalty');
export const CORPUS = join(ROOT, '..', 'shared', 'corpus');
export const FIXTURES = join(ROOT, 'test', 'fixtures');

/** Write a small CSV for a test and return its path. */
export function csv(dir: string, name: string, rows: string[][], delimiter = ','): string {
  const path = join(dir, name);
  writeFileSync(path, Papa.unparse(rows, { delimiter }) + '\n');
  return path;
}

/** Read a CSV report (UTF-8 with BOM) into rows of strings. */
export function readCsv(path: string): string[][] {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const delimiter = text.split('\n')[0]!.includes(';') ? ';' : ',';
  return Papa.parse<string[]>(text.trim(), { delimiter }).data;
}

/** Rows of a CSV report as objects keyed by header, formula quotes removed as Intake reads them. */
export function readCsvObjects(path: string): Record<string, string>[] {
  const [header, ...rows] = readCsv(path);
  return rows.map((r) =>
    Object.fromEntries(header!.map((h, i) => [h, unneutralise(r[i] ?? '') ?? r[i] ?? ''])),
  );
}
