import { sql } from 'kysely';
import type { FieldDef } from '../../core/schema.js';
import { stageTable } from '../names.js';
import { text, type PlanContext } from './context.js';

/**
 * References must point to a record that is stored, or that this import writes
 * (a row of the referenced type that is not refused). Entity types are planned in
 * write order, so the referenced rows already have their outcome. With a default
 * for the field, an unknown reference is replaced and the correction recorded.
 */
export async function checkReferences(c: PlanContext): Promise<void> {
  for (const f of c.entity.fields) {
    if (!f.reference) continue;
    const fallback = c.options.referenceDefaults[f.name];
    if (fallback !== undefined) await replaceUnknown(c, f, fallback);
    await refuseUnknown(c, f);
  }
}

function unknown(c: PlanContext, f: FieldDef) {
  const ref = f.reference!;
  const value = sql.ref(`s.${f.name}`);
  const staged =
    c.imported.has(ref.entity) && ref.entity !== c.entity.qualified
      ? sql`AND NOT EXISTS (SELECT 1 FROM ${sql.id(stageTable({ table: ref.table! }))} x
                            WHERE x.import_id = ${c.importId} AND ${sql.ref(`x.${ref.field}`)} = ${value}
                              AND x.action IN ('create', 'update', 'unchanged'))`
      : sql``;
  return sql`s.import_id = ${c.importId} AND ${value} IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM ${sql.id(ref.table!)} t
                    WHERE t.workspace_id = ${c.workspace} AND ${sql.ref(`t.${ref.field}`)} = ${value})
    ${staged}`;
}

async function replaceUnknown(c: PlanContext, f: FieldDef, fallback: string): Promise<void> {
  const s = sql.id(stageTable(c.entity));
  await sql`
    INSERT INTO intake_correction (import_id, row_no, file_no, line, field, from_value, to_value, rule)
    SELECT s.import_id, s.row_no, s.file_no, s.line, ${f.name}, ${text(sql.ref(`s.${f.name}`))}, ${fallback}, 'reference_default'
    FROM ${s} s WHERE ${unknown(c, f)}`.execute(c.store.db);
  await sql`
    UPDATE ${s} SET ${sql.id(f.name)} = ${fallback}
    WHERE import_id = ${c.importId} AND row_no IN (SELECT s.row_no FROM ${s} s WHERE ${unknown(c, f)})`.execute(
    c.store.db,
  );
}

async function refuseUnknown(c: PlanContext, f: FieldDef): Promise<void> {
  const ref = f.reference!;
  const target = ref.entity.split('.')[1]!.replace(/_/g, ' ');
  await sql`
    INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
    SELECT s.import_id, s.row_no, ${f.name}, 'INTAKE_E_REFERENCE',
           ${`${f.label}: no ${target} with ${ref.field} "`} || ${text(sql.ref(`s.${f.name}`))} || '" is stored or imported without errors',
           ${text(sql.ref(`s.${f.name}`))}
    FROM ${sql.id(stageTable(c.entity))} s WHERE ${unknown(c, f)}`.execute(c.store.db);
}
