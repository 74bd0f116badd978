import { sql } from 'kysely';
import { IntakeError } from '../../core/codes.js';
import type { ImportOptions } from '../../core/options.js';
import type { EntityType } from '../../core/schema.js';
import { RECORD_OPERATIONS } from '../../core/operations.js';
import { stageTable } from '../names.js';
import { text, type PlanContext } from './context.js';
import { columnsByFile } from './clear.js';
import { RECORD_OPS, rowOp } from './operations.js';

/**
 * Check-only columns (SecuTix: "FirstName and LastName to double check but we won't
 * use it"): a field listed in `verify` is compared with the stored record and never
 * written. A row whose value differs is refused, so a wrong key does not change (or,
 * later, delete) the wrong person. A row that creates a record has nothing to compare:
 * the value is not used, and a required field cannot come from such a column.
 */
export function verifiedFields(
  entity: EntityType,
  options: Pick<ImportOptions, 'verify'>,
): string[] {
  return (options.verify ?? []).filter((f) => entity.fields.some((x) => x.name === f));
}

/** A listed field that no entity type of the import has is a mistake, said before anything runs. */
export function checkVerifyOption(
  entities: EntityType[],
  options: Pick<ImportOptions, 'verify' | 'match'>,
): void {
  for (const name of options.verify ?? []) {
    if (!entities.some((e) => e.fields.some((f) => f.name === name))) {
      throw new IntakeError(
        'INTAKE_E_FIELD_UNKNOWN',
        `--verify ${name}: no imported entity type has a field "${name}"`,
      );
    }
    if (name === options.match) {
      throw new IntakeError(
        'INTAKE_E_REQUEST',
        `--verify ${name}: the match key finds the records; it cannot also be only verified`,
      );
    }
  }
}

/**
 * Verified fields are compared on every matched row; in rows whose operation writes
 * none of their fields (delete, inactivate...), every mapped column but the key is
 * compared too, in the files that map it.
 */
export async function checkVerified(c: PlanContext): Promise<void> {
  const s = stageTable(c.entity);
  const p = c.store.profile;
  const what = c.entity.label.toLowerCase();
  const listed = new Set(verifiedFields(c.entity, c.options));
  const columns = await columnsByFile(c.store, c.importId, c.entity);
  // Unlisted columns are compared only in rows of a record operation: an import with
  // none skips those statements (one scan of a million rows each, 0.3 s on SQLite).
  const recordRows =
    (RECORD_OPERATIONS as readonly string[]).includes(c.options.mode) ||
    (
      await sql`SELECT 1 AS x FROM ${sql.id(s)} WHERE import_id = ${c.importId}
                 AND op IN (${RECORD_OPS}) LIMIT 1`.execute(c.store.db)
    ).rows.length > 0;
  for (const f of c.entity.fields) {
    const name = f.name;
    if (name === c.match?.name) continue;
    const files = columns.get(name) ?? [];
    if (!listed.has(name) && (files.length === 0 || !recordRows)) continue;
    const compared = listed.has(name)
      ? sql`1 = 1`
      : sql`s.file_no IN (${sql.join(files)}) AND ${rowOp(c, 's')} IN (${RECORD_OPS})`;
    const staged = sql.ref(`s.${name}`);
    const stored = sql.ref(`t.${name}`);
    // Names and addresses are compared as people read them: "ann" is Ann.
    const loose = f.type === 'string' || f.type === 'email';
    const differs = loose
      ? p.distinct(sql`lower(${staged})`, sql`lower(${stored})`)
      : p.distinct(staged, stored);
    await sql`
      INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
      SELECT s.import_id, s.row_no, ${name}, 'INTAKE_E_VERIFY_MISMATCH',
             ${`${f.label} is "`} || ${text(staged)} || ${`" in the file, but the stored ${what} has "`} ||
             coalesce(${text(stored)}, '') || ${`": the row may name the wrong ${what}`},
             ${text(staged)}
      FROM ${sql.id(s)} s JOIN ${sql.id(c.entity.table)} t ON t.id = s.target_id
      WHERE s.import_id = ${c.importId} AND ${staged} IS NOT NULL AND ${compared} AND ${differs}`.execute(
      c.store.db,
    );
    if (!listed.has(name) || !f.required) continue;
    await sql`
      INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
      SELECT import_id, row_no, ${name}, 'INTAKE_E_REQUIRED',
             ${`${f.label} is required for a new ${what}, and its column only verifies stored records`},
             NULL
      FROM ${sql.id(s)}
      WHERE import_id = ${c.importId} AND target_id IS NULL
        AND ${rowOp(c, s)} IN ('create', 'upsert')`.execute(c.store.db);
  }
}
