import type { Remembered } from '../store/mapping-memory.js';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { detectEntity } from '../core/pipeline/detect.js';
import { alternatives, mapHeaders, type Mapping, type Unmapped } from '../core/pipeline/map.js';
import type { EntityType } from '../core/schema.js';
import type { Registry } from '../core/registry.js';
import { openSource, type SkippedSource, type SourceOptions } from '../sources/open.js';
import type { ReaderLimits } from '../sources/limits.js';
import type { RowChunk } from '../sources/sheet.js';
import type { FirstRows } from './first-rows.js';

/**
 * What a file holds, before importing it (SPEC F3): each sheet or archive member with
 * its detected entity type (or UNKNOWN and the best candidates), its row count and
 * what was detected about it.
 */
export interface InspectedSheet {
  name: string;
  entity: string;
  candidates: { entity: string; score: number }[];
  /** Data rows: counted, or estimated from the file's size while it is still being read. */
  rows: number;
  rowsEstimated?: boolean;
  encoding: string;
  delimiter: string;
  headerLine: number;
  header: string[];
  /** How the columns map onto the entity type's fields (none when UNKNOWN), with the next guesses. */
  mapping: {
    header: string;
    field: string | null;
    method: string;
    confidence: number;
    alternatives?: { field: string; confidence: number }[];
  }[];
  /** The first few non-blank values of each column, in header order (to show, not to trust). */
  samples: string[][];
  sheet?: string;
  sheets?: string[];
  warnings: string[];
  /** The problems of the first rows, as validation would find them (a draft's first look). */
  firstRows?: FirstRows;
  /** The mapping and options another import used for the same columns and entity type. */
  remembered?: Remembered;
}

export interface Inspection {
  file: string;
  sheets: InspectedSheet[];
  skipped: SkippedSource[];
  ignored: string[];
}

/** What a draft already says: its entity type (chosen over detection) and mapping overrides. */
export interface InspectChoice {
  entity?: string;
  mapping?: Record<string, string | null>;
  unmapped?: Unmapped;
}

const SAMPLES = 3;

export async function inspectFile(
  registry: Registry,
  path: string,
  opts: SourceOptions,
  scratch: string,
  choice: InspectChoice = {},
  limits?: ReaderLimits,
): Promise<Inspection> {
  return describe(registry, await readFile(path, opts, scratch, limits), choice);
}

/** A sheet as read, before any entity type is chosen: what reading the file costs. */
export interface ReadSheet {
  name: string;
  rows: number;
  /** Only the first rows were read: `rows` is estimated from the file's size. */
  rowsEstimated?: boolean;
  encoding: string;
  delimiter: string;
  headerLine: number;
  header: string[];
  samples: string[][];
  sheet?: string;
  sheets?: string[];
  top?: { line: number; cells: string[] }[];
  warnings: string[];
  /** The first FIRST_ROWS rows as read, for their problems (not sent to clients). */
  head: RowChunk;
}

export interface ReadFile {
  file: string;
  sheets: ReadSheet[];
  skipped: SkippedSource[];
  ignored: string[];
}

/** Rows whose problems a draft shows at once, before its file is read through. */
export const FIRST_ROWS = 1000;

export interface ReadHow {
  /**
   * Read only the first FIRST_ROWS rows of each sheet, and estimate the rest from the
   * file's size (a large draft's first look, answered before the file is read through).
   */
  firstLook?: boolean;
  signal?: AbortSignal;
}

/** Read a file through: every sheet's header, row count, first values and first rows. */
export async function readFile(
  path: string,
  opts: SourceOptions,
  scratch: string,
  limits?: ReaderLimits,
  how: ReadHow = {},
): Promise<ReadFile> {
  await mkdir(scratch, { recursive: true });
  const workDir = await mkdtemp(join(scratch, 'inspect-'));
  try {
    const opened = await openSource(path, opts, workDir, limits);
    // Only a plain file's size tells its rows: an archive's or a workbook's does not.
    const size =
      how.firstLook && opened.sheets.length === 1 && !isPacked(path) ? await fileSize(path) : 0;
    const sheets: ReadSheet[] = [];
    for (const sheet of opened.sheets) {
      let rows = 0;
      let bytes = 0;
      let ended = true;
      const samples: string[][] = sheet.header.map(() => []);
      const head: RowChunk = { rows: [], lines: [], problems: new Map() };
      for await (const c of sheet.chunks()) {
        how.signal?.throwIfAborted();
        c.rows.forEach((row, r) => {
          if (head.rows.length < FIRST_ROWS) {
            const problem = c.problems.get(r);
            if (problem) head.problems.set(head.rows.length, problem);
            head.rows.push(row);
            head.lines.push(c.lines[r]!);
          }
          if (size) bytes += rowBytes(row);
        });
        rows += c.rows.length;
        for (const row of c.rows) {
          row.forEach((v, i) => {
            const t = v.trim();
            if (t && samples[i] && samples[i].length < SAMPLES) samples[i].push(t);
          });
        }
        if (size && rows >= FIRST_ROWS) {
          ended = false;
          break;
        }
      }
      const estimate = !ended && bytes > 0;
      sheets.push({
        name: sheet.facts.name,
        rows: estimate
          ? Math.max(rows, Math.round((rows * (size - rowBytes(sheet.header))) / bytes))
          : rows,
        ...(estimate ? { rowsEstimated: true } : {}),
        head,
        encoding: sheet.facts.encoding,
        delimiter: sheet.facts.delimiter,
        headerLine: sheet.facts.headerLine,
        header: sheet.header,
        samples,
        ...(sheet.facts.sheet
          ? {
              sheet: sheet.facts.sheet,
              sheets: sheet.facts.sheets,
              top: sheet.facts.top,
              ...(sheet.facts.titleRows ? { titleRows: sheet.facts.titleRows } : {}),
            }
          : {}),
        warnings: [...sheet.facts.warnings],
      });
    }
    return { file: path, sheets, skipped: opened.skipped, ignored: opened.ignored };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Checks a sheet's first rows once its entity type and mapping are known. */
export type FirstRowsCheck = (
  entity: EntityType,
  mapping: Mapping,
  head: RowChunk,
) => Promise<FirstRows>;

/**
 * A file as read, with each sheet's entity type (the one chosen, else detected) and
 * mapping, and the problems of its first rows when `check` is given: cheap, so a
 * draft's file is read once and described again after each change.
 */
export async function describe(
  registry: Registry,
  read: ReadFile,
  choice: InspectChoice = {},
  check?: FirstRowsCheck,
): Promise<Inspection> {
  const sheets: InspectedSheet[] = [];
  for (const { head, ...sheet } of read.sheets) {
    const d = detectEntity(registry.entities, sheet.header, sheet.name);
    const entity = chosen(registry, choice.entity, sheet.header) ?? d.entity;
    const mapping = entity
      ? mapHeaders(sheet.header, entity, choice.mapping, {}, choice.unmapped)
      : undefined;
    sheets.push({
      ...sheet,
      entity: entity?.qualified ?? 'UNKNOWN',
      candidates: d.candidates,
      mapping:
        mapping?.columns.map((c) => ({
          header: c.header,
          field: c.field ?? null,
          method: c.method,
          confidence: c.confidence,
          alternatives: alternatives(c.header, entity!, c.field),
        })) ?? [],
      ...(entity && mapping && check ? { firstRows: await check(entity, mapping, head) } : {}),
    });
  }
  return { ...read, sheets };
}

/** The entity type a draft names; a bare name shared by packs is decided by the headers. */
function chosen(registry: Registry, name: string | undefined, header: string[]) {
  if (!name) return undefined;
  const named = registry.candidates(name);
  if (named.length === 1) return named[0];
  return detectEntity(named, header, '').entity;
}

const isPacked = (path: string) => /\.(zip|xlsx?m?)$/i.test(path);

async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}

/** A row's size as a file holds it: its cells, their separators and an end of line. */
function rowBytes(row: string[]): number {
  let n = row.length;
  for (const cell of row) n += Buffer.byteLength(cell);
  return n;
}
