import { OPTION_CREATED, cleanEnum } from './enum.js';
import { bad, ok, type Cleaner } from './types.js';

/** The separator of a multi-selection cell when the pack declares none. */
export const DEFAULT_SEPARATOR = ',';

/**
 * Several values of a fixed list in one cell (Rollouter's multi-selection custom
 * fields): split on the field's separator, each value read as an enum value (case,
 * synonyms, a one-letter typo, labels), repeated values dropped, and stored in the
 * order given, joined by the separator. One value outside the list refuses the cell,
 * naming it.
 */
export const cleanMultiEnum: Cleaner = (text, field, ctx) => {
  const separator = field.separator ?? DEFAULT_SEPARATOR;
  const values: string[] = [];
  let rule: string | undefined;
  for (const part of text.split(separator)) {
    const item = part.trim();
    if (item === '') continue;
    const r = cleanEnum(item, field, ctx);
    if (!r.ok) return r;
    const value = String(r.value);
    // A new option must be seen, whatever else the cell's values were corrected for.
    if (r.rule && (rule === undefined || r.rule === OPTION_CREATED)) rule = r.rule;
    if (!values.includes(value)) values.push(value);
  }
  if (values.length === 0) {
    return bad('INTAKE_E_ENUM', `${field.label} "${text}" holds no value`);
  }
  const stored = values.join(separator);
  // The cell as written is no correction, unless it adds an option (said, to be made).
  if (rule === OPTION_CREATED) return ok(stored, rule);
  return stored === text ? ok(stored) : ok(stored, rule ?? 'multienum_format');
};
