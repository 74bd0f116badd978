/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab or CR) as a formula
 * (CSV injection). Every file Intake writes passes its cells through `neutralise`,
 * which puts a single quote in front; reading strips that quote again (`unneutralise`)
 * so a rejection file can be imported back as it is.
 */
const DANGEROUS = /^[=+\-@\t\r]/;
const ESCAPED = /^'[=+\-@\t\r]/;

export function neutralise(cell: string): string {
  return DANGEROUS.test(cell) ? `'${cell}` : cell;
}

export function unneutralise(cell: string): string | undefined {
  return ESCAPED.test(cell) ? cell.slice(1) : undefined;
}
