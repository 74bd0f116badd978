import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { dripServer } from '../helpers/servers.js';

/**
 * The worker's watchdog (issue 16): a job that makes no progress is said in the logs
 * and in /ready, and the service goes on answering. The stuck job here is a real one: a
 * URL source whose server sends a byte of its headers now and then, under a long fetch
 * deadline.
 */
let drip: Awaited<ReturnType<typeof dripServer>>;

describe.each(BACKENDS)('the watchdog on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  let app: FastifyInstance;
  const logs: string[] = [];

  beforeEach(async () => {
    drip = await dripServer();
    logs.length = 0;
    box = sandbox(backend);
    intake = await box.open({
      fetchTimeoutMs: 60_000,
      jobs: { ...box.config.jobs, stallMs: 1000 },
    });
    intake.log = (m) => logs.push(m);
    app = await buildServer(intake);
  });
  afterEach(async () => {
    if (drip.listening()) await drip.close(); // the stuck fetch ends, the worker can stop
    await app.close();
    await intake.close();
    await box.cleanup();
  });

  it('says a job without progress in the logs and in /ready, and the API still answers', async () => {
    const id = intake.imports.newId();
    await intake.imports.submit(id, {
      workspace: 'acme',
      actor: 'ann',
      files: [`http://127.0.0.1:${drip.port}/slow.csv`],
      options: {},
      approval: false,
    });
    intake.startWorker().start();
    const ready = () => app.inject({ method: 'GET', url: '/ready' });
    await expect.poll(async () => (await ready()).statusCode, { timeout: 20_000 }).toBe(503);
    const r = await ready();
    expect(r.json()).toMatchObject({
      code: 'INTAKE_E_WORKER_STALLED',
      details: { worker: { state: 'stalled', job: { kind: 'validate', importId: id } } },
    });
    await expect
      .poll(() => logs.join('\n'), { timeout: 20_000 })
      .toContain(`the validate job of ${id} has made no progress`);
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    // The stuck source goes away: the job fails, the worker is idle, /ready says ready.
    await drip.close();
    await expect.poll(async () => (await ready()).statusCode, { timeout: 20_000 }).toBe(200);
    // Its retries find no server: the import fails, and says why.
    await expect
      .poll(async () => (await intake.imports.get('acme', id))!.errorCode, { timeout: 30_000 })
      .toBe('INTAKE_E_FETCH');
  });
});
