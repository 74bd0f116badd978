import type { Kysely } from 'kysely';

/**
 * A workspace's own settings (issue 17: approval when it is wanted): a JSON object,
 * empty for a workspace that never set any.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('intake_workspace').addColumn('settings', 'text').execute();
}
