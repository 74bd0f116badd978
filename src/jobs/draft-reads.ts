import { stat } from 'node:fs/promises';
import type { ReaderLimits } from '../sources/limits.js';
import type { SourceOptions } from '../sources/open.js';
import { readFile, type ReadFile } from './inspect.js';

/** Files larger than this get a first look (their first rows) before they are read through. */
export const FIRST_LOOK_BYTES = 4 * 1024 * 1024;
const KEPT = 32;

/**
 * Draft files as read, for the draft's pages (SPEC J1; issue 15's first feedback).
 * Reading a file through costs seconds per million rows, and a draft's page asks for it
 * after every change of mapping: the last reads are kept, keyed by the file (its size
 * and time) and the options that change how it reads. A large file is answered from
 * its first rows at once, with its row count estimated from its size; it is then read
 * through here, in the background, and the count replaces the estimate.
 */
export class DraftReads {
  private readonly reads = new Map<string, ReadFile>();
  private readonly counting = new Map<string, Promise<void>>();
  private readonly stop = new AbortController();

  constructor(
    private readonly scratch: string,
    private readonly limits?: ReaderLimits,
  ) {}

  async get(path: string, opts: SourceOptions): Promise<ReadFile> {
    const st = await stat(path);
    const key = JSON.stringify([path, st.size, st.mtimeMs, opts]);
    const hit = this.reads.get(key);
    if (hit) {
      this.remember(key, hit); // most recent last
      return hit;
    }
    const firstLook = st.size > FIRST_LOOK_BYTES;
    const read = await readFile(path, opts, this.scratch, this.limits, { firstLook });
    this.remember(key, read);
    if (read.sheets.some((s) => s.rowsEstimated)) this.countLater(key, path, opts);
    return read;
  }

  /** The background reads that are still counting have ended (tests; closing). */
  async settled(): Promise<void> {
    await Promise.all(this.counting.values());
  }

  /** Stop counting (the service closes): a count is no loss, validation counts again. */
  async close(): Promise<void> {
    this.stop.abort();
    await this.settled();
  }

  private remember(key: string, read: ReadFile): void {
    this.reads.delete(key);
    this.reads.set(key, read);
    if (this.reads.size > KEPT) this.reads.delete(this.reads.keys().next().value!);
  }

  private countLater(key: string, path: string, opts: SourceOptions): void {
    if (this.counting.has(key)) return;
    const done = readFile(path, opts, this.scratch, this.limits, { signal: this.stop.signal })
      .then((full) => {
        if (this.reads.has(key)) this.remember(key, full);
      })
      // A file that breaks further on (a bad byte at row 2 million) keeps its estimate
      // here: validation reads it through and refuses it, saying where.
      .catch(() => {})
      .finally(() => this.counting.delete(key));
    this.counting.set(key, done);
  }
}
