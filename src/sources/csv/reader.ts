import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { IntakeError } from '../../core/codes.js';
import type { RowChunk, Sheet, SheetFacts } from '../sheet.js';
import { DELIMITERS, SAMPLE_BYTES, detectDelimiter, detectEncoding } from './detect.js';
import { CHUNK_ROWS, DEFAULT_READER_LIMITS } from '../limits.js';
import { RecordGuard } from './record-guard.js';

export interface CsvOptions {
  encoding?: string;
  delimiter?: string;
  skipLines?: number;
  /** Rows per chunk handed to the pipeline. */
  chunkRows?: number;
  /** Name shown in reports; defaults to the file's base name. */
  name?: string;
  /** The longest record (`limits.recordChars`). */
  maxRecordChars?: number;
}

const CHUNK_BYTES = 64 * 1024; // LAB.md: 64 KiB reads are the sweet spot.

/**
 * CSV as a stream of row chunks: bytes -> iconv-lite decoder (multi-byte characters
 * are never cut, LAB.md) -> papaparse -> chunks of `chunkRows` rows. Memory stays
 * bounded by a few chunks whatever the file size: the reader pauses the file while
 * the pipeline is busy.
 */
export async function openCsv(path: string, opts: CsvOptions = {}): Promise<Sheet> {
  const maxRecord = opts.maxRecordChars ?? DEFAULT_READER_LIMITS.recordChars;
  let size = SAMPLE_BYTES;
  let sample = await readSample(path, size);
  // A header wider than the sample (10,000 columns) is read whole before anything is
  // decided from it: a cut header would invent a repeated column or a short row.
  while (
    sample.length === size &&
    size < maxRecord &&
    !sample.includes(0x0a, skipBytes(sample, opts.skipLines ?? 0)) &&
    !sample.includes(0x0d, skipBytes(sample, opts.skipLines ?? 0))
  ) {
    size *= 4;
    sample = await readSample(path, size);
  }
  const complete = sample.length < size;
  const encoding = normaliseEncoding(opts.encoding) ?? detectEncoding(sample, complete);
  const text = stripNul(iconv.decode(sample, encoding, { stripBOM: true }));
  const lines = text.split(/\r\n|\n|\r/);
  let skipLines = opts.skipLines ?? 0;
  // Blank lines above the header are skipped without being asked (csvkit's bad_skip_lines.csv).
  while (skipLines < lines.length - 1 && lines[skipLines]!.trim() === '') skipLines++;
  const afterSkip = lines.slice(skipLines).join('\n');
  if (opts.delimiter !== undefined && !DELIMITERS.includes(unescapeDelimiter(opts.delimiter))) {
    throw new IntakeError(
      'INTAKE_E_USAGE',
      `--delimiter must be one of , ; | or \\t (got "${opts.delimiter}")`,
    );
  }
  const delimiter = opts.delimiter ? unescapeDelimiter(opts.delimiter) : detectDelimiter(afterSkip);
  const first = Papa.parse<string[]>(afterSkip, { delimiter, preview: 1 }).data[0];
  if (!first || first.every((h) => h.trim() === '')) {
    throw new IntakeError(
      'INTAKE_E_FILE_EMPTY',
      `${basename(path)}: no header row found${skipLines ? ` after skipping ${skipLines} lines` : ''}`,
    );
  }
  const header = checkHeader(
    first.map((h) => h.trim()),
    basename(path),
  );
  const facts: SheetFacts = {
    name: opts.name ?? basename(path),
    encoding,
    delimiter,
    detected: { encoding: !opts.encoding, delimiter: !opts.delimiter },
    headerLine: skipLines + 1,
    warnings: [],
  };
  return {
    facts,
    header,
    chunks: () => readChunks(path, facts, skipLines, opts.chunkRows ?? CHUNK_ROWS, maxRecord),
  };
}

/** Where the line after `skip` line ends starts in the raw bytes (a rough cut, for growth). */
function skipBytes(sample: Buffer, skip: number): number {
  let at = 0;
  for (let i = 0; i < skip; i++) {
    const nl = sample.indexOf(0x0a, at);
    if (nl < 0) return sample.length;
    at = nl + 1;
  }
  return at;
}

async function readSample(path: string, size = SAMPLE_BYTES): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw new IntakeError(
      'INTAKE_E_FILE_NOT_FOUND',
      `${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    );
  }
  try {
    const buf = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buf, 0, size, 0);
    if (bytesRead === 0)
      throw new IntakeError('INTAKE_E_FILE_EMPTY', `${basename(path)}: the file is empty`);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function normaliseEncoding(e: string | undefined): string | undefined {
  if (!e) return undefined;
  const name = e.toLowerCase();
  if (!iconv.encodingExists(name)) {
    throw new IntakeError(
      'INTAKE_E_USAGE',
      `unknown encoding "${e}" (try utf-8, utf-16le, utf-16be, windows-1252, latin1)`,
    );
  }
  return name;
}

function unescapeDelimiter(d: string): string {
  return d === '\\t' || d.toLowerCase() === 'tab' ? '\t' : d;
}

function stripNul(s: string): string {
  return s.includes('\0') ? s.replace(/\0/g, '') : s;
}

function checkHeader(header: string[], file: string): string[] {
  const out = header.map((h, i) => (h === '' ? `column_${i + 1}` : h));
  const seen = new Set<string>();
  for (const h of out) {
    if (seen.has(h)) {
      throw new IntakeError(
        'INTAKE_E_HEADER',
        `${file}: the column "${h}" appears twice in the header; give each column its own name`,
      );
    }
    seen.add(h);
  }
  return out;
}

/** Decoded text with NUL characters removed (PostgreSQL cannot store them), counted. */
function textStream(
  path: string,
  encoding: string,
  facts: SheetFacts,
  maxRecord: number,
): Readable {
  let nul = 0;
  let replaced = 0;
  // A "\r" at the end of a chunk waits for the next one: it may be half of a "\r\n".
  let carry = '';
  const guard = new RecordGuard(facts.delimiter, facts.name, 1, maxRecord);
  const clean = new Transform({
    decodeStrings: false,
    encoding: 'utf8',
    transform(chunk: string, _enc, done) {
      chunk = carry + chunk;
      carry = chunk.endsWith('\r') ? '\r' : '';
      if (carry) chunk = chunk.slice(0, -1);
      if (chunk.includes('\0')) {
        nul += chunk.split('\0').length - 1;
        chunk = chunk.replace(/\0/g, '');
      }
      if (chunk.includes('\uFFFD')) replaced += chunk.split('\uFFFD').length - 1;
      // One line ending for the parser: a file that mixes CRLF, LF and CR (files
      // pasted together) would otherwise have rows merged into cells.
      if (chunk.includes('\r')) chunk = chunk.replace(/\r\n?/g, '\n');
      try {
        guard.check(chunk);
      } catch (e) {
        return done(e as Error);
      }
      done(null, chunk);
    },
    flush(done) {
      if (carry) this.push('\n');
      if (nul) facts.warnings.push(`${nul} NUL characters were removed`);
      if (replaced) {
        facts.warnings.push(
          `${replaced} byte sequences are not valid ${encoding} and were replaced by U+FFFD; if the text looks wrong, pass --encoding`,
        );
      }
      done();
    },
  });
  const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  // A reader left before the end (a draft's first look, a chunk of a split import)
  // destroys the text: the file is closed with it, not left open and paused.
  clean.once('close', () => file.destroy());
  return file.pipe(iconv.decodeStream(encoding, { stripBOM: true })).pipe(clean);
}

/** Line breaks inside the cells of a record (quoted cells over several lines). */
function breaks(row: string[]): number {
  let n = 0;
  for (const cell of row) {
    if (cell.length === 0 || !cell.includes('\n')) continue;
    for (let i = cell.indexOf('\n'); i >= 0; i = cell.indexOf('\n', i + 1)) n++;
  }
  return n;
}

// papaparse reads Node streams, but its typings only describe browser files.
const parseStream = Papa.parse as unknown as (input: Readable, config: object) => void;

async function* readChunks(
  path: string,
  facts: SheetFacts,
  skipLines: number,
  chunkRows: number,
  maxRecord: number,
): AsyncGenerator<RowChunk> {
  facts.warnings.length = 0;
  const input = textStream(path, facts.encoding, facts, maxRecord);
  const queue: Papa.ParseResult<string[]>[] = [];
  let done = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  parseStream(input, {
    delimiter: facts.delimiter,
    newline: '\n',
    skipFirstNLines: skipLines,
    skipEmptyLines: false,
    chunk(results: Papa.ParseResult<string[]>) {
      queue.push(results);
      // Backpressure: papaparse parses on every 'data' event; stop the file instead.
      if (queue.length > 4) input.pause();
      notify();
    },
    complete() {
      done = true;
      notify();
    },
    error(e: Error) {
      failure = e;
      done = true;
      notify();
    },
  });

  let record = -1; // the header is record 0
  // The line a text editor shows: a quoted cell over several lines moves the next
  // record down by as many.
  let line = facts.headerLine;
  let out: RowChunk = { rows: [], lines: [], problems: new Map() };
  try {
    while (true) {
      const results = queue.shift();
      if (!results) {
        if (failure instanceof IntakeError) throw failure;
        if (failure) throw new IntakeError('INTAKE_E_CSV', `${facts.name}: ${failure.message}`);
        if (done) break;
        if (input.isPaused()) input.resume();
        await new Promise<void>((r) => (wake = r));
        continue;
      }
      const problems = new Map<number, string>(); // papaparse's messages, by row of this parse
      for (const err of results.errors) {
        const at = facts.headerLine + record + 1 + (err.row ?? 0);
        if (err.code === 'MissingQuotes') {
          throw new IntakeError(
            'INTAKE_E_CSV',
            `${facts.name}: a quoted field opened near row ${at} is never closed`,
            { line: at },
          );
        }
        if (err.row !== undefined) problems.set(err.row, err.message);
      }
      for (let i = 0; i < results.data.length; i++) {
        const row = results.data[i]!;
        record++;
        const at = line;
        line += 1 + breaks(row);
        if (record === 0) continue; // header, already read
        if (row.length === 1 && row[0] === '') continue; // blank line
        if (row.every((c) => c.trim() === '')) continue; // only delimiters
        const problem = problems.get(i);
        if (problem) out.problems.set(out.rows.length, { code: 'INTAKE_E_CSV', message: problem });
        out.rows.push(row);
        out.lines.push(at);
        if (out.rows.length >= chunkRows) {
          yield out;
          out = { rows: [], lines: [], problems: new Map() };
        }
      }
    }
    if (out.rows.length > 0) yield out;
  } finally {
    input.destroy();
  }
}
