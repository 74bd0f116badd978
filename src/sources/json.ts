import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { createInterface } from 'node:readline';
import chain from 'stream-chain';
import { parser } from 'stream-json';
import { streamArray } from 'stream-json/streamers/stream-array.js';
import { IntakeError } from '../core/codes.js';
import { JsonGuard } from './json-guard.js';
import { CHUNK_ROWS, DEFAULT_READER_LIMITS, type ReaderLimits } from './limits.js';
import { collectKeys, recordChunks, type RecordItem } from './records.js';
import type { Sheet } from './sheet.js';

/**
 * JSON sources (SPEC F5): an array of objects, read as a stream by stream-json, or
 * NDJSON (one object per line; `.ndjson`, `.jsonl`, or any file that does not start
 * with "["). A line that is not a JSON object refuses its row, not the file.
 */
async function firstChar(path: string): Promise<string> {
  const handle = await open(path, 'r').catch(() => {
    throw new IntakeError('INTAKE_E_FILE_NOT_FOUND', `${path}: no such file`);
  });
  try {
    const buf = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(buf, 0, 1024, 0);
    return (
      buf
        .subarray(0, bytesRead)
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .trimStart()[0] ?? ''
    );
  } finally {
    await handle.close();
  }
}

const guard = (name: string, array: boolean, limits: ReaderLimits) =>
  new JsonGuard(name, array, limits.recordChars, limits.jsonDepth);

async function* arrayItems(
  path: string,
  name: string,
  limits: ReaderLimits,
): AsyncGenerator<RecordItem> {
  const pipeline = chain([
    createReadStream(path, { encoding: 'utf8' }),
    guard(name, true, limits),
    parser(),
    streamArray(),
  ]);
  try {
    for await (const { key, value } of pipeline as AsyncIterable<{ key: number; value: unknown }>) {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        yield { line: key + 1, record: value as Record<string, unknown> };
      } else {
        yield {
          line: key + 1,
          problem: {
            code: 'INTAKE_E_JSON',
            message: `item ${key + 1} of the array is not an object`,
          },
        };
      }
    }
  } catch (e) {
    if (e instanceof IntakeError) throw e;
    throw new IntakeError('INTAKE_E_JSON', `${name}: not valid JSON: ${(e as Error).message}`);
  }
}

async function* lineItems(
  path: string,
  name: string,
  skipLines: number,
  limits: ReaderLimits,
): AsyncGenerator<RecordItem> {
  const text = createReadStream(path, { encoding: 'utf8' });
  const guarded = guard(name, false, limits);
  text.on('error', (e) => guarded.destroy(e));
  const lines = createInterface({ input: text.pipe(guarded), crlfDelay: Infinity });
  let n = 0;
  for await (const raw of lines) {
    n++;
    if (n <= skipLines) continue;
    const line = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (value && typeof value === 'object' && !Array.isArray(value))
        yield { line: n, record: value as Record<string, unknown> };
      else
        yield {
          line: n,
          problem: { code: 'INTAKE_E_JSON', message: 'the line is JSON but not an object' },
        };
    } catch (e) {
      yield {
        line: n,
        problem: {
          code: 'INTAKE_E_JSON',
          message: `the line is not valid JSON (${(e as Error).message}): ${line.length > 80 ? `${line.slice(0, 80)}...` : line}`,
        },
      };
    }
  }
}

export async function openJson(
  path: string,
  name = basename(path),
  skipLines = 0,
  limits: ReaderLimits = DEFAULT_READER_LIMITS,
): Promise<Sheet> {
  const ext = extname(path).toLowerCase();
  const first = await firstChar(path);
  const isArray = ext !== '.ndjson' && ext !== '.jsonl' && first === '[';
  if (first === '') throw new IntakeError('INTAKE_E_FILE_EMPTY', `${name}: the file is empty`);
  const items = () =>
    isArray ? arrayItems(path, name, limits) : lineItems(path, name, skipLines, limits);
  const header = await collectKeys(items());
  if (header.length === 0)
    throw new IntakeError('INTAKE_E_FILE_EMPTY', `${name}: no object with fields found`);
  return {
    facts: {
      name,
      encoding: 'utf-8',
      delimiter: isArray ? 'json' : 'ndjson',
      detected: { encoding: false, delimiter: true },
      headerLine: 0,
      warnings: [],
    },
    header,
    chunks: () => recordChunks(header, items(), CHUNK_ROWS),
  };
}
