import { createReadStream } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import { unneutralise } from '../core/neutralise.js';

/**
 * Row outcomes of an import, a page at a time, filtered by outcome and error code
 * (SPEC V5, I1). They are read from the outcome files of its report folder, written
 * at validation and again after the commit, streamed so that a million rows never sit
 * in memory.
 */
export interface RowFilter {
  outcome?: string;
  code?: string;
  offset: number;
  limit: number;
}

export interface RowOutcome {
  file: string;
  line: number;
  outcome: string;
  step: string;
  changed: string;
  code: string;
  message: string;
  values: Record<string, string>;
}

const OWN = new Set(['_line', '_outcome', '_step', '_changed', '_code', '_message']);

/** `outcomes.csv`, or one file per source: `outcomes-<n>-<name>.csv`, in source order. */
async function outcomeFiles(dir: string): Promise<string[]> {
  const names = (await readdir(dir).catch((): string[] => [])).filter((n) =>
    /^outcomes(-\d+-.*)?\.csv$/.test(n),
  );
  const no = (n: string) => Number(/^outcomes-(\d+)-/.exec(n)?.[1] ?? 0);
  return names.sort((a, b) => no(a) - no(b));
}

/** The names of the sheets read (ZIP members, files), in the order of their numbers. */
async function sheetNames(dir: string): Promise<string[]> {
  try {
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as {
      files?: { name: string }[];
    };
    return (summary.files ?? []).map((x) => x.name);
  } catch {
    return [];
  }
}

export async function rowOutcomes(
  dir: string,
  f: RowFilter,
): Promise<{ rows: RowOutcome[]; next: number | null }> {
  const rows: RowOutcome[] = [];
  let seen = 0;
  let more = false;
  const files = await outcomeFiles(dir);
  const names = await sheetNames(dir);
  for (const name of files) {
    if (more) break;
    const source = names[Number(/^outcomes-(\d+)-/.exec(name)?.[1] ?? 1) - 1] ?? name;
    await new Promise<void>((resolve, reject) => {
      const stream = createReadStream(join(dir, name), 'utf8');
      Papa.parse<Record<string, string>>(stream, {
        header: true,
        skipEmptyLines: true,
        transformHeader: (h) => h.replace(/^\uFEFF/, ''),
        step: (result, parser) => {
          const r = result.data;
          if (f.outcome && r._outcome !== f.outcome) return;
          if (f.code && r._code !== f.code) return;
          if (seen++ < f.offset) return;
          if (rows.length === f.limit) {
            more = true;
            parser.abort();
            return;
          }
          const values: Record<string, string> = {};
          for (const [k, v] of Object.entries(r)) if (!OWN.has(k)) values[k] = unneutralise(v) ?? v;
          rows.push({
            file: source,
            line: Number(r._line),
            outcome: r._outcome ?? '',
            step: r._step ?? '',
            changed: r._changed ?? '',
            code: r._code ?? '',
            message: unneutralise(r._message ?? '') ?? r._message ?? '',
            values,
          });
        },
        complete: () => {
          stream.destroy();
          resolve();
        },
        error: reject,
      });
    });
  }
  return { rows, next: more ? f.offset + rows.length : null };
}
