import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import Papa from 'papaparse';
import { neutralise } from '../core/neutralise.js';

/**
 * A CSV file written page by page, every cell neutralised against formula injection
 * (SPEC J3). UTF-8 with a BOM so that spreadsheet programs read accents right.
 */
export class CsvWriter {
  private readonly out: WriteStream;
  rows = 0;

  constructor(
    readonly path: string,
    header: string[],
    private readonly delimiter = ',',
  ) {
    this.out = createWriteStream(path);
    this.out.write('\uFEFF');
    this.out.write(this.format([header]));
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

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
  }
}
