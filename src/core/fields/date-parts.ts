import { isValid } from 'date-fns/isValid';
import { parse } from 'date-fns/parse';
import type { DateOrder } from '../schema.js';

/**
 * Reading calendar dates from text. Kept apart from the field cleaners because the
 * column profile (pass one over the file) and the cleaners (pass two) share it.
 *
 * Three shapes are read:
 * - year first, unambiguous: 2024-03-15, 2024/03/15, 2024.03.15, 20240315;
 * - day and month as numbers: 15/03/2024, 03.15.24, 3-15-2024: these need an order;
 * - month names (English), handled by date-fns: 15 Mar 2024, March 15, 2024, 15-Mar-24.
 */

const YEAR_FIRST = /^(\d{4})([-/.]?)(\d{1,2})\2(\d{1,2})$/;
const NUMERIC = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})$/;
const NAMED_FORMATS = [
  'd MMM yyyy',
  'd MMMM yyyy',
  'MMM d, yyyy',
  'MMMM d, yyyy',
  'MMM d yyyy',
  'd-MMM-yyyy',
  'd-MMM-yy',
];
const REFERENCE = new Date(Date.UTC(2000, 0, 1));

/** YYYY-MM-DD for a real calendar day, else null. */
export function isoDate(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Two-digit years: up to this year's two digits means 20yy, above means 19yy. */
function fullYear(yy: string, today: string): number {
  if (yy.length === 4) return Number(yy);
  const pivot = Number(today.slice(2, 4));
  const n = Number(yy);
  return n <= pivot ? 2000 + n : 1900 + n;
}

export interface DateReading {
  /** The date when the text reads the same whatever the order. */
  fixed?: string | null;
  /** Day-first and month-first readings of a numeric date; null when impossible. */
  dmy?: string | null;
  mdy?: string | null;
}

/** Every way `text` can be read as a date. Empty object: not a date at all. */
export function readDate(text: string, today: string): DateReading {
  const yf = YEAR_FIRST.exec(text);
  if (yf) return { fixed: isoDate(Number(yf[1]), Number(yf[3]), Number(yf[4])) };
  const num = NUMERIC.exec(text);
  if (num) {
    const a = Number(num[1]);
    const b = Number(num[3]);
    const y = fullYear(num[4]!, today);
    return { dmy: isoDate(y, b, a), mdy: isoDate(y, a, b) };
  }
  if (/[a-z]/i.test(text)) {
    for (const format of NAMED_FORMATS) {
      const d = parse(text, format, REFERENCE);
      // date-fns reads '24' as the year 24 for yyyy: leave two-digit years to the yy form.
      if (isValid(d) && (d.getFullYear() >= 1000 || !format.includes('yyyy')))
        return { fixed: isoDate(d.getFullYear(), d.getMonth() + 1, d.getDate()) };
    }
  }
  return {};
}

/**
 * Pass one over a date column: counts the values that only read day-first, only
 * month-first, or both ways, so that the order is inferred from the whole column.
 */
export class DateColumnProfile {
  dmyOnly = 0;
  mdyOnly = 0;
  either = 0;

  constructor(private readonly today: string) {}

  add(text: string): void {
    const r = readDate(text, this.today);
    if (r.dmy === undefined) return;
    if (r.dmy && r.mdy) {
      if (r.dmy === r.mdy) return; // 05/05/2024 reads the same both ways
      this.either++;
    } else if (r.dmy) this.dmyOnly++;
    else if (r.mdy) this.mdyOnly++;
  }

  /**
   * The order of the column: the only one that fits its values, or the one most
   * values fit when both appear (the others are then refused as bad dates);
   * 'ambiguous' when every numeric value could be read both ways; undefined when the
   * column has no numeric dates at all.
   */
  order(): DateOrder | 'ambiguous' | undefined {
    if (this.dmyOnly === 0 && this.mdyOnly === 0) return this.either > 0 ? 'ambiguous' : undefined;
    return this.dmyOnly >= this.mdyOnly ? 'dmy' : 'mdy';
  }
}
