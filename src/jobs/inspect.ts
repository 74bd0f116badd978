import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { detectEntity } from '../core/pipeline/detect.js';
import { mapHeaders } from '../core/pipeline/map.js';
import type { Registry } from '../core/registry.js';
import { IntakeError } from '../core/codes.js';
import {
  openSource,
  type Opened,
  type SkippedSource,
  type SourceOptions,
} from '../sources/open.js';
import { listSheets } from '../sources/xlsx/reader.js';
import type { ReaderLimits } from '../sources/limits.js';

/**
 * What a file holds, before importing it (SPEC F3): each sheet or archive member with
 * its detected entity type (or UNKNOWN and the best candidates), its row count and
 * what was detected about it.
 */
export interface InspectedSheet {
  name: string;
  entity: string;
  candidates: { entity: string; score: number }[];
  rows: number;
  encoding: string;
  delimiter: string;
  headerLine: number;
  header: string[];
  /** How the columns map onto the entity type's fields (none when UNKNOWN). */
  mapping: { header: string; field: string | null; method: string; confidence: number }[];
  /** The first few non-blank values of each column, in header order (to show, not to trust). */
  samples: string[][];
  sheet?: string;
  sheets?: string[];
  warnings: string[];
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
  encoding: string;
  delimiter: string;
  headerLine: number;
  header: string[];
  samples: string[][];
  sheet?: string;
  sheets?: string[];
  warnings: string[];
}

export interface ReadFile {
  file: string;
  sheets: ReadSheet[];
  skipped: SkippedSource[];
  ignored: string[];
}

/** Read a file through: every sheet's header, row count and first values. */
export async function readFile(
  path: string,
  opts: SourceOptions,
  scratch: string,
  limits?: ReaderLimits,
): Promise<ReadFile> {
  await mkdir(scratch, { recursive: true });
  const workDir = await mkdtemp(join(scratch, 'inspect-'));
  try {
    const opened = await openAll(path, opts, workDir, limits);
    const sheets: ReadSheet[] = [];
    for (const sheet of opened.sheets) {
      let rows = 0;
      const samples: string[][] = sheet.header.map(() => []);
      for await (const c of sheet.chunks()) {
        rows += c.rows.length;
        for (const row of c.rows) {
          row.forEach((v, i) => {
            const t = v.trim();
            if (t && samples[i] && samples[i].length < SAMPLES) samples[i].push(t);
          });
        }
      }
      sheets.push({
        name: sheet.facts.name,
        rows,
        encoding: sheet.facts.encoding,
        delimiter: sheet.facts.delimiter,
        headerLine: sheet.facts.headerLine,
        header: sheet.header,
        samples,
        ...(sheet.facts.sheet ? { sheet: sheet.facts.sheet, sheets: sheet.facts.sheets } : {}),
        warnings: [...sheet.facts.warnings],
      });
    }
    return { file: path, sheets, skipped: opened.skipped, ignored: opened.ignored };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * A file as read, with each sheet's entity type (the one chosen, else detected) and
 * mapping: cheap, so a draft's file is read once and described again after each change.
 */
export function describe(
  registry: Registry,
  read: ReadFile,
  choice: InspectChoice = {},
): Inspection {
  const sheets = read.sheets.map((sheet): InspectedSheet => {
    const d = detectEntity(registry.entities, sheet.header, sheet.name);
    const entity = chosen(registry, choice.entity, sheet.header) ?? d.entity;
    return {
      ...sheet,
      entity: entity?.qualified ?? 'UNKNOWN',
      candidates: d.candidates,
      mapping: entity
        ? mapHeaders(sheet.header, entity, choice.mapping).columns.map((c) => ({
            header: c.header,
            field: c.field ?? null,
            method: c.method,
            confidence: c.confidence,
          }))
        : [],
    };
  });
  return { ...read, sheets };
}

/** The entity type a draft names; a bare name shared by packs is decided by the headers. */
function chosen(registry: Registry, name: string | undefined, header: string[]) {
  if (!name) return undefined;
  const named = registry.candidates(name);
  if (named.length === 1) return named[0];
  return detectEntity(named, header, '').entity;
}

/** A workbook with no sheet chosen: every sheet, each on its own; empty ones noted. */
async function openAll(
  path: string,
  opts: SourceOptions,
  workDir: string,
  limits?: ReaderLimits,
): Promise<Opened> {
  if (opts.sheet !== undefined || !/\.xlsx?m?$/i.test(path))
    return openSource(path, opts, workDir, limits);
  const all: Opened = { sheets: [], skipped: [], ignored: [] };
  for (const s of await listSheets(path)) {
    try {
      const one = await openSource(path, { ...opts, sheet: String(s.index) }, workDir, limits);
      all.sheets.push(...one.sheets);
    } catch (e) {
      if (!(e instanceof IntakeError) || e.code !== 'INTAKE_E_FILE_EMPTY') throw e;
      all.skipped.push({ name: `sheet "${s.name}"`, reason: 'empty' });
    }
  }
  return all;
}
