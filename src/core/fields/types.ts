import type { Code } from '../codes.js';
import type { DateOrder, FieldDef, Value } from '../schema.js';

/** What cleaning one non-empty, trimmed cell gives. */
export type CellResult =
  | { ok: true; value: Value; /** set when the stored form differs from the input */ rule?: string }
  | { ok: false; code: Code; message: string };

/** What a cleaner knows besides the cell: import options and facts about the column. */
export interface FieldContext {
  /** ISO 3166 alpha-2 country for national phone numbers. */
  country?: string;
  /** Day/month order of the column: declared, chosen, or inferred from the whole column. */
  dateOrder?: DateOrder | 'ambiguous';
  /** Today as YYYY-MM-DD, for "not in the future" (passed in: core reads no clock). */
  today: string;
  validateEmail: boolean;
  validatePhone: boolean;
  /**
   * A value outside the options of a field whose options are records is taken, to be
   * added to them (`createMissingOptions`).
   */
  createOptions: boolean;
  /** Extra boolean words from the import options. */
  trueWords: string[];
  falseWords: string[];
}

export type Cleaner = (text: string, field: FieldDef, ctx: FieldContext) => CellResult;

export const ok = (value: Value, rule?: string): CellResult =>
  rule ? { ok: true, value, rule } : { ok: true, value };
export const bad = (code: Code, message: string): CellResult => ({ ok: false, code, message });
