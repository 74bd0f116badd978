import { CompatService } from './service/compat.js';
import { ScheduleService } from './service/schedules.js';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Config } from './config/index.js';
import { loadRegistry } from './config/packs.js';
import { secretBox } from './config/secret-key.js';
import { redactCredentials } from './core/redact.js';
import type { ImportContext } from './jobs/import-context.js';
import { recoverOrphans } from './jobs/import-decisions.js';
import { runJob } from './jobs/import-jobs.js';
import { notifyFinished } from './jobs/notify.js';
import { Worker, type JobWorker, type WorkerHealth } from './jobs/worker.js';
import { ThreadWorker, threadAvailable } from './worker-thread.js';
import { openStore, type Store } from './store/connect.js';
import { openQueue, type JobQueue } from './store/queue.js';
import { AccessService } from './service/access.js';
import { OidcSignIn } from './service/oidc.js';
import { ImportService } from './service/imports.js';
import { RecordService } from './service/records.js';
import { TemplateService } from './service/templates.js';
import { WebhookService } from './service/webhooks.js';

export { ROLES, type Role, type TokenInfo, type AuditEntry } from './service/access.js';
export type { ExportFormat, TemplateFormat } from './service/records.js';
export type { ImportCall, LocalResult } from './service/imports.js';
export type { ImportResult, Progress } from './jobs/import-types.js';
export type { Template, TemplateSettings } from './service/templates.js';

/**
 * The composition root: every entry point (CLI, HTTP API, web UI through the API)
 * opens one Intake and calls its services. Nothing here knows about flags or requests;
 * each feature has its service, and this only wires them to one database, one queue
 * and one worker.
 */
export class Intake {
  readonly imports: ImportService;
  readonly records: RecordService;
  readonly templates: TemplateService;
  readonly access: AccessService;
  /** Sign-in with the team's identity provider, when configured. */
  readonly oidc?: OidcSignIn;
  readonly webhooks: WebhookService;
  /** Templates with a schedule, run by the worker (docs/schedules.md). */
  readonly schedules: ScheduleService;
  /** importWS compatibility (docs/compat.md). */
  readonly compat: CompatService;
  /** The job queue of imports: pg-boss on PostgreSQL, a table on SQLite. */
  readonly queue: JobQueue;
  private readonly context: ImportContext;
  private worker?: JobWorker;

  private constructor(
    readonly config: Config,
    /** The database, for tests and benchmarks that look inside; entry points use the services. */
    readonly store: Store,
  ) {
    const registry = loadRegistry(config.packs);
    store.warn = (m) => this.log(m);
    this.queue = openQueue(store, config.jobs, (m) => this.log(m));
    const secrets = secretBox(config);
    const fetch = {
      allowHosts: config.allowHosts,
      maxBytes: config.fetchMaxBytes,
      timeoutMs: config.fetchTimeoutMs,
    };
    this.context = {
      store,
      queue: this.queue,
      registry,
      reportDir: config.reportDir,
      workDir: join(config.dataDir, 'work'),
      uploadRoot: join(config.dataDir, 'uploads'),
      base: {
        configOptions: config.country ? { country: config.country } : {},
        workers: config.workers,
        fetch,
        limits: config.limits,
      },
      commitChunkRows: config.jobs.commitChunkRows,
      stageChunkRows: config.jobs.stageChunkRows ?? 100_000,
      stageHelpers: config.jobs.stageHelpers ?? 8,
      duplicateWindowMs: config.jobs.duplicateWindowMs,
      replayDays: config.jobs.replayDays,
      rowRetentionDays: config.jobs.rowRetentionDays ?? config.jobs.replayDays,
      secrets,
      onFinished: (id) =>
        notifyFinished(
          {
            store,
            smtp: config.smtp,
            publicUrl: config.publicUrl,
            secrets,
            linkDays: config.reportLinkDays,
            webhookAttempts: config.jobs.maxAttempts,
            webhookBackoffMs: config.jobs.backoffMs,
            webhookTimeoutMs: 10_000,
            allowHosts: config.allowHosts,
            log: (m) => this.log(m),
          },
          id,
        ),
    };
    this.imports = new ImportService(this.context, config, () => this.worker?.poke());
    this.records = new RecordService(
      store,
      registry,
      this.context.workDir,
      config.workspace,
      config.limits,
    );
    this.templates = new TemplateService(store, registry, secrets);
    this.access = new AccessService(store, config.sessionHours * 3600_000);
    this.oidc = config.oidc && new OidcSignIn(config.oidc, secrets);
    this.webhooks = new WebhookService(store, config.allowHosts);
    this.schedules = new ScheduleService(store, this.imports, secrets, fetch, (m) => this.log(m));
    this.compat = new CompatService(store, registry, this.imports, (secret) =>
      this.access.findToken(secret),
    );
  }

  static async open(config: Config): Promise<Intake> {
    const store = await openStore({
      databaseUrl: config.databaseUrl,
      sqlitePath: join(config.dataDir, 'intake.sqlite'),
      schema: config.databaseSchema,
    });
    return new Intake(config, store);
  }

  async close(): Promise<void> {
    await this.imports.close();
    await this.worker?.stop();
    await this.queue.close();
    await this.store.close();
  }

  /** Where the service reports what it cannot tell a caller (a notification not sent). */
  log: (message: string) => void = (m) => process.stderr.write(`intake: ${redactCredentials(m)}\n`);

  /** What the watchdog sees of this process's worker (none: not a worker process). */
  workerHealth(): WorkerHealth | undefined {
    return this.worker?.health();
  }

  /**
   * The database answers (readiness). Twice: a pooled connection the server closed
   * fails its first query and is dropped; the next one is new.
   */
  async ready(): Promise<boolean> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await sql`SELECT 1`.execute(this.store.db);
        return true;
      } catch {
        // the next try takes another connection
      }
    }
    return false;
  }

  /**
   * `serve`'s job worker: in a thread of its own, so that imports never hold the event
   * loop that answers the API (in this thread when running from the TypeScript
   * sources, as under vitest, where there is no compiled thread to start).
   */
  startWorkerThread(onError: (message: string) => void): JobWorker {
    if (!threadAvailable()) return this.startWorker(onError);
    this.worker ??= new ThreadWorker(this.config, onError);
    return this.worker;
  }

  /** The job worker of this thread (`intake worker`, tests, the thread of `serve`). */
  startWorker(onError?: (message: string) => void): Worker {
    if (this.worker && !(this.worker instanceof Worker))
      throw new Error('this Intake already runs its worker in a thread');
    const ctx = this.context;
    this.worker ??= new Worker(this.queue, {
      leaseMs: this.config.jobs.leaseMs,
      pollMs: this.config.jobs.pollMs,
      run: (job, signal, beat) => runJob(ctx, job, signal, beat),
      stallMs: this.config.jobs.stallMs,
      onStall: (m) => {
        this.log(m);
        onError?.(m);
      },
      onQueue: (m) => this.log(m),
      onError: (job, e, outcome) =>
        onError?.(
          redactCredentials(
            `job ${job.kind} of ${job.importId} (${outcome}): ${(e as Error).message}`,
          ),
        ),
      // Now and then: give orphaned imports their job back, purge expired files; run
      // the schedules that are due.
      periodic: [
        {
          everyMs: 60_000,
          run: async () => {
            await recoverOrphans(ctx);
            await this.imports.purgeExpired();
          },
        },
        // Scheduled templates that are due (each due time runs once, on one worker).
        { everyMs: this.config.jobs.scheduleMs ?? 15_000, run: () => this.schedules.tick() },
      ],
    });
    return this.worker as Worker;
  }
}
