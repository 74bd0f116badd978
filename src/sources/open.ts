import { extname } from 'node:path';
import { openCsv } from './csv/reader.js';
import { openInline } from './inline.js';
import { openJson } from './json.js';
import { openXlsx } from './xlsx/reader.js';
import type { Sheet } from './sheet.js';

/** What the user may force about a source; everything else is detected. */
export interface SourceOptions {
  encoding?: string;
  delimiter?: string;
  skipLines?: number;
  sheet?: string;
  headerRow?: number;
  hiddenRows?: 'import' | 'skip';
}

const JSON_EXT = new Set(['.json', '.ndjson', '.jsonl']);

/**
 * The sheets of a file, by its kind: XLSX, JSON and NDJSON by extension, CSV (any
 * delimiter) otherwise. One file may give several sheets (a ZIP, a workbook).
 */
export async function openSheets(path: string, opts: SourceOptions = {}): Promise<Sheet[]> {
  const ext = extname(path).toLowerCase();
  if (JSON_EXT.has(ext)) return [await openJson(path, undefined, opts.skipLines)];
  if (ext === '.xlsx' || ext === '.xlsm') {
    return [
      await openXlsx(path, {
        sheet: opts.sheet,
        headerRow: opts.headerRow ?? (opts.skipLines ? opts.skipLines + 1 : undefined),
        hiddenRows: opts.hiddenRows,
      }),
    ];
  }
  return [await openCsv(path, opts)];
}

export async function openInlineSheet(text: string, opts: SourceOptions = {}): Promise<Sheet> {
  return openInline(text, 'inline', opts.skipLines);
}
