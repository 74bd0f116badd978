import { sql } from 'kysely';
import { uniqueFields } from '../../core/schema.js';
import { stageTable } from '../names.js';
import { text, type PlanContext } from './context.js';

/**
 * Duplicates of a unique field inside the import (SPEC V2). Every row sharing a value
 * is refused and told how many rows share it and the first line; with the "file"
 * policy every other row of the files concerned is refused too.
 */
export async function checkDuplicates(c: PlanContext): Promise<void> {
  const s = stageTable(c.entity);
  for (const f of uniqueFields(c.entity)) {
    const v = sql.ref(`s.${f.name}`);
    await sql`
      INSERT INTO intake_issue (import_id, row_no, field, code, message, value)
      SELECT s.import_id, s.row_no, ${f.name}, 'INTAKE_E_DUPLICATE_IN_FILE',
             ${`${f.label} "`} || ${text(v)} || '" is on ' || ${text(sql.ref('d.n'))} || ' rows of the import (first on line ' || ${text(sql.ref('d.first_line'))} || ')',
             ${text(v)}
      FROM ${sql.id(s)} s
      JOIN (SELECT ${sql.id(f.name)} AS v, count(*) AS n, min(line) AS first_line
            FROM ${sql.id(s)} WHERE import_id = ${c.importId} AND ${sql.id(f.name)} IS NOT NULL
            GROUP BY ${sql.id(f.name)} HAVING count(*) > 1) d ON d.v = ${v}
      WHERE s.import_id = ${c.importId}`.execute(c.store.db);
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
