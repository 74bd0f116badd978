import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import YAML from 'yaml';
import { DEFAULT_READER_LIMITS } from '../../src/sources/limits.js';
import type { Config } from '../../src/config/index.js';
import { Intake } from '../../src/service.js';

/**
 * The same suites run on every backend (STYLE.md 4). SQLite always; PostgreSQL when
 * DATABASE_URL is set (.ci/run sets it). Without it the PostgreSQL suites are skipped
 * and say so once, loudly, rather than silently.
 */
export interface Backend {
  name: 'sqlite' | 'postgres';
  databaseUrl?: string;
}

const url = process.env.DATABASE_URL;
if (!url) {
  console.warn(
    '\n*** DATABASE_URL is not set: the PostgreSQL half of the database suites is SKIPPED ***\n',
  );
}

export const BACKENDS: Backend[] = [
  { name: 'sqlite' },
  ...(url ? [{ name: 'postgres' as const, databaseUrl: url }] : []),
];

/** A fresh, empty place to work: a temp dir, and its own PostgreSQL schema. */
export interface Sandbox {
  dir: string;
  config: Config;
  open(extra?: Partial<Config>): Promise<Intake>;
  cleanup(): Promise<void>;
}

export function sandbox(backend: Backend): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'intake-test-'));
  const schema = backend.databaseUrl ? `t_${Math.random().toString(36).slice(2, 10)}` : undefined;
  const config: Config = {
    dataDir: join(dir, 'data'),
    databaseUrl: backend.databaseUrl,
    databaseSchema: schema,
    reportDir: join(dir, 'reports'),
    workspace: 'default',
    packs: [],
    workers: 1,
    allowHosts: ['127.0.0.1', 'localhost', '::1'],
    fetchMaxBytes: 64 * 1024 * 1024,
    fetchTimeoutMs: 10_000,
    // Retries without long waits: the backoff doubles from 20 ms.
    jobs: {
      maxAttempts: 3,
      backoffMs: 20,
      leaseMs: 60_000,
      pollMs: 20,
      duplicateWindowMs: 60_000,
      replayDays: 7,
    },
    uploadMaxBytes: 5 * 1024 * 1024,
    reportLinkDays: 7,
    sessionHours: 12,
    limits: DEFAULT_READER_LIMITS,
  };
  return {
    dir,
    config,
    open: (extra = {}) => Intake.open({ ...config, ...extra }),
    async cleanup() {
      if (schema && backend.databaseUrl) {
        const client = new pg.Client({ connectionString: backend.databaseUrl });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        // The job queue's (pg-boss) schema beside it.
        await client.query(`DROP SCHEMA IF EXISTS "${schema}_pgboss" CASCADE`);
        await client.end();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A configuration file for CLI processes (`intake worker --config F`) on this sandbox's
 * data folder and database, with `jobs` settings of the test's own. Its path.
 */
export function workerConfig(box: Sandbox, jobs: Record<string, number>, extra = {}): string {
  const file = join(box.dir, 'intake.config.yaml');
  const c = box.config;
  writeFileSync(
    file,
    YAML.stringify({
      dataDir: c.dataDir,
      reportDir: c.reportDir,
      ...(c.databaseUrl ? { databaseUrl: c.databaseUrl, databaseSchema: c.databaseSchema } : {}),
      ...extra,
      jobs,
    }),
  );
  return file;
}
