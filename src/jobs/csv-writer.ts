import { once } from 'node:events';
import type { Writable } from 'node:stream';
import Papa from 'papaparse';
import { neutralise } from '../core/neutralise.js';

/**
 * A CSV report written page by page to a stream (a file, an HTTP reply), every cell
 * neutralised against formula injection (SPEC J3). UTF-8 with a BOM so that
 * spreadsheet programs read accents right.
 */
export class CsvWriter {
  rows = 0;

  constructor(
    private readonly out: Writable,
    header: string[],
    private readonly delimiter = ',',
  ) {
    this.out.write('\uFEFF' + this.format([header]));
  }

  private format(rows: string[][]): string {
    return (
      Papa.unparse(
        rows.map((r) => r.map(neutralise)),
        { delimiter: this.delimiter, newline: '\r\n' },
      ) + '\r\n'
    );
  }

  async write(rows: string[][]): Promise<void> {
    if (rows.length === 0) return;
    this.rows += rows.length;
    if (!this.out.write(this.format(rows))) await once(this.out, 'drain');
  }
}
