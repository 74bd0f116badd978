/** Cell values of a worksheet as the text a CSV of the same sheet would hold. */

/** "BC12" -> 54 (0-based column index); -1 when the reference has no letters. */
export function columnIndex(ref: string): number {
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return i === 0 ? -1 : n - 1;
}

export function columnName(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/**
 * A serial date number as ISO text: YYYY-MM-DD, with THH:mm:ss when it has a time.
 * The 1900 system counts a 29 February 1900 that never was (Lotus's bug, kept by
 * Excel): serials before it are one day later than plain arithmetic says.
 */
export function serialToIso(serial: number, date1904: boolean): string {
  let days = serial;
  if (!date1904 && serial < 60) days += 1;
  const ms = Math.round(((date1904 ? EPOCH_1904 : EPOCH_1900) + days * DAY_MS) / 1000) * 1000;
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** ISO date cells (t="d"): midnight becomes a plain date (an exceljs bug reads them as 1905). */
export function isoCell(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T00:00(?::00(?:\.0+)?)?Z?)?$/.exec(text);
  return m ? m[1]! : text.replace(/Z$/, '');
}
