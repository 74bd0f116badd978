import { createReadStream, existsSync } from 'node:fs';
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
  /** Each problem on its own: the field it is about (empty: the whole row), code, message. */
  problems: { field: string; code: string; message: string }[];
  values: Record<string, string>;
}

const OWN = new Set(['_line', '_outcome', '_step', '_changed', '_field', '_code', '_message']);

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
  const page = new Page<RowOutcome>(f.offset, f.limit);
  const files = await outcomeFiles(dir);
  const names = await sheetNames(dir);
  for (const name of files) {
    if (page.full) break;
    const source = names[Number(/^outcomes-(\d+)-/.exec(name)?.[1] ?? 1) - 1] ?? name;
    await eachRow(join(dir, name), (r) => {
      if (f.outcome && r._outcome !== f.outcome) return true;
      if (f.code && !(r._code ?? '').split('; ').includes(f.code)) return true;
      return page.offer(() => {
        const values: Record<string, string> = {};
        for (const [k, v] of Object.entries(r)) if (!OWN.has(k)) values[k] = unneutralise(v) ?? v;
        const message = unneutralise(r._message ?? '') ?? r._message ?? '';
        return {
          file: source,
          line: Number(r._line),
          outcome: r._outcome ?? '',
          step: r._step ?? '',
          changed: r._changed ?? '',
          code: r._code ?? '',
          message,
          problems: problems(r._field ?? '', r._code ?? '', message),
          values,
        };
      });
    });
  }
  return page.result();
}

/** One page of the rows that pass a filter, over one file or several in turn. */
class Page<T> {
  readonly rows: T[] = [];
  private seen = 0;
  full = false;

  constructor(
    private readonly offset: number,
    private readonly limit: number,
  ) {}

  /** A row that passed: skipped, kept (made by `make`), or it shows that more follow. */
  offer(make: () => T): boolean {
    if (this.seen++ < this.offset) return true;
    if (this.rows.length === this.limit) {
      this.full = true;
      return false;
    }
    this.rows.push(make());
    return true;
  }

  result(): { rows: T[]; next: number | null } {
    return { rows: this.rows, next: this.full ? this.offset + this.rows.length : null };
  }
}

/** Stream a report CSV's rows (by header) to `step` until it returns false. */
function eachRow(path: string, step: (row: Record<string, string>) => boolean): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stream = createReadStream(path, 'utf8');
    Papa.parse<Record<string, string>>(stream, {
      header: true,
      skipEmptyLines: true,
      transformHeader: (h) => h.replace(/^\uFEFF/, ''),
      step: (result, parser) => {
        if (!step(result.data)) parser.abort();
      },
      complete: () => {
        stream.destroy();
        resolve();
      },
      error: reject,
    });
  });
}

/**
 * The joined `_field`, `_code` and `_message` columns, one problem each. Fields and
 * codes never hold "; "; a message may, so messages are paired with codes only when
 * they split into as many parts, else each problem carries the whole text.
 */
function problems(fields: string, codes: string, message: string): RowOutcome['problems'] {
  if (!codes) return [];
  const c = codes.split('; ');
  const f = fields.split('; ');
  const m = message.split('; ');
  return c.map((code, i) => ({
    field: f[i] ?? '',
    code,
    message: m.length === c.length ? m[i]! : message,
  }));
}

export interface CorrectionRow {
  file: string;
  line: number;
  field: string;
  from: string;
  to: string;
  rule: string;
}

/** The corrections of an import (corrections.csv), a page at a time, streamed. */
export async function correctionRows(
  dir: string,
  offset: number,
  limit: number,
): Promise<{ rows: CorrectionRow[]; next: number | null }> {
  const page = new Page<CorrectionRow>(offset, limit);
  const path = join(dir, 'corrections.csv');
  if (!existsSync(path)) return page.result();
  const text = (v: string | undefined) => unneutralise(v ?? '') ?? v ?? '';
  await eachRow(path, (r) =>
    page.offer(() => ({
      file: r.file ?? '',
      line: Number(r.line),
      field: r.field ?? '',
      from: text(r.from),
      to: text(r.to),
      rule: r.rule ?? '',
    })),
  );
  return page.result();
}
