import type { Registry } from '../core/registry.js';
import type { EntityType, Value } from '../core/schema.js';
import type { Store } from '../store/connect.js';
import { askingRows, refuseAsking, takenNumbers } from '../store/generate.js';
import { addImportFile } from '../store/imports.js';
import { stageChunk, type StagedRow } from '../store/stage.js';
import type { FileResult } from './import-types.js';

/**
 * Record generation (schema.ts `Generates`: "to auto-generate the cards for the series
 * set Card Generation Enabled"): once every file is staged, each staged row that asks
 * for records gets them, staged as rows of their own type in a file of their own
 * ("card-series.generated-card.csv"), so the plan checks them and the reports
 * list them, row by row, like any other. A series is topped up to its count: imported
 * again, it makes nothing new.
 */

/** Numbers are checked for collisions this many at a time. */
const BATCH = 1000;

export interface Generated {
  entity: EntityType;
  file: FileResult;
  rows: number;
}

export async function generateRecords(
  store: Store,
  registry: Registry,
  req: {
    importId: string;
    workspace: string;
    /** The import's types that may generate, with the file name of their rows. */
    types: { entity: EntityType; fileName: string }[];
    firstRowNo: number;
    firstFileNo: number;
  },
): Promise<Generated[]> {
  const c = { store, importId: req.importId, workspace: req.workspace };
  const out: Generated[] = [];
  let rowNo = req.firstRowNo;
  let fileNo = req.firstFileNo;
  for (const { entity: series, fileName } of req.types) {
    const g = series.generates;
    if (!g) continue;
    const target = registry.get(g.entity);
    const asking = await askingRows(c, series, target);
    const header = [
      target.numbering!.field,
      target.numbering!.by,
      ...Object.keys(g.copy),
      ...Object.keys(g.set),
    ];
    let made = 0;
    for (const a of asking) {
      const width = a.length === null ? 0 : a.length - a.prefix.length - a.suffix.length;
      const need = a.count - a.have;
      if (need <= 0) continue;
      const countLabel = series.fields.find((f) => f.name === g.count)!.label;
      if (a.length === null || width < 1) {
        await refuseAsking(
          c,
          a.rowNo,
          g.count,
          a.length === null
            ? `${countLabel}: ${target.label.toLowerCase()} numbers cannot be made without a length`
            : `${countLabel}: a length of ${a.length} leaves no room for a sequence between "${a.prefix}" and "${a.suffix}"`,
        );
        continue;
      }
      const limit = 10n ** BigInt(width);
      let next = a.highest === null ? 1n : BigInt(a.highest) + 1n;
      const shortage = () =>
        refuseAsking(
          c,
          a.rowNo,
          g.count,
          `${countLabel}: ${need} more ${target.label.toLowerCase()} numbers are needed, and ${a.key} has fewer left (${width} digits between "${a.prefix}" and "${a.suffix}")`,
        );
      if (limit - next < BigInt(need)) {
        await shortage();
        continue;
      }
      // Batch by batch, skipping numbers taken (by another series with the same form):
      // never the whole series in memory.
      let left = need;
      while (left > 0) {
        if (next >= limit) {
          // Taken numbers used up the room: the series is refused, and its records
          // staged so far with it (they reference it).
          await shortage();
          break;
        }
        const batch: string[] = [];
        for (; batch.length < Math.min(BATCH, left) && next < limit; next++) {
          batch.push(`${a.prefix}${next.toString().padStart(width, '0')}${a.suffix}`);
        }
        const taken = await takenNumbers(c, target, batch);
        const rows = batch
          .filter((num) => !taken.has(num))
          .map((num): StagedRow => {
            const cells: Record<string, Value | null> = {
              [target.numbering!.field]: num,
              [target.numbering!.by]: a.key,
              ...Object.fromEntries(
                Object.entries(g.copy).map(([to, own]) => [to, a.values[own] ?? null]),
              ),
              ...g.set,
            };
            return {
              rowNo: rowNo++,
              fileNo,
              line: a.line,
              values: target.fields.map((f) => cells[f.name] ?? null),
              custom: null,
              raw: header.map((h) => (cells[h] == null ? '' : String(cells[h]))),
              missing: [],
              // Made to be new, whatever the import's operation.
              op: 'create',
              issues: [],
              corrections: [],
            };
          });
        await stageChunk(store, target, req.importId, rows);
        left -= rows.length;
        made += rows.length;
      }
    }
    if (made === 0) continue;
    // Named like a file, for the reports: card-series.generated-card.csv.
    const name = `${fileName.replace(/\.[^.]*$/, '')}.generated-${target.name.replace(/_/g, '-')}.csv`;
    const mapping = header.map((h) => ({ header: h, field: h, method: 'exact', confidence: 1 }));
    const facts = { name, encoding: 'utf-8', delimiter: ',', headerLine: 1, warnings: [] };
    await addImportFile(store, {
      importId: req.importId,
      fileNo,
      name,
      entity: target.qualified,
      facts,
      header,
      mapping: { columns: mapping.map((m, index) => ({ ...m, index })), custom: [] },
      rows: made,
    });
    out.push({
      entity: target,
      rows: made,
      file: {
        ...facts,
        entity: target.qualified,
        rows: made,
        mapping,
        unmapped: [],
        dateOrders: {},
      },
    });
    fileNo++;
  }
  return out;
}
