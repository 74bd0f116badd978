import { basename } from 'node:path';
import { IntakeError } from '../../core/codes.js';
import type { RowChunk, Sheet, SheetFacts } from '../sheet.js';
import { columnIndex, columnName, isoCell, serialToIso } from './cells.js';
import { CHUNK_ROWS, type ReaderLimits } from '../limits.js';
import { openPackage, type Package } from './package.js';
import { readDateStyles, readSharedStrings, readWorkbook, type WorkbookInfo } from './workbook.js';
import { SheetScanner } from './scan.js';

/**
 * Excel .xlsx as a stream (SPEC F2): the worksheet XML is parsed with saxes as it is
 * unzipped, so memory holds the shared strings and one chunk of rows, whatever the
 * number of rows. Serial dates come out as dates in both date systems; formula cells
 * give their cached value; hidden rows and columns, filters and merged cells are
 * reported as warnings with the rows or ranges concerned.
 */
export interface XlsxOptions {
  /** Sheet name, or 1-based index; default: the first visible sheet. */
  sheet?: string;
  /** 1-based row of the header; default: the first row with a value that is not a title. */
  headerRow?: number;
  /** The header row of each sheet, by the name it goes by (`book.xlsx › Sheet`). */
  headerRows?: Record<string, number>;
  /** What to do with rows hidden in Excel (by hand or by a filter). */
  hiddenRows?: 'import' | 'skip';
  chunkRows?: number;
  name?: string;
  limits?: ReaderLimits;
}

export interface SheetListing {
  index: number;
  name: string;
  hidden: boolean;
}

interface Parsed {
  info: WorkbookInfo;
  strings: string[];
  dateStyles: boolean[];
}

async function load(pkg: Package): Promise<Parsed> {
  const info = await readWorkbook(pkg);
  return {
    info,
    strings: await readSharedStrings(pkg, info.sharedStrings),
    dateStyles: await readDateStyles(pkg, info.styles),
  };
}

export async function listSheets(path: string): Promise<SheetListing[]> {
  const pkg = await openPackage(path, basename(path));
  try {
    const info = await readWorkbook(pkg);
    return info.sheets.map((s, i) => ({ index: i + 1, name: s.name, hidden: s.hidden }));
  } finally {
    pkg.close();
  }
}

interface RowEvent {
  r: number;
  hidden: boolean;
  cells: string[];
}

interface SheetMeta {
  hiddenColumns: number[];
  autoFilter?: string;
  merged: string[];
}

/**
 * The rows of one worksheet part, a batch per piece of XML read. Leaving the loop
 * early (the header search) stops the unzip.
 */
async function* rowBatches(
  pkg: Package,
  part: string,
  p: Parsed,
  meta?: SheetMeta,
): AsyncGenerator<RowEvent[]> {
  const stream = await pkg.stream(part);
  let batch: RowEvent[] = [];
  let nextRow = 1;
  const scanner = new SheetScanner(
    {
      row(r, hidden, scanned) {
        const cells: string[] = [];
        for (const c of scanned) cells[c.col] = cellText(c.type, c.style, c.value, p);
        const at = r ?? nextRow;
        nextRow = at + 1;
        batch.push({ r: at, hidden, cells });
      },
      hiddenColumns(min, max) {
        for (let i = min; i <= max && i <= 16384; i++) meta?.hiddenColumns.push(i - 1);
      },
      autoFilter(ref) {
        if (meta) meta.autoFilter = ref;
      },
      mergeCell(ref) {
        meta?.merged.push(ref);
      },
    },
    columnIndex,
    pkg.limits.cellXmlChars,
  );
  stream.setEncoding('utf8');
  for await (const chunk of stream) {
    scanner.write(chunk as string);
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
}

function cellText(type: string, style: number, v: string, p: Parsed): string {
  switch (type) {
    case 's':
      return p.strings[Number(v)] ?? '';
    case 'b':
      return v === '1' ? 'true' : v === '0' ? 'false' : v;
    case 'd':
      return isoCell(v);
    case 'inlineStr':
    case 'str':
    case 'e':
      return v;
    default:
      if (v !== '' && p.dateStyles[style]) {
        const serial = Number(v);
        if (Number.isFinite(serial)) return serialToIso(serial, p.info.date1904);
      }
      return number(v);
  }
}

/** Excel shows 15 significant digits; 41800000.009999998 was typed as 41800000.01. */
function number(v: string): string {
  const n = Number(v);
  if (v === '' || !Number.isFinite(n) || v.replace(/[^0-9]/g, '').length <= 15) return v;
  return String(Number(n.toPrecision(15)));
}

const dense = (cells: string[], width: number) =>
  Array.from({ length: Math.max(width, cells.length) }, (_, i) => cells[i] ?? '');
const blank = (cells: string[]) => cells.every((c) => c === undefined || c.trim() === '');

function listed(rows: number[]): string {
  return rows.length > 20
    ? `${rows.slice(0, 20).join(', ')} and ${rows.length - 20} more`
    : rows.join(', ');
}

/** A workbook's sheets, each read as a file of its own (a ZIP's members are read alike). */
export interface Workbook {
  sheets: Sheet[];
  /** Sheets not read: hidden in Excel, or empty. */
  skipped: { name: string; reason: string }[];
}

/** How a sheet of a workbook of several is named: its file, then its own name. */
export const sheetLabel = (file: string, sheet: string) => `${file} › ${sheet}`;

/**
 * Every visible sheet with data, each its own sheet (SPEC F2): named `book.xlsx › Name`
 * when the book has several visible sheets, so each can be mapped, checked and left out
 * alone; a book of one visible sheet keeps the file's name. `sheet` reads that one only,
 * under the file's name.
 */
export async function openWorkbook(path: string, opts: XlsxOptions = {}): Promise<Workbook> {
  const label = opts.name ?? basename(path);
  const pkg = await openPackage(path, label, opts.limits);
  let parsed: Parsed;
  try {
    parsed = await load(pkg);
  } catch (e) {
    pkg.close();
    throw e instanceof IntakeError
      ? e
      : new IntakeError(
          'INTAKE_E_XLSX',
          `${label}: the workbook cannot be read (${(e as Error).message})`,
        );
  }
  const all = parsed.info.sheets;
  const names = all.map((s) => `"${s.name}"`).join(', ');
  try {
    if (opts.sheet !== undefined) {
      let chosen = all.find((s) => s.name === opts.sheet);
      if (!chosen && /^\d+$/.test(opts.sheet)) chosen = all[Number(opts.sheet) - 1];
      if (!chosen) {
        throw new IntakeError(
          'INTAKE_E_XLSX',
          `${label}: no sheet ${opts.sheet}; sheets: ${names || 'none'}`,
        );
      }
      return { sheets: [await openSheet(pkg, parsed, chosen, label, label, opts)], skipped: [] };
    }
    const visible = all.filter((s) => !s.hidden);
    const several = visible.length > 1;
    const out: Workbook = {
      sheets: [],
      skipped: all
        .filter((s) => s.hidden && visible.length > 0)
        .map((s) => ({ name: sheetLabel(label, s.name), reason: 'hidden in the workbook' })),
    };
    for (const info of visible.length ? visible : all) {
      const name = several ? sheetLabel(label, info.name) : label;
      try {
        out.sheets.push(await openSheet(pkg, parsed, info, label, name, opts));
      } catch (e) {
        // An empty sheet among others is passed over; one whose header row the user
        // chose is not (the choice is wrong, and said so).
        const empty = e instanceof IntakeError && e.code === 'INTAKE_E_FILE_EMPTY';
        if (!several || !empty || opts.headerRows?.[name]) throw e;
        out.skipped.push({ name, reason: 'empty' });
      }
    }
    if (out.sheets.length === 0) {
      throw new IntakeError(
        'INTAKE_E_FILE_EMPTY',
        `${label}: no sheet has data (sheets: ${names})`,
      );
    }
    return out;
  } catch (e) {
    pkg.close();
    throw e;
  }
}

/** The first sheet a workbook gives (one chosen with `sheet`, or its first with data). */
export async function openXlsx(path: string, opts: XlsxOptions = {}): Promise<Sheet> {
  return (await openWorkbook(path, opts)).sheets[0]!;
}

/** The rows a header-row choice shows: the sheet's first ones, title rows included. */
const TOP_ROWS = 10;
/** How far below a one-cell row a wider one makes it a title rather than the header. */
const TITLE_LOOKAHEAD = 5;

const filled = (cells: string[]) => cells.filter((c) => c !== undefined && c.trim() !== '').length;

/**
 * The header row when the user chose none, among the first rows with a value: the
 * first, unless it holds a single value (a title, often merged across the table) and a
 * wider row follows closely: then that one. Returns the rows left above as titles.
 */
function findHeader(rows: RowEvent[]): { at: number; titles: number[] } | undefined {
  const titles: number[] = [];
  for (const [i, row] of rows.entries()) {
    const wider = rows
      .slice(i + 1)
      .filter((r) => r.r - row.r <= TITLE_LOOKAHEAD)
      .some((r) => filled(r.cells) > 1);
    if (filled(row.cells) === 1 && wider) {
      titles.push(row.r);
      continue;
    }
    return { at: i, titles };
  }
  // No row with a value (the last row with one is never a title).
  return undefined;
}

async function openSheet(
  pkg: Package,
  parsed: Parsed,
  sheetInfo: WorkbookInfo['sheets'][number],
  label: string,
  name: string,
  opts: XlsxOptions,
): Promise<Sheet> {
  const sheets = parsed.info.sheets;
  const names = sheets.map((s) => `"${s.name}"`).join(', ');
  const chosenRow = opts.headerRows?.[name] ?? opts.headerRow;
  // The first rows with a value, kept for the header-row choice and searched for the
  // header: blank rows (a sheet may begin with many, formatted but empty) do not count.
  const top: RowEvent[] = [];
  let header: string[] | undefined;
  let headerRow = 0;
  let titles: number[] = [];
  search: for await (const batch of rowBatches(pkg, sheetInfo.part, parsed)) {
    for (const row of batch) {
      if (top.length < TOP_ROWS && !blank(row.cells)) top.push(row);
      if (chosenRow) {
        if (row.r === chosenRow) {
          header = dense(row.cells, 0).map((h) => h.trim());
          headerRow = row.r;
        }
        if (row.r >= chosenRow && top.length >= TOP_ROWS) break search;
      } else if (top.length >= TOP_ROWS) break search;
    }
  }
  if (!chosenRow) {
    const found = findHeader(top);
    if (found) {
      const row = top[found.at]!;
      header = dense(row.cells, 0).map((h) => h.trim());
      headerRow = row.r;
      titles = found.titles;
    }
  }
  if (!header || header.every((h) => h === '')) {
    throw new IntakeError(
      'INTAKE_E_FILE_EMPTY',
      `${label}: sheet "${sheetInfo.name}" has no header row${chosenRow ? ` at row ${chosenRow}` : ''} (sheets: ${names}; pick one with --sheet)`,
    );
  }
  const named = header.map((h, i) => h || `column_${columnName(i)}`);
  const seen = new Set<string>();
  for (const h of named) {
    if (seen.has(h)) {
      throw new IntakeError(
        'INTAKE_E_HEADER',
        `${label}: the column "${h}" appears twice in the header row ${headerRow}`,
      );
    }
    seen.add(h);
  }

  // Said of the sheet, not of a pass: kept when a pass lists its own warnings again.
  const fixed: string[] = [];
  if (titles.length) {
    fixed.push(
      `the header is row ${headerRow}: ${titles.length === 1 ? `row ${titles[0]} above it is a title` : `rows ${titles.join(', ')} above it are titles`}, not data`,
    );
  }
  const facts: SheetFacts = {
    name,
    encoding: 'xlsx',
    delimiter: '',
    detected: { encoding: true, delimiter: true },
    headerLine: headerRow,
    warnings: [...fixed],
    sheet: sheetInfo.name,
    sheets: sheets.map((s) => s.name),
    top: top.map((r) => ({ line: r.r, cells: dense(r.cells, 0) })),
    ...(titles.length ? { titleRows: titles } : {}),
  };
  const chunkRows = opts.chunkRows ?? CHUNK_ROWS;
  const skipHidden = opts.hiddenRows === 'skip';

  async function* chunks(): AsyncGenerator<RowChunk> {
    facts.warnings.splice(0, facts.warnings.length, ...fixed);
    const meta: SheetMeta = { hiddenColumns: [], merged: [] };
    const hidden: number[] = [];
    let out: RowChunk = { rows: [], lines: [], problems: new Map() };
    for await (const batch of rowBatches(pkg, sheetInfo.part, parsed, meta)) {
      for (const row of batch) {
        if (row.r <= headerRow || blank(row.cells)) continue;
        if (row.hidden) {
          hidden.push(row.r);
          if (skipHidden) continue;
        }
        out.rows.push(dense(row.cells, named.length));
        out.lines.push(row.r);
        if (out.rows.length >= chunkRows) {
          yield out;
          out = { rows: [], lines: [], problems: new Map() };
        }
      }
    }
    if (out.rows.length) yield out;
    if (hidden.length) {
      facts.warnings.push(
        `${hidden.length} hidden rows were ${skipHidden ? 'skipped' : 'imported'}: rows ${listed(hidden)}`,
      );
    }
    if (meta.hiddenColumns.length) {
      facts.warnings.push(`hidden columns: ${meta.hiddenColumns.map(columnName).join(', ')}`);
    }
    if (meta.autoFilter)
      facts.warnings.push(
        `an active filter covers ${meta.autoFilter}; rows it hides are listed as hidden rows`,
      );
    if (meta.merged.length)
      facts.warnings.push(
        `merged cells (only the first cell keeps the value): ${meta.merged.slice(0, 20).join(', ')}`,
      );
  }

  return { facts, header: named, chunks };
}
