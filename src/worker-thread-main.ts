import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from './config/index.js';
import { Intake } from './service.js';
import type { ThreadCommand, ThreadMessage } from './worker-thread.js';

/**
 * The worker thread of `intake serve` (worker-thread.ts): its own Intake, so its own
 * database connection, running the same Worker as `intake worker` does.
 */
const port = parentPort!;
const say = (m: ThreadMessage) => port.postMessage(m);
const intake = await Intake.open((workerData as { config: Config }).config);
const worker = intake.startWorker((message) => say({ type: 'warn', message }));
const report = () =>
  say({ type: 'health', name: worker.name, health: worker.health(), at: Date.now() });
// Often enough for /ready; the job's own progress is what the health measures.
const timer = setInterval(report, 250);
report();
worker.start();
port.on('message', (m: ThreadCommand) => {
  if (m.type === 'poke') return worker.poke();
  clearInterval(timer);
  void worker
    .stop(m.graceMs)
    .then(() => intake.close())
    .finally(() => port.close());
});
