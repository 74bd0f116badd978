import { Transform, type TransformCallback } from 'node:stream';
import { IntakeError } from '../core/codes.js';

/**
 * Bounds what one JSON record may take before the parser holds it (docs/security.md):
 * its characters (`limits.recordChars`, as for a CSV record) and how deep its arrays and
 * objects nest (`limits.jsonDepth`). A record is one item of the top-level array, or
 * one NDJSON line. The text is followed as JSON reads it (strings and their escapes
 * included), chunk by chunk, so a 200 MB item or line is refused in bounded memory, with
 * the line where it was, before anything is parsed.
 */
export class JsonGuard extends Transform {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Characters of the current record so far. */
  private run = 0;
  private line = 1;
  /** The depth at which records sit: 1 inside the top-level array, 0 for NDJSON lines. */
  private readonly base: number;

  constructor(
    private readonly file: string,
    array: boolean,
    private readonly maxChars: number,
    private readonly maxDepth: number,
  ) {
    super({ decodeStrings: false, encoding: 'utf8' });
    this.base = array ? 1 : 0;
  }

  override _transform(chunk: string, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      this.check(chunk);
    } catch (e) {
      done(e as Error);
      return;
    }
    done(null, chunk);
  }

  private check(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        this.line++;
        if (this.base === 0) {
          // An NDJSON line ends here whatever it held: a broken line is its row's
          // problem (the parser says which), never the next line's.
          this.depth = 0;
          this.inString = false;
          this.escaped = false;
          this.run = 0;
          continue;
        }
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) this.inString = false;
      } else if (c === 34) {
        this.inString = true;
      } else if (c === 91 || c === 123) {
        if (++this.depth > this.maxDepth + this.base) {
          throw new IntakeError(
            'INTAKE_E_JSON',
            `${this.file}: the record near line ${this.line} nests deeper than ${this.maxDepth} levels; the file is refused`,
            { line: this.line },
          );
        }
      } else if (c === 93 || c === 125) {
        this.depth--;
      } else if (this.depth <= this.base && c === 44) {
        this.run = 0; // between two items of the array
        continue;
      }
      if (++this.run > this.maxChars) {
        throw new IntakeError(
          'INTAKE_E_JSON',
          `${this.file}: the record near line ${this.line} is longer than ${this.maxChars} characters; the file is refused`,
          { line: this.line },
        );
      }
    }
  }
}
