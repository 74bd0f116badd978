import type { CleanRow, Correction } from '../core/pipeline/clean.js';
import { fileFixes, fixCells, fixProblems } from '../core/pipeline/fixes.js';
import type { EntityType } from '../core/schema.js';
import type { RowChunk } from '../sources/sheet.js';
import type { Store } from '../store/connect.js';
import { unstageRows } from '../store/recheck.js';
import { stageChunk, type StagedRow } from '../store/stage.js';
import { createChunkCleaner, type CleanTask } from './clean-pool.js';

/**
 * Pass two of validation over some rows of one file: clean them (on worker threads
 * when there are cores for it) and stage them, chunk by chunk, in order. A few chunks
 * are in flight so that reading, cleaning and writing overlap; memory stays bounded by
 * that depth. The whole file in one process, or one chunk of it on any worker
 * (stage-chunks.ts): the same rows give the same staged rows either way.
 */
export async function stageRows(
  store: Store,
  r: {
    importId: string;
    fileNo: number;
    entity: EntityType;
    task: CleanTask;
    workers: number;
    chunks: AsyncIterable<RowChunk>;
    /** The row number of the first row given. */
    firstRowNo: number;
    signal?: AbortSignal;
    /** Rows staged so far by this call. */
    onStaged?: (rows: number) => void;
    /**
     * Only these rows (by row number, line and cells as read), which are staged already:
     * they are removed and staged again (a validation again after fixes, import-recheck.ts).
     */
    only?: (rowNo: number, line: number, cells: string[]) => boolean;
  },
): Promise<number> {
  const cleaner = createChunkCleaner(r.task, r.workers);
  // The user's fixes of this file's cells (made in the review), laid over its rows.
  const fixes = fileFixes(r.task.options.fixes, r.task.file, r.task.mapping);
  /** Clean a chunk with the user's fixes; rows a problem fix changed are cleaned again. */
  const clean = async (chunk: RowChunk): Promise<CleanRow[]> => {
    if (!fixes) return cleaner.clean(chunk.rows);
    // The cells are fixed in place: a row is staged (and, if refused, written to the
    // rejection file) as the user left it.
    const said: Correction[][] = chunk.rows.map((row, i) => fixCells(fixes, chunk.lines[i]!, row));
    const results = await cleaner.clean(chunk.rows);
    const again: number[] = [];
    results.forEach((result, i) => {
      const made = fixProblems(fixes, result, chunk.rows[i]!);
      if (made.length === 0) return;
      said[i]!.push(...made);
      again.push(i);
    });
    if (again.length > 0) {
      const cleaned = await cleaner.clean(again.map((i) => chunk.rows[i]!));
      again.forEach((i, k) => (results[i] = cleaned[k]!));
    }
    return results.map((c, i) =>
      said[i]!.length ? { ...c, corrections: [...said[i]!, ...c.corrections] } : c,
    );
  };
  let rowNo = r.firstRowNo - 1;
  let staged = 0;
  const stageResults = async (chunk: RowChunk, rowNos: number[], results: CleanRow[]) => {
    const rows: StagedRow[] = results.map((c, i) => {
      const problem = chunk.problems.get(i);
      // A row the reader could not read well (a stray quote, a line that is not
      // JSON) is refused for that reason alone: its cells cannot be trusted.
      const cleaned = problem
        ? {
            values: c.values.map(() => null),
            custom: null,
            issues: [problem],
            corrections: [],
            missing: [],
            op: null,
          }
        : c;
      return {
        rowNo: rowNos[i]!,
        fileNo: r.fileNo,
        line: chunk.lines[i]!,
        raw: chunk.rows[i]!,
        ...cleaned,
      };
    });
    if (r.only) await unstageRows(store, r.entity, r.importId, rowNos);
    await stageChunk(store, r.entity, r.importId, rows);
    staged += rows.length;
    r.onStaged?.(staged);
  };
  const inflight: Promise<() => Promise<void>>[] = [];
  try {
    for await (const read of r.chunks) {
      r.signal?.throwIfAborted();
      const first = rowNo + 1;
      rowNo += read.rows.length;
      const { chunk, rowNos } = r.only
        ? onlySome(read, first, r.only)
        : { chunk: read, rowNos: read.rows.map((_, i) => first + i) };
      if (chunk.rows.length === 0) continue;
      const cleaned = clean(chunk).then((results) => () => stageResults(chunk, rowNos, results));
      cleaned.catch(() => {}); // handled when its turn comes; never an unhandled rejection
      inflight.push(cleaned);
      if (inflight.length >= cleaner.depth) await (await inflight.shift()!)();
    }
    while (inflight.length > 0) await (await inflight.shift()!)();
  } finally {
    await Promise.allSettled(inflight);
    await cleaner.close();
  }
  return staged;
}

/** The rows of a chunk that `only` keeps, with their row numbers and reader problems. */
function onlySome(
  read: RowChunk,
  first: number,
  only: (rowNo: number, line: number, cells: string[]) => boolean,
): { chunk: RowChunk; rowNos: number[] } {
  const chunk: RowChunk = { rows: [], lines: [], problems: new Map() };
  const rowNos: number[] = [];
  read.rows.forEach((cells, i) => {
    if (!only(first + i, read.lines[i]!, cells)) return;
    const problem = read.problems.get(i);
    if (problem) chunk.problems.set(chunk.rows.length, problem);
    chunk.rows.push(cells);
    chunk.lines.push(read.lines[i]!);
    rowNos.push(first + i);
  });
  return { chunk, rowNos };
}
