import { sql } from 'kysely';
import { DEFAULT_SEPARATOR } from '../core/fields/multienum.js';
import { OPTION_CREATED } from '../core/fields/enum.js';
import type { Registry } from '../core/registry.js';
import type { Store } from '../store/connect.js';
import { withWorkspaceValues } from '../store/labels.js';
import { stageTable } from '../store/names.js';
import { GeneratedFile, type GenerateRequest, type Generated } from './generated-file.js';

/**
 * "Create option if not exists" (`createMissingOptions`; Rollouter): a value outside
 * the options of a field whose options are records was taken by the cleaner, with a
 * correction `option_created`; once every file is staged, each such value becomes a
 * record of the options' type, as a row of a generated file at the line that first
 * used it, so the report lists every option the import adds and undo takes it back.
 */
export async function createMissingOptions(
  store: Store,
  registry: Registry,
  req: GenerateRequest,
): Promise<Generated[]> {
  const out: Generated[] = [];
  let rowNo = req.firstRowNo;
  let fileNo = req.firstFileNo;
  for (const { entity, fileName } of req.types) {
    const current = await withWorkspaceValues(store, req.workspace, req.importId, entity);
    for (const f of current.fields.filter((x) => x.optionsFrom)) {
      const target = registry.get(f.optionsFrom!.entity);
      const known = new Set((f.options ?? []).map((o) => o.toLowerCase()));
      const rows = await sql<{ value: string; line: number }>`
        SELECT c.to_value AS value, min(c.line) AS line FROM intake_correction c
        WHERE c.import_id = ${req.importId} AND c.field = ${f.name} AND c.rule = ${OPTION_CREATED}
          AND c.row_no IN (SELECT row_no FROM ${sql.id(stageTable(entity))}
                           WHERE import_id = ${req.importId})
        GROUP BY c.to_value ORDER BY 2`.execute(store.db);
      // A multi-selection's cell holds several values: each unknown one is an option.
      // Each spelling is one (what the rows store is always an option).
      const separator = f.type === 'multienum' ? (f.separator ?? DEFAULT_SEPARATOR) : undefined;
      const fresh = new Map<string, number>();
      for (const r of rows.rows) {
        const values = separator ? r.value.split(separator) : [r.value];
        for (const v of values) {
          if (!known.has(v.toLowerCase()) && !fresh.has(v)) fresh.set(v, Number(r.line));
        }
      }
      if (fresh.size === 0) continue;
      const value = f.optionsFrom!.value;
      const file = new GeneratedFile(store, req.importId, target, fileName, fileNo, [value], rowNo);
      await file.add([...fresh].map(([v, line]) => ({ line, cells: { [value]: v } })));
      rowNo = file.nextRowNo;
      const result = await file.close();
      if (result) out.push({ entity: target, rows: file.rows, file: result });
      fileNo++;
    }
  }
  return out;
}
