import { sql } from 'kysely';
import { IntakeError } from '../../core/codes.js';
import type { ImportOptions } from '../../core/options.js';
import { uniqueFields, type EntityType } from '../../core/schema.js';
import type { Registry } from '../../core/registry.js';
import { stageTable } from '../names.js';
import { PLAN_SEQ, targetKeys, targetWords, text, type PlanContext } from './context.js';

/**
 * References by any identifier (issue 13): a reference stores the identifier its pack
 * declares (a store's code), but a file may name the target by another of its
 * identifiers (the store's external id), chosen per import or template:
 * `--lookup join_store=external_id`. Before any other check, each such value is
 * replaced by the declared identifier of the record it names, stored or in this
 * import, and the replacement is recorded as a correction; a value that names no
 * record is refused, in the words of the lookup.
 */

/** Corrections the plan makes come after the cleaner's (seq 0, 1...) and reference defaults'. */
const LOOKUP_SEQ = 2 * PLAN_SEQ;

/**
 * A lookup that names no reference field, or no identifier of the target of any imported
 * type's field of that name: said up front.
 */
export function checkLookups(
  registry: Registry,
  entities: EntityType[],
  options: Pick<ImportOptions, 'lookup'>,
): void {
  for (const [field, by] of Object.entries(options.lookup ?? {})) {
    const fields = entities.flatMap((e) => e.fields).filter((x) => x.name === field && x.reference);
    if (fields.length === 0) {
      throw new IntakeError(
        'INTAKE_E_FIELD_UNKNOWN',
        `--lookup ${field}=${by}: no imported entity type has a reference field "${field}"`,
      );
    }
    const targets = fields.map((f) => registry.get(f.reference!.entity));
    const usable = (t: EntityType) => [...uniqueFields(t).map((x) => x.name), ...t.lookups];
    if (!targets.some((t) => usable(t).includes(by))) {
      const ids = usable(targets[0]!);
      throw new IntakeError(
        'INTAKE_E_FIELD_UNKNOWN',
        `--lookup ${field}=${by}: "${by}" is not an identifier of ${targets[0]!.qualified} (use one of ${ids.join(', ')})`,
      );
    }
  }
}

export async function resolveLookups(c: PlanContext): Promise<void> {
  for (const f of c.entity.fields) {
    const by = c.options.lookup?.[f.name];
    const ref = f.reference;
    // A lookup named for another type's field of the same name is not this one's.
    if (!by || !ref || by === ref.field) continue;
    if (!ref.identifiers?.some((i) => i.field === by) && !ref.lookups?.includes(by)) continue;
    const s = stageTable(c.entity);
    const target = sql.id(ref.table!);
    const value = sql.ref(`s.${f.name}`);
    // The declared identifiers of the records it names, stored or staged by this import
    // (one record stored and staged again counts once). A lookup by a field that is not
    // unique may find several.
    // A scoped reference (a workflow status of the row's inventory) looks in its scope.
    const inScope = (a: string) =>
      f.scopedBy
        ? sql`AND CAST(${sql.ref(`${a}.${f.scopedBy}`)} AS text) = CAST(${sql.ref(`s.${f.scopedBy}`)} AS text)`
        : sql``;
    const candidates = targetKeys(
      c,
      ref,
      (a) => sql`CAST(${sql.ref(`${a}.${by}`)} AS text) = ${value}
        AND ${sql.ref(`${a}.${ref.field}`)} IS NOT NULL ${inScope(a)}`,
    );
    const found = sql`(SELECT CASE WHEN count(*) = 1 THEN min(k.k) END FROM ${candidates})`;
    const many = sql`(SELECT count(*) FROM ${candidates})`;
    const what = targetWords(ref);
    const scope = f.scopedBy && c.entity.fields.find((x) => x.name === f.scopedBy);
    const scopeWords = scope
      ? sql`${` of ${scope.label.toLowerCase()} "`} || coalesce(${text(sql.ref(`s.${scope.name}`))}, '') || '"'`
      : sql`''`;
    await sql`
      INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
      SELECT s.import_id, s.row_no, ${f.name}, 'INTAKE_E_REFERENCE_AMBIGUOUS',
             ${`${f.label}: `} || CAST(${many} AS text) || ${` records of ${what} have ${by} "`} || ${text(value)}
               || ${`"; name it by ${ref.field} instead`},
             ${text(value)}
      FROM ${sql.id(s)} s
      WHERE s.import_id = ${c.importId} AND ${value} IS NOT NULL AND ${many} > 1`.execute(
      c.store.db,
    );
    // Found, but without the identifier references store: said as such.
    const keyless = sql`EXISTS (SELECT 1 FROM ${target} t
      WHERE t.workspace_id = ${c.workspace} AND CAST(${sql.ref(`t.${by}`)} AS text) = ${value}
        AND ${sql.ref(`t.${ref.field}`)} IS NULL ${inScope('t')})`;
    await sql`
      INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
      SELECT s.import_id, s.row_no, ${f.name}, 'INTAKE_E_REFERENCE',
             CASE WHEN ${keyless}
               THEN ${`${f.label}: the ${what} with ${by} "`} || ${text(value)} || ${`" has no ${ref.field}, by which a ${c.entity.label.toLowerCase()} names it`}
               ELSE ${`${f.label}: no ${what} with ${by} "`} || ${text(value)} || '"' || ${scopeWords}
                 || ' is stored or in this import' END,
             ${text(value)}
      FROM ${sql.id(s)} s
      WHERE s.import_id = ${c.importId} AND ${value} IS NOT NULL AND ${many} = 0`.execute(
      c.store.db,
    );
    await sql`
      INSERT INTO intake_correction (import_id, row_no, seq, file_no, line, field, from_value, to_value, rule)
      SELECT s.import_id, s.row_no, ${LOOKUP_SEQ + c.entity.fields.indexOf(f)}, s.file_no, s.line,
             ${f.name}, ${text(value)}, ${text(found)}, ${`lookup_${by}`}
      FROM ${sql.id(s)} s
      WHERE s.import_id = ${c.importId} AND ${value} IS NOT NULL AND ${found} IS NOT NULL`.execute(
      c.store.db,
    );
    // Unresolved values are emptied: their row is refused above, and no later check
    // should read an external id as a code.
    await sql`
      UPDATE ${sql.id(s)} SET ${sql.id(f.name)} = (SELECT ${found} FROM ${sql.id(s)} s
        WHERE s.import_id = ${c.importId} AND s.row_no = ${sql.ref(`${s}.row_no`)})
      WHERE import_id = ${c.importId} AND ${sql.id(f.name)} IS NOT NULL`.execute(c.store.db);
  }
}
