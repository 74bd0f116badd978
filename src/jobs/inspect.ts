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
  /** How the columns map onto the detected entity type's fields (none when UNKNOWN). */
  mapping: { header: string; field: string | null; method: string; confidence: number }[];
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

export async function inspectFile(
  registry: Registry,
  path: string,
  opts: SourceOptions,
  scratch: string,
): Promise<Inspection> {
  await mkdir(scratch, { recursive: true });
  const workDir = await mkdtemp(join(scratch, 'inspect-'));
  try {
    const opened = await openAll(path, opts, workDir);
    const sheets: InspectedSheet[] = [];
    for (const sheet of opened.sheets) {
      let rows = 0;
      for await (const c of sheet.chunks()) rows += c.rows.length;
      const d = detectEntity(registry.entities, sheet.header, sheet.facts.name);
      sheets.push({
        name: sheet.facts.name,
        entity: d.entity?.qualified ?? 'UNKNOWN',
        candidates: d.candidates,
        rows,
        encoding: sheet.facts.encoding,
        delimiter: sheet.facts.delimiter,
        headerLine: sheet.facts.headerLine,
        header: sheet.header,
        mapping: d.entity
          ? mapHeaders(sheet.header, d.entity).columns.map((c) => ({
              header: c.header,
              field: c.field ?? null,
              method: c.method,
              confidence: c.confidence,
            }))
          : [],
        ...(sheet.facts.sheet ? { sheet: sheet.facts.sheet, sheets: sheet.facts.sheets } : {}),
        warnings: [...sheet.facts.warnings],
      });
    }
    return { file: path, sheets, skipped: opened.skipped, ignored: opened.ignored };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** A workbook with no sheet chosen: every sheet, each on its own; empty ones noted. */
async function openAll(path: string, opts: SourceOptions, workDir: string): Promise<Opened> {
  if (opts.sheet !== undefined || !/\.xlsx?m?$/i.test(path)) return openSource(path, opts, workDir);
  const all: Opened = { sheets: [], skipped: [], ignored: [] };
  for (const s of await listSheets(path)) {
    try {
      const one = await openSource(path, { ...opts, sheet: String(s.index) }, workDir);
      all.sheets.push(...one.sheets);
    } catch (e) {
      if (!(e instanceof IntakeError) || e.code !== 'INTAKE_E_FILE_EMPTY') throw e;
      all.skipped.push({ name: `sheet "${s.name}"`, reason: 'empty' });
    }
  }
  return all;
}
