import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { openCsv } from './csv/reader.js';
import { IntakeError } from '../core/codes.js';
import { openInline } from './inline.js';
import { openJson } from './json.js';
import type { Sheet } from './sheet.js';
import { openWorkbook } from './xlsx/reader.js';
import { DEFAULT_READER_LIMITS, type ReaderLimits } from './limits.js';
import { extractZip } from './zip.js';
import { openPackage } from './xlsx/package.js';

/** What the user may force about a source; everything else is detected. */
export interface SourceOptions {
  encoding?: string;
  delimiter?: string;
  skipLines?: number;
  sheet?: string;
  headerRow?: number;
  /** The header row of a file, archive member or workbook sheet, by the name it goes by. */
  headerRows?: Record<string, number>;
  hiddenRows?: 'import' | 'skip';
  /** Archive members to keep, or to leave out (by name inside the archive or base name). */
  only?: string[];
  exclude?: string[];
}

export interface SkippedSource {
  name: string;
  reason: string;
}

export interface Opened {
  sheets: Sheet[];
  skipped: SkippedSource[];
  /** Archive entries that are not files of the user's: folders, __MACOSX, dot files. */
  ignored: string[];
}

const JSON_EXT = new Set(['.json', '.ndjson', '.jsonl']);
const XLSX_EXT = new Set(['.xlsx', '.xlsm']);
const TEXT_EXT = new Set(['.csv', '.tsv', '.txt', '.psv', '.ssv', '.tab', '']);

/**
 * What a file is, by its first bytes where they tell (a ZIP container: a workbook or an
 * archive), else by its name: a workbook saved as `.csv` is read as a workbook, not as
 * garbage text.
 */
async function kindOf(path: string, name: string | undefined): Promise<string> {
  const ext = extname(name ?? path).toLowerCase();
  const head = Buffer.alloc(4);
  const f = await open(path).catch(() => undefined);
  if (!f) return ext; // the reader says the file is missing
  try {
    await f.read(head, 0, 4, 0);
  } finally {
    await f.close();
  }
  if (head.readUInt32LE(0) !== 0x04034b50) return ext;
  if (ext === '.zip') return '.zip';
  if (XLSX_EXT.has(ext)) return ext;
  return (await isWorkbook(path)) ? '.xlsx' : '.zip';
}

async function isWorkbook(path: string): Promise<boolean> {
  try {
    // Only its table of contents is read here: no part is inflated.
    const pkg = await openPackage(path, path);
    const yes = pkg.has('xl/workbook.xml');
    pkg.close();
    return yes;
  } catch {
    return false;
  }
}

async function openFile(
  path: string,
  name: string | undefined,
  opts: SourceOptions,
  limits: ReaderLimits,
): Promise<Omit<Opened, 'ignored'>> {
  const ext = await kindOf(path, name);
  const label = name ?? basename(path);
  const one = (sheet: Sheet) => ({ sheets: [sheet], skipped: [] });
  if (JSON_EXT.has(ext)) return one(await openJson(path, name, opts.skipLines, limits));
  if (XLSX_EXT.has(ext)) {
    const book = await openWorkbook(path, {
      name,
      sheet: opts.sheet,
      headerRow: opts.headerRow ?? (opts.skipLines ? opts.skipLines + 1 : undefined),
      headerRows: opts.headerRows,
      hiddenRows: opts.hiddenRows,
      limits,
    });
    const sheets: Sheet[] = [];
    const skipped = [...book.skipped];
    for (const sheet of book.sheets) {
      const out = leftOut(opts, sheet.facts.name);
      if (out) skipped.push({ name: sheet.facts.name, reason: out });
      else sheets.push(sheet);
      // A workbook of several sheets is read like an archive: a sheet of no known type
      // is left out, and said so.
      if (sheet.facts.name !== label) sheet.facts.archive = label;
    }
    return { sheets, skipped };
  }
  const chosen = opts.headerRows?.[label];
  const skipLines = chosen ? chosen - 1 : opts.skipLines;
  return one(await openCsv(path, { ...opts, skipLines, name, maxRecordChars: limits.recordChars }));
}

const matches = (list: string[], member: string) =>
  list.some((n) => n === member || n === member.split('/').pop());

/** Why an archive member or a workbook's sheet is left out, if it is. */
function leftOut(opts: SourceOptions, name: string): string | undefined {
  return opts.exclude?.length && matches(opts.exclude, name) ? 'left out by --exclude' : undefined;
}

/**
 * The sheets of a file, by its kind: a ZIP gives one per data member (CSV, JSON,
 * XLSX), extracted under `workDir`; XLSX, JSON and NDJSON go by extension; anything
 * else is read as CSV with any common delimiter.
 */
export async function openSource(
  path: string,
  opts: SourceOptions,
  workDir: string,
  limits: ReaderLimits = DEFAULT_READER_LIMITS,
  /** The name the file goes by when its path says nothing (a download). */
  name?: string,
  /** Told of an archive member that cannot be read; without it, the archive fails. */
  onRefused?: (member: string, e: IntakeError) => void,
): Promise<Opened> {
  if ((await kindOf(path, name)) !== '.zip') {
    return { ...(await openFile(path, name, opts, limits)), ignored: [] };
  }
  const listing = await extractZip(path, workDir, limits);
  const opened: Opened = { sheets: [], skipped: [], ignored: listing.ignored };
  for (const m of listing.members) {
    const ext = extname(m.name).toLowerCase();
    const excluded = leftOut(opts, m.name);
    if (opts.only?.length && !matches(opts.only, m.name))
      opened.skipped.push({ name: m.name, reason: 'not named by --only' });
    else if (excluded) opened.skipped.push({ name: m.name, reason: excluded });
    else if (!JSON_EXT.has(ext) && !XLSX_EXT.has(ext) && !TEXT_EXT.has(ext)) {
      opened.skipped.push({
        name: m.name,
        reason: `a ${ext} file is not a data file Intake reads`,
      });
    } else {
      try {
        const member = await openFile(m.path, m.name, opts, limits);
        for (const sheet of member.sheets) sheet.facts.archive = (name ?? path).split('/').pop();
        opened.sheets.push(...member.sheets);
        opened.skipped.push(...member.skipped);
      } catch (e) {
        if (!onRefused || !(e instanceof IntakeError)) throw e;
        onRefused(m.name, e);
      }
    }
  }
  return opened;
}

export async function openInlineSheet(text: string, opts: SourceOptions = {}): Promise<Sheet> {
  return openInline(text, 'inline', opts.skipLines);
}
