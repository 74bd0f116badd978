import { bad, ok, type Cleaner } from './types.js';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * Decimals written with a point or a comma: "1234.5", "1234,5", "1.234,50", "1,234.50",
 * "1 234,50". When both separators appear, the last one is the decimal mark; a lone
 * comma is a decimal comma. The canonical form (point, no grouping, no trailing zeros)
 * is stored as a string so that no precision is lost; any rewrite is recorded.
 */
export const cleanDecimal: Cleaner = (text, field) => {
  let s = text.replace(/[ \u00a0\u202f']/g, '');
  const lastComma = s.lastIndexOf(',');
  const lastPoint = s.lastIndexOf('.');
  if (lastComma >= 0 && lastPoint >= 0) {
    const mark = lastComma > lastPoint ? ',' : '.';
    const group = mark === ',' ? '.' : ',';
    s = s.split(group).join('');
    if (mark === ',') s = s.replace(',', '.');
  } else if (lastComma >= 0) {
    if (s.indexOf(',') !== lastComma) {
      s = s.split(',').join(''); // several commas: they group thousands
    } else {
      s = s.replace(',', '.');
    }
  } else if (lastPoint >= 0 && s.indexOf('.') !== lastPoint) {
    s = s.split('.').join(''); // several points: they group thousands
  }
  if (!NUMBER.test(s)) return bad('INTAKE_E_TYPE', `${field.label} "${text}" is not a number`);
  const canonical = canonicalDecimal(s);
  // "12.50" -> "12.5" is the same number written shorter: not a correction worth listing.
  return ok(canonical, NUMBER.test(text) ? undefined : 'decimal_format');
};

function canonicalDecimal(s: string): string {
  let sign = '';
  if (s[0] === '+' || s[0] === '-') {
    sign = s[0] === '-' ? '-' : '';
    s = s.slice(1);
  }
  let [int = '', frac = ''] = s.split('.');
  int = int.replace(/^0+(?=\d)/, '') || '0';
  frac = frac.replace(/0+$/, '');
  const out = frac ? `${int}.${frac}` : int;
  return out === '0' ? '0' : sign + out;
}
