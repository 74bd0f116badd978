import type { Registry } from '../core/registry.js';
import type { Store } from '../store/connect.js';
import { askingRows, refuseAsking, takenNumbers } from '../store/generate.js';
import { GeneratedFile, type GenerateRequest, type Generated } from './generated-file.js';

/**
 * Record generation (schema.ts `Generates`: "to auto-generate the cards for the series
 * set Card Generation Enabled"): once every file is staged, each staged row that asks
 * for records gets them, as rows of a generated file (generated-file.ts). A series is
 * topped up to its count: imported again, it makes nothing new.
 */

/** Numbers are checked for collisions this many at a time. */
const BATCH = 1000;

export async function generateRecords(
  store: Store,
  registry: Registry,
  req: GenerateRequest,
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
    const file = new GeneratedFile(
      store,
      req.importId,
      target,
      fileName,
      fileNo,
      [
        target.numbering!.field,
        target.numbering!.by,
        ...Object.keys(g.copy),
        ...Object.keys(g.set),
      ],
      rowNo,
    );
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
        const free = batch.filter((num) => !taken.has(num));
        await file.add(
          free.map((num) => ({
            line: a.line,
            cells: {
              [target.numbering!.field]: num,
              [target.numbering!.by]: a.key,
              ...Object.fromEntries(
                Object.entries(g.copy).map(([to, own]) => [to, a.values[own] ?? null]),
              ),
              ...g.set,
            },
          })),
        );
        left -= free.length;
      }
    }
    rowNo = file.nextRowNo;
    const result = await file.close();
    if (!result) continue;
    out.push({ entity: target, rows: file.rows, file: result });
    fileNo++;
  }
  return out;
}
