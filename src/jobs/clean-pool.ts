import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImportOptions } from '../core/options.js';
import { makeRowCleaner, type CleanRow, type ColumnFacts } from '../core/pipeline/clean.js';
import type { Mapping } from '../core/pipeline/map.js';
import type { EntityType } from '../core/schema.js';

/** What a cleaner needs to know; plain data, so it can be sent to a worker thread. */
export interface CleanTask {
  /** The file's (or member's, or sheet's) name: the user's fixes name it. */
  file: string;
  entity: EntityType;
  mapping: Mapping;
  options: ImportOptions;
  facts: ColumnFacts;
  today: string;
}

export interface ChunkCleaner {
  /** Clean a chunk; results come back in the order of the rows. */
  clean(rows: string[][]): Promise<CleanRow[]>;
  /** How many chunks may be in flight at once to keep every thread busy. */
  depth: number;
  close(): Promise<void>;
}

const WORKER = fileURLToPath(new URL('./clean-worker.js', import.meta.url));

/**
 * Cleaning on `workers` threads, chunks dealt round-robin. With 0 workers, or when
 * running from the TypeScript sources (no compiled worker file, as under vitest),
 * chunks are cleaned on the calling thread: same function, same results.
 */
export function createChunkCleaner(task: CleanTask, workers: number): ChunkCleaner {
  if (workers <= 0 || !existsSync(WORKER)) {
    const clean = makeRowCleaner(task.entity, task.mapping, task.options, task.facts, task.today);
    return { clean: async (rows) => rows.map(clean), depth: 1, close: async () => {} };
  }
  // A small young generation: the worker holds one chunk at a time, and each isolate
  // otherwise grows its heap as if it had the machine to itself.
  const limits = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 128 };
  const pool = Array.from(
    { length: workers },
    () => new Worker(WORKER, { workerData: task, resourceLimits: limits }),
  );
  const waiting = new Map<
    number,
    { resolve: (r: CleanRow[]) => void; reject: (e: Error) => void }
  >();
  let failure: Error | undefined;
  for (const w of pool) {
    w.on('message', (m: { id: number; results: CleanRow[] }) => {
      waiting.get(m.id)?.resolve(m.results);
      waiting.delete(m.id);
    });
    w.on('error', (e) => {
      failure = e;
      for (const p of waiting.values()) p.reject(e);
      waiting.clear();
    });
  }
  let next = 0;
  return {
    depth: workers * 2,
    clean(rows) {
      if (failure) return Promise.reject(failure);
      const id = next++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        pool[id % pool.length]!.postMessage({ id, rows });
      });
    },
    async close() {
      await Promise.all(pool.map((w) => w.terminate()));
    },
  };
}
