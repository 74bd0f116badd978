import { z } from 'zod';
import type { CleanRow, Correction } from './clean.js';
import type { Mapping } from './map.js';

/**
 * The user's own fixes of an import's cells, made in the review (issue 17): kept in the
 * import's options, so they are laid over the files at every validation, listed among
 * the corrections (rules `user_edit`, `user_replace`, `user_fix`) and named in the
 * audit with the replay that made them. Three kinds:
 * - edit: one cell, by its file, line and column;
 * - replace: text in a column, everywhere (`whole`: only cells that read exactly so);
 * - problem: every cell of a field refused for one cleaning problem is set to a value,
 *   or cleared (`value: null`);
 * - value: a field's value as the files write it, read as one the field accepts (an
 *   option's own word: `Gold Member` is `Gold`), in whatever column the field comes from.
 */
export const FIX_RULES = {
  edit: 'user_edit',
  replace: 'user_replace',
  problem: 'user_fix',
  value: 'user_value',
};

/** Problems the cleaner finds in one cell: the ones a `problem` fix can answer. */
export const CELL_CODES = [
  'INTAKE_E_CONTROL_CHAR',
  'INTAKE_E_DATE',
  'INTAKE_E_DATE_AMBIGUOUS',
  'INTAKE_E_DATE_FUTURE',
  'INTAKE_E_EMAIL',
  'INTAKE_E_ENUM',
  'INTAKE_E_MAX_LENGTH',
  'INTAKE_E_PATTERN',
  'INTAKE_E_PHONE',
  'INTAKE_E_TYPE',
] as const;

export const fixSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('edit'),
    file: z.string().min(1),
    line: z.number().int().min(1),
    column: z.string(),
    value: z.string().max(100_000),
  }),
  z.strictObject({
    kind: z.literal('replace'),
    column: z.string(),
    file: z.string().min(1).optional(),
    find: z.string().min(1),
    replace: z.string(),
    whole: z.boolean().optional(),
  }),
  z.strictObject({
    kind: z.literal('value'),
    field: z.string().min(1),
    from: z.string().min(1),
    to: z.string(),
  }),
  z.strictObject({
    kind: z.literal('problem'),
    field: z.string().min(1),
    code: z.enum(CELL_CODES),
    file: z.string().min(1).optional(),
    value: z.string().nullable(),
  }),
]);

export type Fix = z.infer<typeof fixSchema>;

/** A file's fixes, by column index, ready for its rows. */
export interface FileFixes {
  /** line -> [column, value] */
  edits: Map<number, [number, string][]>;
  replaces: { column: number; find: string; replace: string; whole: boolean; rule: string }[];
  /** column -> code -> value ('' clears) */
  problems: Map<number, Map<string, string>>;
  /** column -> the field (or header) a correction names */
  names: string[];
}

/** The fixes that concern one file, or undefined when none does. */
export function fileFixes(
  fixes: readonly Fix[] | undefined,
  file: string,
  mapping: Mapping,
): FileFixes | undefined {
  if (!fixes?.length) return undefined;
  const columnOf = (header: string) => mapping.columns.find((c) => c.header === header)?.index;
  const fieldColumn = (field: string) => mapping.columns.find((c) => c.field === field)?.index;
  const out: FileFixes = { edits: new Map(), replaces: [], problems: new Map(), names: [] };
  for (const c of mapping.columns) out.names[c.index] = c.field ?? c.header;
  let any = false;
  for (const f of fixes) {
    if ('file' in f && f.file !== undefined && f.file !== file) continue;
    if (f.kind === 'edit') {
      const column = columnOf(f.column);
      if (column === undefined) continue;
      out.edits.set(f.line, [...(out.edits.get(f.line) ?? []), [column, f.value]]);
    } else if (f.kind === 'replace') {
      const column = columnOf(f.column);
      if (column === undefined) continue;
      out.replaces.push({
        column,
        find: f.find,
        replace: f.replace,
        whole: f.whole === true,
        rule: FIX_RULES.replace,
      });
    } else if (f.kind === 'value') {
      const column = fieldColumn(f.field);
      if (column === undefined) continue;
      out.replaces.push({
        column,
        find: f.from,
        replace: f.to,
        whole: true,
        rule: FIX_RULES.value,
      });
    } else {
      const column = fieldColumn(f.field);
      if (column === undefined) continue;
      const byCode = out.problems.get(column) ?? new Map<string, string>();
      byCode.set(f.code, f.value ?? '');
      out.problems.set(column, byCode);
    }
    any = true;
  }
  return any ? out : undefined;
}

/**
 * The edits and replacements of one row, made in `cells` (a copy is the caller's
 * affair), each said as a correction.
 */
export function fixCells(fx: FileFixes, line: number, cells: string[]): Correction[] {
  const said: Correction[] = [];
  const set = (column: number, to: string, rule: string) => {
    const from = cells[column] ?? '';
    if (from === to) return;
    while (cells.length <= column) cells.push('');
    cells[column] = to;
    said.push({ field: fx.names[column] ?? String(column), from, to, rule });
  };
  for (const r of fx.replaces) {
    const cell = cells[r.column] ?? '';
    // A value fix reads the cell as the cleaner will: without its surrounding blanks.
    const text = r.rule === FIX_RULES.value ? cell.trim() : cell;
    if (r.whole ? text === r.find : cell.includes(r.find)) {
      set(r.column, r.whole ? r.replace : cell.split(r.find).join(r.replace), r.rule);
    }
  }
  // An edit of the cell itself comes last: it is what the user saw and typed.
  for (const [column, value] of fx.edits.get(line) ?? []) set(column, value, FIX_RULES.edit);
  return said;
}

/**
 * The problem fixes a cleaned row calls for, made in `cells`: the corrections, or
 * none when the row has no problem a fix answers (then it need not be cleaned again).
 */
export function fixProblems(fx: FileFixes, result: CleanRow, cells: string[]): Correction[] {
  if (fx.problems.size === 0 || result.issues.length === 0) return [];
  const said: Correction[] = [];
  for (const [column, byCode] of fx.problems) {
    const field = fx.names[column];
    const issue = result.issues.find((i) => i.field === field && byCode.has(i.code));
    if (!issue) continue;
    const to = byCode.get(issue.code)!;
    const from = cells[column] ?? '';
    if (from === to) continue;
    cells[column] = to;
    said.push({ field: field!, from, to, rule: FIX_RULES.problem });
  }
  return said;
}
