import { parentPort, workerData } from 'node:worker_threads';
import { makeRowCleaner } from '../core/pipeline/clean.js';
import type { CleanTask } from './clean-pool.js';

/**
 * A worker thread that cleans chunks of rows. Validation (phone numbers above all)
 * costs more than parsing and writing together (LAB.md), so it runs beside the
 * thread that reads the file and writes staging.
 */
const task = workerData as CleanTask;
const clean = makeRowCleaner(task.entity, task.mapping, task.options, task.facts, task.today);

parentPort!.on('message', (msg: { id: number; rows: string[][] }) => {
  parentPort!.postMessage({ id: msg.id, results: msg.rows.map(clean) });
});
