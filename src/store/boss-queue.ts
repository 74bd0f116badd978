import { CompiledQuery, type Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import type { Store } from './connect.js';
import { keepLease } from './lease-keeper.js';
import type {
  JobKind,
  JobQueue,
  JobState,
  JobStatus,
  NewJob,
  QueuePolicy,
  TakenJob,
} from './queue.js';

/** All import jobs go through one pg-boss queue; the kind rides in the job's data. */
const QUEUE = 'intake-import';

interface JobData {
  kind: JobKind;
  importId: string;
}

/**
 * The queue on PostgreSQL: pg-boss 10 (the newest that runs on Node 20). It claims
 * with `FOR UPDATE SKIP LOCKED`, so `intake worker` processes on several machines
 * share it; it retries with exponential backoff and holds scheduled jobs until due.
 *
 * pg-boss 10 has no heartbeat: an active job is failed (and retried) once
 * `started_on + expire_in` passes, whatever its worker is doing (timgit/pg-boss#436).
 * Imports run from seconds to an hour, so no fixed expiry fits. `renew` moves the job's
 * `expire_in` to "a lease from now" while its worker lives; a killed worker stops
 * renewing and pg-boss's own maintenance retries the job a lease later. That is one
 * UPDATE of a column of pg-boss's job table, which is why the version is pinned
 * exactly and test/jobs/restart.test.ts proves both halves. The renewals run on a
 * thread and a connection of their own (lease-keeper.ts), so an import that holds the
 * event loop cannot let its lease lapse (test/jobs/lease-starved.test.ts).
 */
export class BossQueue implements JobQueue {
  readonly engine = 'pg-boss';
  private started?: Promise<PgBoss>;
  private readonly schema: string;

  constructor(
    private readonly store: Store,
    private readonly policy: QueuePolicy,
    private readonly log?: (message: string) => void,
  ) {
    // Tests give each store its own schema; pg-boss gets one beside it.
    this.schema = !store.schema || store.schema === 'public' ? 'pgboss' : `${store.schema}_pgboss`;
  }

  /** pg-boss starts (and installs its tables) when first needed, not for CLI imports. */
  private boss(): Promise<PgBoss> {
    // A start that failed (the database away) is tried again by the next call.
    this.started ??= this.start().catch((e: unknown) => {
      this.started = undefined;
      throw e;
    });
    return this.started;
  }

  private async start(): Promise<PgBoss> {
    // Loaded when the queue is first used (not by CLI imports, which need no queue).
    const { default: Boss } = await import('pg-boss');
    const boss = new Boss({
      db: via(this.store.db),
      schema: this.schema,
      schedule: false,
      // Its maintenance is what notices an expired lease: look twice per lease.
      maintenanceIntervalSeconds: Math.max(1, Math.round(this.policy.leaseMs / 2000)),
    });
    // Maintenance errors (the database away for a moment) are retried on its next round.
    boss.on('error', (e) => this.log?.(`job queue: ${e.message}`));
    await boss.start();
    try {
      await boss.createQueue(QUEUE);
    } catch (e) {
      await boss.stop({ graceful: false, close: false });
      throw e;
    }
    return boss;
  }

  async ready(): Promise<void> {
    await this.boss();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a store's Kysely or its transaction
  async enqueue(db: Kysely<any>, job: NewJob): Promise<string> {
    const boss = await this.boss();
    const data: JobData = { kind: job.kind, importId: job.importId };
    const id = await boss.send(QUEUE, data, {
      db: via(db),
      ...(job.runAt ? { startAfter: job.runAt } : {}),
      retryLimit: this.policy.maxAttempts - 1,
      // pg-boss counts whole seconds, and at least one with backoff.
      retryDelay: Math.max(1, Math.round(this.policy.backoffMs / 1000)),
      retryBackoff: true,
      expireInSeconds: this.leaseSeconds(),
    });
    if (!id) throw new Error('pg-boss did not queue the job');
    return id;
  }

  async take(): Promise<TakenJob | undefined> {
    const boss = await this.boss();
    const [job] = await boss.fetch<JobData>(QUEUE, { includeMetadata: true });
    if (!job) return undefined;
    const db = this.store.db;
    const lease = this.leaseSeconds();
    const renew = `UPDATE ${this.schema}.job SET expire_in = (now() - started_on) + $3::int * interval '1 second'
      WHERE name = $1 AND id = $2 AND state = 'active'`;
    return {
      id: job.id,
      kind: job.data.kind,
      importId: job.data.importId,
      attempts: job.retryCount + 1,
      maxAttempts: job.retryLimit + 1,
      renew: async () => {
        await db.executeQuery(CompiledQuery.raw(renew, [QUEUE, job.id, lease]));
      },
      ...(this.store.connection
        ? {
            keepAlive: (everyMs: number) =>
              keepLease(
                this.store.connection!,
                { sql: renew, params: [QUEUE, job.id, lease] },
                everyMs,
                this.log,
              ),
          }
        : {}),
      complete: () => boss.complete(QUEUE, job.id),
      fail: async (error) => {
        await boss.fail(QUEUE, job.id, { message: error });
        return job.retryCount < job.retryLimit ? 'retry' : 'failed';
      },
    };
  }

  async status(id: string): Promise<JobStatus | undefined> {
    const boss = await this.boss();
    // Finished jobs move to pg-boss's archive after a while; they still count.
    const job = await boss.getJobById(QUEUE, id, { includeArchive: true });
    if (!job) return undefined;
    // retryCount grows when a retried job is taken again.
    return { state: STATES[job.state], attempts: job.startedOn ? job.retryCount + 1 : 0 };
  }

  async holds(id: string, attempts: number): Promise<boolean> {
    await this.boss();
    // Its lease passed (the keeper renews it while its worker lives): dead, even before
    // pg-boss's maintenance notices.
    const r = await this.store.db.executeQuery<{ live: boolean }>(
      CompiledQuery.raw(
        `SELECT state = 'active' AND retry_count + 1 = $3 AND started_on + expire_in > now() AS live
           FROM ${this.schema}.job WHERE name = $1 AND id = $2`,
        [QUEUE, id, attempts],
      ),
    );
    return r.rows[0]?.live === true;
  }

  async cancel(id: string): Promise<boolean> {
    // pg-boss cancels active jobs too; a running import stops by its own status instead.
    if ((await this.status(id))?.state !== 'queued') return false;
    const boss = await this.boss();
    await boss.cancel(QUEUE, id);
    return (await this.status(id))?.state === 'cancelled';
  }

  async close(): Promise<void> {
    if (!this.started) return;
    const boss = await this.started.catch(() => undefined);
    await boss?.stop({ graceful: false, close: false });
  }

  private leaseSeconds(): number {
    return Math.max(1, Math.ceil(this.policy.leaseMs / 1000));
  }
}

const STATES: Record<PgBoss.JobWithMetadata['state'], JobState> = {
  created: 'queued',
  retry: 'queued',
  active: 'running',
  completed: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

/** pg-boss runs its SQL through our pool, or through a transaction of ours. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a store's Kysely or its transaction
function via(db: Kysely<any>): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      // No values: a plain query, so that pg-boss's multi-statement scripts
      // (its migrations, its advisory-locked maintenance) run as one.
      const r = await db.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: r.rows as unknown[] };
    },
  };
}
