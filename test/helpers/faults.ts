import { sql, type Kysely } from 'kysely';
import type { Backend } from './backends.js';

/**
 * A real database fault, not a mock: a trigger that refuses inserts into `table` with
 * `message`, every one or only rows whose `column` equals `value`. `undo` removes it.
 */
export async function refuseInserts(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  backend: Backend,
  f: { table: string; message: string; when?: { column: string; value: string } },
): Promise<{ undo: () => Promise<void> }> {
  const name = `refuse_${f.table}`;
  const t = sql.id(f.table);
  if (backend.name === 'postgres') {
    const raise = sql`RAISE EXCEPTION ${sql.lit(f.message)};`;
    const body = f.when
      ? sql`IF NEW.${sql.id(f.when.column)} = ${sql.lit(f.when.value)} THEN ${raise} END IF; RETURN NEW;`
      : raise;
    await sql`CREATE FUNCTION ${sql.id(name)}() RETURNS trigger AS $$ BEGIN ${body} END $$ LANGUAGE plpgsql`.execute(
      db,
    );
    await sql`CREATE TRIGGER ${sql.id(name)} BEFORE INSERT ON ${t} FOR EACH ROW EXECUTE FUNCTION ${sql.id(name)}()`.execute(
      db,
    );
  } else {
    const when = f.when ? sql`WHEN NEW.${sql.id(f.when.column)} = ${sql.lit(f.when.value)}` : sql``;
    await sql`CREATE TRIGGER ${sql.id(name)} BEFORE INSERT ON ${t} ${when} BEGIN SELECT RAISE(ABORT, ${sql.lit(f.message)}); END`.execute(
      db,
    );
  }
  return {
    undo: async () => {
      await sql`DROP TRIGGER ${sql.id(name)} ${backend.name === 'postgres' ? sql`ON ${t}` : sql``}`.execute(
        db,
      );
    },
  };
}
