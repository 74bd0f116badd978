import type { ImportOptions } from '../core/options.js';
import type { Registry } from '../core/registry.js';
import type { Inspection } from './inspect.js';

/**
 * What a draft's mapping leaves out that its import needs (SPEC J1, Rollouter's
 * "Incomplete"): a file needs an entity type (a ZIP or workbook needs one for some
 * member: the others are reported and left out, as validation does); rows that may create records
 * need a column for each required field without a default; rows matched to stored
 * records need a column for one of their identifiers. One line per gap, naming the
 * sheet; none when the draft can be validated.
 */
export function mappingGaps(
  registry: Registry,
  files: Inspection[],
  options: Partial<Pick<ImportOptions, 'mode' | 'exclude'>>,
): string[] {
  const excluded = new Set(options.exclude ?? []);
  const gaps: string[] = [];
  for (const file of files) {
    const kept = file.sheets.filter((s) => !excluded.has(s.name));
    if (kept.length > 0 && kept.every((s) => s.entity === 'UNKNOWN')) {
      gaps.push(`${file.file}: no entity type: choose one`);
    }
  }
  for (const sheet of files.flatMap((f) => f.sheets).filter((s) => !excluded.has(s.name))) {
    if (sheet.entity === 'UNKNOWN') continue;
    const entity = registry.get(sheet.entity);
    const mapped = new Set(sheet.mapping.map((m) => m.field).filter(Boolean));
    const mode = options.mode ?? entity.defaults.mode ?? 'upsert';
    const creates = mode === 'create' || mode === 'upsert';
    const matches = mode !== 'create';
    if (creates) {
      for (const f of entity.fields) {
        if (f.required && f.default === undefined && !mapped.has(f.name))
          gaps.push(`${sheet.name}: no column for ${f.label}, which ${entity.label} needs`);
      }
    }
    if (matches && !entity.identifiers.some((i) => mapped.has(i))) {
      const ids = entity.identifiers.map((i) => entity.fields.find((f) => f.name === i)!.label);
      gaps.push(
        `${sheet.name}: no column for an identifier of ${entity.label} (${ids.join(', ')})`,
      );
    }
  }
  return gaps;
}
