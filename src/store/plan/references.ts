import { sql, type RawBuilder } from 'kysely';
import type { FieldDef } from '../../core/schema.js';
import { stageTable } from '../names.js';
import { PLAN_SEQ, targetWords, text, type PlanContext, type RowsContext } from './context.js';
import { whereAndWhy } from './hierarchy.js';

/**
 * References must point to a record that is stored, or that this import writes
 * (a row of the referenced type that is not refused). Entity types are planned in
 * write order, so the rows of referenced types already have their outcome; a row
 * that names a refused one is refused with that row's place and reason, which
 * spells out the whole chain when that reason was a refused reference too. With a
 * default for the field, an unknown reference is replaced and the correction
 * recorded. A reference to the row's own type (a parent) only needs the row to be
 * in the import here: the tree step decides the rest once every row is checked.
 */
export async function checkReferences(c: PlanContext): Promise<void> {
  for (const f of c.entity.fields) {
    if (!f.reference) continue;
    const fallback = c.options.referenceDefaults[f.name];
    if (fallback !== undefined) await replaceUnknown(c, f, fallback);
    await refuseMissing(c, f);
    if (!self(c, f)) await refuseRefused(c, f);
  }
}

/** After the plan: rows whose referenced row the database refused at commit. */
export async function refuseReferencesToRefused(c: RowsContext): Promise<void> {
  for (const f of c.entity.fields) {
    if (f.reference && !self(c, f)) await refuseRefused(c, f);
  }
}

const self = (c: RowsContext, f: FieldDef) => f.reference!.entity === c.entity.qualified;

function notStored(c: RowsContext, f: FieldDef): RawBuilder<unknown> {
  const ref = f.reference!;
  return sql`NOT EXISTS (SELECT 1 FROM ${sql.id(ref.table!)} t
                         WHERE t.workspace_id = ${c.workspace}
                           AND ${sql.ref(`t.${ref.field}`)} = ${sql.ref(`s.${f.name}`)})`;
}

/** Some row of the referenced type in this import has the value (`live`: one not refused). */
function imported(c: RowsContext, f: FieldDef, live: boolean): RawBuilder<unknown> {
  const ref = f.reference!;
  if (!c.imported.has(ref.entity)) return sql`1 = 0`;
  return sql`EXISTS (SELECT 1 FROM ${sql.id(stageTable({ table: ref.table! }))} x
                     WHERE x.import_id = ${c.importId}
                       AND ${sql.ref(`x.${ref.field}`)} = ${sql.ref(`s.${f.name}`)}
                       ${live ? sql`AND x.action IN ('create', 'update', 'unchanged')` : sql``})`;
}

const given = (c: RowsContext, f: FieldDef) =>
  sql`s.import_id = ${c.importId} AND ${sql.ref(`s.${f.name}`)} IS NOT NULL`;

/** Neither stored nor written by this import. */
function unknown(c: PlanContext, f: FieldDef): RawBuilder<unknown> {
  return sql`${given(c, f)} AND ${notStored(c, f)} AND NOT ${imported(c, f, !self(c, f))}`;
}

async function replaceUnknown(c: PlanContext, f: FieldDef, fallback: string): Promise<void> {
  const s = sql.id(stageTable(c.entity));
  await sql`
    INSERT INTO intake_correction (import_id, row_no, seq, file_no, line, field, from_value, to_value, rule)
    SELECT s.import_id, s.row_no, ${PLAN_SEQ + c.entity.fields.indexOf(f)}, s.file_no, s.line, ${f.name}, ${text(sql.ref(`s.${f.name}`))}, ${fallback}, 'reference_default'
    FROM ${s} s WHERE ${unknown(c, f)}`.execute(c.store.db);
  await sql`
    UPDATE ${s} SET ${sql.id(f.name)} = ${fallback}
    WHERE import_id = ${c.importId} AND row_no IN (SELECT s.row_no FROM ${s} s WHERE ${unknown(c, f)})`.execute(
    c.store.db,
  );
}

async function refuseMissing(c: PlanContext, f: FieldDef): Promise<void> {
  const ref = f.reference!;
  const value = text(sql.ref(`s.${f.name}`));
  await sql`
    INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
    SELECT s.import_id, s.row_no, ${f.name}, 'INTAKE_E_REFERENCE',
           ${`${f.label}: no ${targetWords(f.reference!)} with ${ref.field} "`} || ${value} || '" is stored or in this import',
           ${value}
    FROM ${sql.id(stageTable(c.entity))} s
    WHERE ${given(c, f)} AND ${notStored(c, f)} AND NOT ${imported(c, f, false)}`.execute(
    c.store.db,
  );
}

/** The referenced record is only in this import, and refused there. */
async function refuseRefused(c: RowsContext, f: FieldDef): Promise<void> {
  const ref = f.reference!;
  if (!c.imported.has(ref.entity)) return;
  const rs = sql.id(stageTable({ table: ref.table! }));
  const value = text(sql.ref(`s.${f.name}`));
  await sql`
    INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
    SELECT s.import_id, s.row_no, ${f.name}, 'INTAKE_E_REFERENCE_REFUSED',
           ${`${f.label}: ${targetWords(f.reference!)} "`} || ${value} || '" is refused (' || ${whereAndWhy(c, 'r')} || ')',
           ${value}
    FROM ${sql.id(stageTable(c.entity))} s
    JOIN ${rs} r ON r.import_id = ${c.importId}
      AND r.row_no = (SELECT min(x.row_no) FROM ${rs} x
                      WHERE x.import_id = ${c.importId} AND ${sql.ref(`x.${ref.field}`)} = ${sql.ref(`s.${f.name}`)})
    LEFT JOIN intake_import_file fl ON fl.import_id = ${c.importId} AND fl.file_no = r.file_no
    WHERE ${given(c, f)} AND ${notStored(c, f)} AND NOT ${imported(c, f, true)}`.execute(
    c.store.db,
  );
}
