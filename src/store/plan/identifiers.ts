import { sql } from 'kysely';
import { IntakeError } from '../../core/codes.js';
import type { ImportOptions } from '../../core/options.js';
import { uniqueFields, type EntityType } from '../../core/schema.js';
import { stageTable } from '../names.js';
import { inChunk, text, type PlanContext } from './context.js';

/**
 * An identifier on the row already owned by another stored record (SPEC V3): the
 * e-mail of customer A on a row matched to customer B, or on a row that would create
 * a new customer. The message names the owner by another of its identifiers.
 */
export async function checkIdentifierOwners(c: PlanContext): Promise<void> {
  const s = stageTable(c.entity);
  for (const f of uniqueFields(c.entity)) {
    if (f.name === c.match?.name) continue;
    // Name the owner by its first filled identifier, the match key first.
    const others = [c.match?.name, ...c.entity.identifiers].filter(
      (n, i, all): n is string => !!n && n !== f.name && all.indexOf(n) === i,
    );
    const owner = sql.join([
      ...others.map(
        (n) =>
          sql`${`${c.entity.fields.find((x) => x.name === n)!.label} `} || ${text(sql.ref(`t.${n}`))}`,
      ),
      sql`'#' || ${text(sql.ref('t.id'))}`,
    ]);
    const createOnly = c.options.mode === 'create' ? sql`AND s.target_id IS NULL` : sql``;
    await sql`
      INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
      SELECT s.import_id, s.row_no, ${f.name}, 'INTAKE_E_IDENTIFIER_CONFLICT',
             ${`${f.label} "`} || ${text(sql.ref(`s.${f.name}`))} || ${`" already belongs to another ${c.entity.label.toLowerCase()} (`}
               || coalesce(${owner}, '?') || ')',
             ${text(sql.ref(`s.${f.name}`))}
      FROM ${sql.id(s)} s
      JOIN ${sql.id(c.entity.table)} t ON t.workspace_id = ${c.workspace} AND ${sql.ref(`t.${f.name}`)} = ${sql.ref(`s.${f.name}`)}
      WHERE s.import_id = ${c.importId} AND (s.target_id IS NULL OR t.id <> s.target_id) ${createOnly}
        AND s.action IN ('create', 'update', 'unchanged')
        ${c.chunk ? sql`AND s.action IN ('create', 'update') AND ${inChunk(c, 's')}` : sql``}`.execute(
      c.store.db,
    );
  }
}

/** `unique` names fields of the import's types: a mistake is said before anything runs. */
export function checkUniqueOption(
  entities: EntityType[],
  options: Pick<ImportOptions, 'unique'>,
): void {
  for (const name of options.unique ?? []) {
    if (!entities.some((e) => e.fields.some((f) => f.name === name))) {
      throw new IntakeError(
        'INTAKE_E_FIELD_UNKNOWN',
        `--unique ${name}: no imported entity type has a field "${name}"`,
      );
    }
  }
}
