import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * People who sign in with a password (issue 17: sign-in people use), and sessions of
 * the web UI, each kept in an http-only cookie. A session is started by a user's
 * password or by an API token; its secret is stored only hashed, like a token's.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = sql.raw(isPg ? 'timestamptz' : 'text');
  const now = isPg ? sql`now()` : sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
  await db.schema
    .createTable('intake_user')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('intake_workspace.id'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull().defaultTo(now))
    .addColumn('disabled_at', ts)
    .execute();
  await db.schema
    .createTable('intake_session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    // Who it stands for: a user, or an API token (its role and revocation still count).
    .addColumn('user_id', 'text')
    .addColumn('token_id', 'text')
    .addColumn('created_at', ts, (c) => c.notNull().defaultTo(now))
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('ended_at', ts)
    .execute();
}
