import { Command, Option } from 'commander';
import { ROLES, type Role } from '../service.js';
import { openIntake, withCommonOptions, type CommonFlags } from './context.js';

/**
 * `intake serve`: the HTTP API and a job worker in one process, on the embedded
 * database unless DATABASE_URL says otherwise. `intake worker`: a worker alone, to
 * share the queue from other machines. Both stop cleanly on SIGINT and SIGTERM,
 * finishing the job in hand (a killed one is taken again after its lease).
 */
export function serveCommand(): Command {
  const cmd = new Command('serve')
    .description('run the HTTP API (docs at /docs), the web UI (at /ui/) and a job worker')
    .option('--port <n>', 'port to listen on (env PORT)', process.env.PORT ?? '8080')
    .option('--host <addr>', 'address to listen on', process.env.HOST ?? '127.0.0.1')
    .option('--no-worker', 'serve the API only; jobs run in `intake worker` processes')
    .action(async (flags: CommonFlags & { port: string; host: string; worker: boolean }) => {
      const intake = await openIntake(flags);
      // The HTTP stack is loaded by the commands that serve, not by every command.
      const { buildServer } = await import('../api/server.js');
      const app = await buildServer(intake, { logger: true });
      if (flags.worker) {
        // The queue installs itself once, here, before the worker's thread opens it too.
        await intake.queue.ready();
        intake.startWorkerThread((m) => app.log.warn(m)).start();
      }
      const address = await app.listen({ port: Number(flags.port), host: flags.host });
      process.stderr.write(
        `intake: serving on ${address} (web UI: ${address}/ui/, API docs: ${address}/docs)\n`,
      );
      if (!(await intake.access.hasTokens())) {
        process.stderr.write(
          'intake: nobody can sign in yet; add the first admin with: npx intake user add --name me --role admin (the password on stdin), or make an API token: npx intake token create --role admin --name me\n',
        );
      }
      await untilSignal();
      await app.close();
      await intake.close();
    });
  return withCommonOptions(cmd);
}

export function workerCommand(): Command {
  const cmd = new Command('worker')
    .description('run import jobs from the queue (validation and commit)')
    .option('--once', 'run the jobs that are due, then exit')
    .action(async (flags: CommonFlags & { once?: boolean }) => {
      const intake = await openIntake(flags);
      const worker = intake.startWorker((m) => process.stderr.write(`intake: ${m}\n`));
      if (flags.once) {
        const n = await worker.drain();
        process.stderr.write(`intake: ${n} jobs run\n`);
      } else {
        worker.start();
        process.stderr.write(`intake: worker ${worker.name} waiting for jobs\n`);
        await untilSignal();
      }
      await intake.close();
    });
  return withCommonOptions(cmd);
}

export function tokenCommand(): Command {
  const create = new Command('create')
    .description('make an API token; the secret is printed once and stored only hashed')
    .addOption(
      new Option('--role <role>', 'what it may do').choices([...ROLES]).makeOptionMandatory(),
    )
    .option('--name <name>', 'who or what uses it', 'cli')
    .action(async (flags: CommonFlags & { role: Role; name: string }) => {
      const intake = await openIntake(flags);
      try {
        const workspace = intake.config.workspace;
        const t = await intake.access.createToken(workspace, flags.name, flags.role);
        await intake.access.audit({
          workspace,
          actor: 'cli',
          action: 'token.create',
          target: t.id,
          details: { name: t.name, role: t.role },
        });
        process.stdout.write(`${t.secret}\n`);
        process.stderr.write(
          `intake: token "${t.name}" (${t.role}) for workspace ${workspace}; keep it now, it is not shown again\n`,
        );
      } finally {
        await intake.close();
      }
    });
  return new Command('token')
    .description('API tokens of a workspace')
    .addCommand(withCommonOptions(create).exitOverride());
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
