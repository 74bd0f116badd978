import { DateColumnProfile } from '../fields/date-parts.js';
import type { EntityType } from '../schema.js';
import type { ColumnFacts } from './clean.js';
import type { Mapping } from './map.js';

/**
 * Pass one over a sheet: facts that need the whole column before any row is
 * cleaned. Today that is the day/month order of date columns (SPEC V4: inferred from
 * the whole column, flagged when it cannot be). Constant memory: counters only.
 */
export class ColumnProfiler {
  private readonly dates: { field: string; column: number; profile: DateColumnProfile }[];

  constructor(entity: EntityType, mapping: Mapping, today: string) {
    this.dates = entity.fields
      .filter((f) => f.type === 'date' || f.type === 'datetime')
      .flatMap((f) => {
        const column = mapping.columns.find((c) => c.field === f.name)?.index;
        return column === undefined
          ? []
          : [{ field: f.name, column, profile: new DateColumnProfile(today) }];
      });
  }

  add(cells: string[]): void {
    for (const d of this.dates) {
      const text = cells[d.column]?.trim();
      if (text) d.profile.add(text.split(/[ T]/)[0]!);
    }
  }

  facts(): ColumnFacts {
    const dateOrders: ColumnFacts['dateOrders'] = {};
    for (const d of this.dates) dateOrders[d.field] = d.profile.order();
    return { dateOrders };
  }
}
