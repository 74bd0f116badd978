import { dateValue } from './date.js';
import { bad, ok, type Cleaner } from './types.js';

const ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const DATE_THEN_TIME = /^(.+?)[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Instants, stored as ISO 8601 in UTC. A time without a zone is read as UTC. Any
 * date form the date type accepts may be followed by a time (HH:mm or HH:mm:ss); a
 * date alone means midnight.
 */
export const cleanDatetime: Cleaner = (text, field, ctx) => {
  let instant: Date | undefined;
  if (ISO.test(text)) {
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`;
    instant = new Date(zoned.replace(' ', 'T'));
  } else {
    const m = DATE_THEN_TIME.exec(text);
    const day = dateValue(m ? m[1]! : text, { ...field, notInFuture: false }, ctx);
    if (!day.ok) return day;
    const [h, min, s] = m ? [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)] : [0, 0, 0];
    if (h > 23 || min > 59 || s > 59)
      return bad('INTAKE_E_DATE', `${field.label} "${text}" has an impossible time`);
    instant = new Date(
      `${String(day.value)}T${[h, min, s].map((n) => String(n).padStart(2, '0')).join(':')}Z`,
    );
  }
  if (Number.isNaN(instant.getTime())) {
    return bad(
      'INTAKE_E_DATE',
      `${field.label} "${text}" is not a date and time (write 2024-03-15T14:30:00Z)`,
    );
  }
  const iso = instant.toISOString();
  if (field.notInFuture && iso.slice(0, 10) > ctx.today) {
    return bad('INTAKE_E_DATE_FUTURE', `${field.label} ${iso} is in the future`);
  }
  return ok(iso, iso === text ? undefined : 'datetime_format');
};
