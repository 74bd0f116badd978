import { sql, type RawBuilder } from 'kysely';
import { IntakeError } from '../../core/codes.js';
import type { ImportOptions } from '../../core/options.js';
import type { EntityType } from '../../core/schema.js';
import { readJson } from '../json.js';
import type { Store } from '../connect.js';
import type { PlanContext } from './context.js';

/**
 * Empty cells that clear stored values (SPEC M3, `clearEmpty`). Only a cell that is
 * there and empty clears: a file without a column for the field never does, so each
 * field is cleared only in rows of the files that map a column to it. Required fields
 * and the match key are never cleared (a record needs them).
 */
export function clearableFields(
  entity: EntityType,
  options: Pick<ImportOptions, 'clearEmpty'>,
  match: string | undefined,
): string[] {
  const asked = options.clearEmpty;
  if (!asked) return [];
  // A listed field that cannot be cleared was refused up front (checkClearEmpty).
  return entity.fields
    .filter((f) => !f.required && f.name !== match)
    .filter((f) => asked === true || asked.includes(f.name))
    .map((f) => f.name);
}

/**
 * A listed field that no entity type of the import has, that is required, or that is
 * the match key of its type is a mistake, said before anything runs.
 */
export function checkClearEmpty(
  entities: EntityType[],
  options: Pick<ImportOptions, 'clearEmpty'>,
  /** Entity type -> its match key in this import. */
  matches: Map<string, { name: string } | undefined>,
): void {
  if (!Array.isArray(options.clearEmpty)) return;
  for (const name of options.clearEmpty) {
    const keyOf = entities.find((e) => matches.get(e.qualified)?.name === name);
    if (keyOf) {
      throw new IntakeError(
        'INTAKE_E_REQUEST',
        `--clear-empty ${name}: it is the match key of ${keyOf.qualified}; it cannot be cleared`,
      );
    }
    const fields = entities.flatMap((e) => e.fields.filter((f) => f.name === name));
    if (fields.length === 0) {
      throw new IntakeError(
        'INTAKE_E_FIELD_UNKNOWN',
        `--clear-empty ${name}: no imported entity type has a field "${name}"`,
      );
    }
    if (fields.some((f) => f.required)) {
      throw new IntakeError(
        'INTAKE_E_REQUEST',
        `--clear-empty ${name}: ${fields[0]!.label} is required; it cannot be cleared`,
      );
    }
  }
}

/** Field -> the numbers of this import's files that have a column for it. */
export async function columnsByFile(
  store: Store,
  importId: string,
  entity: EntityType,
): Promise<Map<string, number[]>> {
  const files = await store.db
    .selectFrom('intake_import_file')
    .select(['file_no', 'mapping'])
    .where('import_id', '=', importId)
    .where('entity', '=', entity.qualified)
    .execute();
  const out = new Map<string, number[]>();
  for (const f of files) {
    const mapping = readJson<{ columns?: { field?: string | null }[] }>(f.mapping);
    for (const c of mapping.columns ?? []) {
      if (!c.field) continue;
      out.set(c.field, [...(out.get(c.field) ?? []), Number(f.file_no)]);
    }
  }
  return out;
}

/**
 * SQL: staged row `s` clears `field` of stored record `t`: its cell is empty, in a file
 * that has the column, and the stored value is not.
 */
export function clears(
  s: string,
  field: string,
  files: number[] | undefined,
): RawBuilder<unknown> | undefined {
  if (!files?.length) return undefined;
  return sql`(${sql.ref(`${s}.${field}`)} IS NULL AND ${sql.ref(`t.${field}`)} IS NOT NULL AND ${sql.ref(`${s}.file_no`)} IN (${sql.join(files)}))`;
}

/** SQL: the planned `changed` list of staged row `s` names `field`. */
export function listsChange(s: string, field: string): RawBuilder<unknown> {
  return sql`(', ' || ${sql.ref(`${s}.changed`)}) LIKE ${`%, ${field}, %`}`;
}

/** The fields this import clears, each with the files whose empty cells clear it. */
export async function clearing(c: PlanContext): Promise<Map<string, number[]>> {
  const fields = clearableFields(c.entity, c.options, c.match?.name);
  if (fields.length === 0) return new Map();
  const columns = await columnsByFile(c.store, c.importId, c.entity);
  return new Map(fields.map((f) => [f, columns.get(f) ?? []]));
}
