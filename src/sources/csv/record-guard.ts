import { IntakeError } from '../../core/codes.js';
import { DEFAULT_READER_LIMITS } from '../limits.js';

/**
 * The longest record (a line, or a quoted cell over lines) a CSV may hold
 * (`limits.recordChars`): the parser keeps a record whole in memory, so a 200 MB line
 * would take gigabytes. The file is refused, with the line, as soon as one is longer.
 *
 * Follows the text as the parser will read it (newlines end records outside quotes;
 * a quote opens a field only at its start, "" inside one is a quote) and measures each
 * record, chunk by chunk, with native searches: bounded memory, no copy.
 */
export class RecordGuard {
  private quoted = false;
  /** Characters of the current record so far. */
  private run = 0;
  /** The last character seen (to know whether a quote starts a field). */
  private prev = '\n';
  /** A quote closed a quoted field at the very end of the last chunk: "" may follow. */
  private closedAtEnd = false;
  private line: number;

  constructor(
    private readonly delimiter: string,
    private readonly file: string,
    firstLine: number,
    private readonly max = DEFAULT_READER_LIMITS.recordChars,
  ) {
    this.line = firstLine;
  }

  check(chunk: string): void {
    let i = 0;
    if (this.closedAtEnd && chunk[0] === '"') {
      this.quoted = true; // the second quote of "" split across chunks
      i = 1;
    }
    this.closedAtEnd = false;
    const n = chunk.length;
    while (i < n) {
      if (this.quoted) {
        const q = chunk.indexOf('"', i);
        const end = q < 0 ? n : q;
        this.count(chunk, i, end);
        if (q < 0) break;
        if (q + 1 < n && chunk[q + 1] === '"') {
          i = q + 2; // an escaped quote, still inside
          this.run += 2;
          continue;
        }
        this.quoted = false;
        this.closedAtEnd = q + 1 === n;
        this.run++;
        this.prev = '"';
        i = q + 1;
        continue;
      }
      const nl = chunk.indexOf('\n', i);
      let q = chunk.indexOf('"', i);
      // A quote opens quoting only where a field starts; elsewhere it is a character.
      while (q >= 0 && (nl < 0 || q < nl)) {
        const before = q === i ? this.prev : chunk[q - 1];
        if (before === this.delimiter || before === '\n') break;
        q = chunk.indexOf('"', q + 1);
      }
      if (q >= 0 && (nl < 0 || q < nl)) {
        this.run += q - i + 1;
        this.quoted = true;
        this.prev = '"';
        i = q + 1;
      } else if (nl >= 0) {
        this.run += nl - i;
        this.limit(); // a whole record in one chunk is measured too
        this.end();
        this.prev = '\n';
        i = nl + 1;
      } else {
        this.run += n - i;
        this.prev = chunk[n - 1]!;
        i = n;
      }
      this.limit();
    }
    this.limit();
  }

  /** Characters inside a quoted field, whose newlines are lines of the same record. */
  private count(chunk: string, from: number, to: number): void {
    this.run += to - from;
    for (let nl = chunk.indexOf('\n', from); nl >= 0 && nl < to; nl = chunk.indexOf('\n', nl + 1)) {
      this.line++;
    }
    if (to > from) this.prev = chunk[to - 1]!;
    this.limit();
  }

  private end(): void {
    this.run = 0;
    this.line++;
  }

  private limit(): void {
    if (this.run > this.max) {
      throw new IntakeError(
        'INTAKE_E_CSV',
        `${this.file}: the record near line ${this.line} is longer than ${this.max} characters (a line without its end, or a quote never closed); the file is refused`,
        { line: this.line },
      );
    }
  }
}
