import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { IntakeError } from '../core/codes.js';
import * as m0001 from './migrations/0001_system.js';
import * as m0002 from './migrations/0002_service.js';
import * as m0003 from './migrations/0003_job_id.js';
import * as m0004 from './migrations/0004_import_state.js';
import * as m0005 from './migrations/0005_operations.js';
import * as m0006 from './migrations/0006_schedules.js';
import * as m0007 from './migrations/0007_stage_chunks.js';
import * as m0008 from './migrations/0008_workspace_settings.js';
import * as m0009 from './migrations/0009_users_sessions.js';
import * as m0010 from './migrations/0010_mapping_memory.js';
import * as m0011 from './migrations/0011_issue_staged.js';

/** Versioned migrations, applied in order and recorded by Kysely's migrator. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_system': m0001,
  '0002_service': m0002,
  '0003_job_id': m0003,
  '0004_import_state': m0004,
  '0005_operations': m0005,
  '0006_schedules': m0006,
  '0007_stage_chunks': m0007,
  '0008_workspace_settings': m0008,
  '0009_users_sessions': m0009,
  '0010_mapping_memory': m0010,
  '0011_issue_staged': m0011,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/**
 * `schema`: the PostgreSQL schema to keep the migration tables in. Kysely finds
 * them by introspecting every schema, so it must be told which one is ours.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations predate the tables they make
export async function migrate(db: Kysely<any>, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider,
    ...(schema ? { migrationTableSchema: schema } : {}),
    migrationTableName: 'intake_migration',
    migrationLockTableName: 'intake_migration_lock',
  });
  // Two processes starting together on a new database (serve and worker) both migrate:
  // PostgreSQL takes Kysely's lock; SQLite has none across processes, and the one that
  // loses the race fails. It tries again, and then finds the migrations done.
  // The loser waits for the winner, however long a busy machine makes its migrations
  // take: a race (the file locked, a table or migration row the winner made) is retried
  // for up to a minute; any other error after a few tries.
  const deadline = Date.now() + 60_000;
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return;
    const message = (error as Error).message ?? String(error);
    const race = /locked|busy|already exists|UNIQUE constraint failed/i.test(message);
    if (race ? Date.now() < deadline : attempt < 3) {
      await new Promise((r) => setTimeout(r, Math.min(1000, 100 * attempt) + Math.random() * 100));
      continue;
    }
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new IntakeError('INTAKE_E_DATABASE', `migration ${failed} failed: ${message}`);
  }
}
