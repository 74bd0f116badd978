import { sql } from 'kysely';
import { uniqueFields } from '../../core/schema.js';
import { stageTable } from '../names.js';
import { text, type PlanContext } from './context.js';

/**
 * Duplicates of a unique field inside the import (SPEC V2). Every row sharing a value
 * is refused and told how many rows share it and the first line; with the "file"
 * policy every other row of the files concerned is refused too. With the "merge"
 * policy, rows that are identical in every field are one: the first stays, the others
 * are skipped, naming it (INTAKE_W_DUPLICATE_MERGED); only rows that share a value
 * with different values elsewhere are refused.
 */
export async function checkDuplicates(c: PlanContext): Promise<void> {
  const s = stageTable(c.entity);
  const merge = c.options.duplicates === 'merge';
  // What a row says: every field and its custom fields, empty cells included.
  const said = (alias: string) =>
    sql.join(
      [...c.entity.fields.map((f) => f.name), 'custom'].map(
        (f) => sql`coalesce(${text(sql.ref(`${alias}.${f}`))}, '\u0001')`,
      ),
      sql` || '\u0002' || `,
    );
  for (const f of uniqueFields(c.entity)) {
    const v = sql.ref(`s.${f.name}`);
    // How many versions a shared value has matters to merge only: spelling out every
    // row of every group costs most of this statement.
    const versions = merge ? sql`count(DISTINCT ${said(s)})` : sql`1`;
    const groups = sql`(SELECT ${sql.id(f.name)} AS v, count(*) AS n, min(line) AS first_line,
              min(row_no) AS first_row, ${versions} AS versions
            FROM ${sql.id(s)} WHERE import_id = ${c.importId} AND ${sql.id(f.name)} IS NOT NULL
            GROUP BY ${sql.id(f.name)} HAVING count(*) > 1) d`;
    await sql`
      INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
      SELECT s.import_id, s.row_no, ${f.name}, 'INTAKE_E_DUPLICATE_IN_FILE',
             ${`${f.label} "`} || ${text(v)} || '" is on ' || ${text(sql.ref('d.n'))} || ' rows of the import'
               || ${merge ? sql`' with different values'` : sql`''`}
               || ' (first on line ' || ${text(sql.ref('d.first_line'))} || ')',
             ${text(v)}
      FROM ${sql.id(s)} s JOIN ${groups} ON d.v = ${v}
      WHERE s.import_id = ${c.importId} ${merge ? sql`AND d.versions > 1` : sql``}`.execute(
      c.store.db,
    );
    if (!merge) continue;
    await sql`
      INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
      SELECT s.import_id, s.row_no, ${f.name}, 'INTAKE_W_DUPLICATE_MERGED',
             'the same as the row on line ' || ${text(sql.ref('d.first_line'))} || ', which is kept',
             ${text(v)}
      FROM ${sql.id(s)} s JOIN ${groups} ON d.v = ${v}
      WHERE s.import_id = ${c.importId} AND d.versions = 1 AND s.row_no <> d.first_row
        AND NOT EXISTS (SELECT 1 FROM intake_issue i WHERE i.import_id = s.import_id
                          AND i.row_no = s.row_no AND i.code = 'INTAKE_W_DUPLICATE_MERGED')`.execute(
      c.store.db,
    );
  }
  if (c.options.duplicates !== 'file') return;
  await sql`
    INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
    SELECT s.import_id, s.row_no, NULL, 'INTAKE_E_FILE_REJECTED',
           'the whole file is refused because it holds duplicate values (duplicate policy: file)', NULL
    FROM ${sql.id(s)} s
    WHERE s.import_id = ${c.importId}
      AND s.file_no IN (SELECT x.file_no FROM ${sql.id(s)} x JOIN intake_issue i
                          ON i.import_id = x.import_id AND i.row_no = x.row_no
                        WHERE x.import_id = ${c.importId} AND i.code = 'INTAKE_E_DUPLICATE_IN_FILE')
      AND NOT EXISTS (SELECT 1 FROM intake_issue i WHERE i.import_id = s.import_id AND i.row_no = s.row_no
                        AND i.code = 'INTAKE_E_DUPLICATE_IN_FILE')`.execute(c.store.db);
}
