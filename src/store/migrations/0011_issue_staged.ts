import { sql, type Kysely } from 'kysely';

/**
 * Which problems the cleaner found when a row was staged (1), and which the plan or the
 * commit found after (0, as every problem kept before). A validation again after the
 * user's fixes only (jobs/import-recheck.ts) keeps the cleaner's problems of the rows no
 * fix touched and forgets the plan's, which it makes again over all rows.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE intake_issue ADD COLUMN staged integer NOT NULL DEFAULT 0`.execute(db);
}
