import type { Code } from '../core/codes.js';
import { resolveOptions, type ImportOptions } from '../core/options.js';
import { makeRowCleaner } from '../core/pipeline/clean.js';
import type { Mapping } from '../core/pipeline/map.js';
import { ColumnProfiler } from '../core/pipeline/profile.js';
import type { EntityType } from '../core/schema.js';
import type { RowChunk } from '../sources/sheet.js';
import { withWorkspaceValues } from '../store/labels.js';
import type { ImportContext } from './import-context.js';
import { lookupsOf } from './import-inputs.js';

/** One problem of a row, where it is: its line, its column, and how to read it. */
export interface FirstProblem {
  line: number;
  /** The file's column, and the field it maps onto (none: the row as a whole). */
  column: string | null;
  field: string | null;
  code: Code;
  message: string;
  value?: string;
}

/** What validation would say of a draft's first rows, before its file is read through. */
export interface FirstRows {
  rows: number;
  /** Rows with an error: validation would refuse them. */
  refused: number;
  /** Values Intake would correct (and say so). */
  corrected: number;
  problems: FirstProblem[];
  /** Problems not listed (over MAX_PROBLEMS). */
  more: number;
}

const MAX_PROBLEMS = 1000;

/**
 * The first rows cleaned as validation cleans them (the same cleaner, the column facts
 * learnt from these rows only): their problems, by line and column. Checks that need
 * the stored records or the whole file (matching, duplicates, references) wait for
 * validation; so do required fields, except in create mode, where every row creates.
 */
export function firstRowProblems(
  entity: EntityType,
  mapping: Mapping,
  options: ImportOptions,
  head: RowChunk,
  today: string,
): FirstRows {
  const profiler = new ColumnProfiler(entity, mapping, today);
  for (const row of head.rows) profiler.add(row);
  const clean = makeRowCleaner(entity, mapping, options, profiler.facts(), today);
  const columnOf = new Map(mapping.columns.filter((c) => c.field).map((c) => [c.field!, c.header]));
  const out: FirstRows = {
    rows: head.rows.length,
    refused: 0,
    corrected: 0,
    problems: [],
    more: 0,
  };
  const add = (p: FirstProblem) => {
    if (out.problems.length < MAX_PROBLEMS) out.problems.push(p);
    else out.more++;
  };
  head.rows.forEach((cells, i) => {
    const line = head.lines[i]!;
    const shape = head.problems.get(i);
    if (shape) {
      out.refused++;
      return add({ line, column: null, field: null, ...shape });
    }
    const r = clean(cells);
    out.corrected += r.corrections.length;
    let refused = false;
    for (const issue of r.issues) {
      refused ||= issue.code.startsWith('INTAKE_E_');
      const field = issue.field ?? null;
      add({
        line,
        column: (field && columnOf.get(field)) ?? null,
        field,
        code: issue.code,
        message: issue.message,
        ...(issue.value !== undefined ? { value: issue.value } : {}),
      });
    }
    if (options.mode === 'create') {
      for (const field of r.missing) {
        refused = true;
        add({
          line,
          column: columnOf.get(field) ?? null,
          field,
          code: 'INTAKE_E_REQUIRED',
          message: `required for a new ${entity.label.toLowerCase()} and empty: ${field}`,
        });
      }
    }
    if (refused) out.refused++;
  });
  return out;
}

/**
 * A draft's first rows checked with the draft's options and the workspace's declared
 * values (labels, inventory fields), as its validation would check them.
 */
export async function firstRows(
  ctx: ImportContext,
  draft: { workspace: string; importId: string; options: Partial<ImportOptions> },
  entity: EntityType,
  mapping: Mapping,
  head: RowChunk,
): Promise<FirstRows> {
  const resolved = resolveOptions(entity.defaults, ctx.base.configOptions ?? {}, draft.options);
  const lookup = lookupsOf(entity, [mapping], resolved);
  let typed = entity;
  try {
    typed = await withWorkspaceValues(ctx.store, draft.workspace, draft.importId, entity);
  } catch {
    // No table yet for this type (nothing imported): no declared values either.
  }
  const today = new Date().toISOString().slice(0, 10);
  return firstRowProblems(typed, mapping, { ...resolved, lookup }, head, today);
}
