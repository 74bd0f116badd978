import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Renews a job's lease from a thread of its own, on a connection of its own (issue 15):
 * the import's own work (a long synchronous stretch, a starved event loop) cannot hold
 * its timer back, so a live worker never loses its job to a lapsed lease. The thread
 * runs one statement every `everyMs` until stopped; it ends with the process, so a
 * killed worker stops renewing at once, as it should.
 */
const THREAD = `
const { workerData: w, parentPort } = require('node:worker_threads');
const { Client } = require(w.pg);
const client = new Client({ connectionString: w.url, application_name: 'intake lease' });
client.on('error', () => {});
let timer;
let stopped = false;
const renew = () =>
  client.query(w.sql, w.params).catch((e) => { if (!stopped) parentPort.postMessage(e.message); });
const stop = () => {
  stopped = true;
  clearInterval(timer);
  client.end().catch(() => {}).finally(() => parentPort.close());
};
parentPort.on('message', stop);
client.connect().then(
  () => {
    // Stopped while connecting (a short job): nothing to renew.
    if (stopped) return void client.end().catch(() => {}).finally(() => parentPort.close());
    renew();
    timer = setInterval(renew, w.everyMs);
  },
  (e) => { if (!stopped) parentPort.postMessage(e.message); },
);
`;

const PG = createRequire(import.meta.url).resolve('pg');

/**
 * Start renewing; the returned function stops it, and its promise settles once the
 * thread has closed its connection and ended.
 */
export function keepLease(
  connection: { url: string },
  statement: { sql: string; params: unknown[] },
  everyMs: number,
  onError?: (message: string) => void,
): () => Promise<void> {
  const thread = new Worker(THREAD, {
    eval: true,
    workerData: { pg: PG, url: connection.url, ...statement, everyMs },
    // A small thread: one connection and a timer.
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
  });
  thread.on('message', (m: string) => onError?.(`lease renewal: ${m}`));
  thread.on('error', (e) => onError?.(`lease renewal: ${e.message}`));
  thread.unref();
  const ended = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
  return () => {
    thread.postMessage('stop');
    return ended;
  };
}
