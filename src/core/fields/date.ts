import { readDate } from './date-parts.js';
import { bad, ok, type CellResult, type FieldContext } from './types.js';
import type { FieldDef } from '../schema.js';

/** Read a date and apply the column's order; shared by date and datetime. */
export function dateValue(text: string, field: FieldDef, ctx: FieldContext): CellResult {
  const r = readDate(text, ctx.today);
  let iso: string | null | undefined = r.fixed;
  if (r.dmy !== undefined) {
    const order = ctx.dateOrder;
    if (r.dmy && r.mdy && r.dmy !== r.mdy && (order === undefined || order === 'ambiguous')) {
      return bad(
        'INTAKE_E_DATE_AMBIGUOUS',
        `${field.label} "${text}" could be ${r.dmy} or ${r.mdy}; the column does not show which, so pass --date-order dmy or mdy`,
      );
    }
    iso = order === 'mdy' ? r.mdy : order === 'dmy' ? r.dmy : (r.dmy ?? r.mdy);
    if (!iso) {
      return bad(
        'INTAKE_E_DATE',
        `${field.label} "${text}" is not a real date in the column's ${order === 'mdy' ? 'month/day/year' : 'day/month/year'} order`,
      );
    }
  }
  if (!iso) {
    return bad(
      'INTAKE_E_DATE',
      `${field.label} "${text}" is not a date (write YYYY-MM-DD, or DD/MM/YYYY throughout)`,
    );
  }
  if (field.notInFuture && iso > ctx.today) {
    return bad('INTAKE_E_DATE_FUTURE', `${field.label} ${iso} is in the future`);
  }
  return ok(iso, iso === text ? undefined : 'date_format');
}

/** Calendar dates, stored as YYYY-MM-DD. */
export const cleanDate = dateValue;
