import { sql, type RawBuilder } from 'kysely';
import { stageTable } from '../names.js';
import { clears } from './clear.js';
import { verifiedFields } from './verify.js';
import { text, type PlanContext } from './context.js';

/**
 * For rows matched to a stored record: which fields would change. An empty cell
 * changes a stored value only where the import clears empty cells (`clearing`: field
 * -> files with its column); custom fields are laid over the stored ones. The
 * result, a list like "email, slab", is kept on the staged row for the plan and the
 * outcome report. With an allow-list (--update-fields), a change to any other field
 * refuses the row (SPEC V3: a change the template forbids).
 */
/** SQL for the comma list of fields that differ between the staged row and stored `t`. */
export function changedFields(
  c: PlanContext,
  clearing: Map<string, number[]> = new Map(),
): RawBuilder<unknown> {
  const s = stageTable(c.entity);
  const p = c.store.profile;
  const differs = (field: string) => {
    const set = sql`(${sql.ref(`${s}.${field}`)} IS NOT NULL AND ${p.distinct(sql.ref(`${s}.${field}`), sql.ref(`t.${field}`))})`;
    const cleared = clears(s, field, clearing.get(field));
    return cleared ? sql`(${set} OR ${cleared})` : set;
  };
  const customDiffers = sql`(${sql.ref(`${s}.custom`)} IS NOT NULL AND ${p.distinct(
    p.jsonMerge(sql.ref('t.custom'), sql.ref(`${s}.custom`)),
    p.dialect === 'sqlite'
      ? sql`json(coalesce(t.custom, '{}'))`
      : sql`coalesce(t.custom, '{}'::jsonb)`,
  )})`;
  const verified = new Set(verifiedFields(c.entity, c.options));
  const parts = [
    ...c.entity.fields
      .filter((f) => !verified.has(f.name))
      .map((f) => sql`CASE WHEN ${differs(f.name)} THEN ${`${f.name}, `} ELSE '' END`),
    sql`CASE WHEN ${customDiffers} THEN 'custom, ' ELSE '' END`,
  ];
  return sql`(${sql.join(parts, sql` || `)})`;
}

export async function checkUpdatable(c: PlanContext): Promise<void> {
  const s = stageTable(c.entity);
  const allowed = c.options.updateFields;
  if (!allowed || c.options.mode === 'create') return;
  for (const f of [...c.entity.fields.map((f) => f.name), 'custom']) {
    if (allowed.includes(f) || f === c.match?.name) continue;
    const label = c.entity.fields.find((x) => x.name === f)?.label ?? 'Custom fields';
    await sql`
      INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
      SELECT import_id, row_no, ${f}, 'INTAKE_E_NOT_UPDATABLE',
             ${`${label} would change, and this import may only update: ${allowed.join(', ')}`},
             ${f === 'custom' ? sql`NULL` : text(sql.id(f))}
      FROM ${sql.id(s)}
      WHERE import_id = ${c.importId} AND action = 'update' AND changed LIKE ${`%${f}, %`}`.execute(
      c.store.db,
    );
  }
}
