import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IntakeError } from '../../src/core/codes.js';
import { DEFAULT_READER_LIMITS } from '../../src/sources/limits.js';
import { openSource } from '../../src/sources/open.js';
import { extractZip } from '../../src/sources/zip.js';
import { repeated, textRow, writeRawXlsx, writeZip } from '../helpers/xlsx.js';

/**
 * Hostile and broken files (issue 16), generated here rather than committed: each is
 * refused with a clear code, in bounded memory and time, or read right.
 */
const dir = mkdtempSync(join(tmpdir(), 'intake-hostile-'));
const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

async function rows(path: string) {
  const opened = await openSource(path, {}, join(dir, 'work'));
  const sheet = opened.sheets[0]!;
  const out: { line: number; row: string[] }[] = [];
  for await (const c of sheet.chunks())
    c.rows.forEach((row, i) => out.push({ line: c.lines[i]!, row }));
  return { sheet, rows: out };
}

async function failure(p: Promise<unknown>): Promise<IntakeError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(IntakeError);
  return e as IntakeError;
}

describe('hostile and broken files', () => {
  it('refuses a line far longer than any row, while reading, in bounded memory', async () => {
    const path = join(dir, 'one-line.csv');
    const out = createWriteStream(path);
    out.write('code,name\nA1,');
    const block = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 40; i++) if (!out.write(block)) await once(out, 'drain');
    out.end('\nA2,ok\n');
    await once(out, 'finish');
    const before = process.memoryUsage().rss;
    const e = await failure(rows(path));
    expect(e.code).toBe('INTAKE_E_CSV');
    expect(e.message).toContain(`longer than ${DEFAULT_READER_LIMITS.recordChars} characters`);
    expect(e.message).toContain('near line 2');
    // 40 MB of one line never sits in memory whole (the parser would hold several copies).
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('refuses a quote that never closes once it passes the limit, naming where it opened', async () => {
    const path = join(dir, 'open-quote.csv');
    writeFileSync(path, 'code,name\nA1,"never closed\n' + 'line\n'.repeat(2_000_000));
    const e = await failure(rows(path));
    expect(e.code).toBe('INTAKE_E_CSV');
    expect(e.message).toMatch(
      /longer than \d+ characters \(a line without its end, or a quote never closed\)/,
    );
  });

  it('reads a header of 10,000 columns, wider than the detection sample, whole', async () => {
    const header = Array.from({ length: 10_000 }, (_, i) => `column_name_${i}`);
    const path = join(dir, 'wide.csv');
    writeFileSync(path, `${header.join(',')}\n${header.map((_, i) => i).join(',')}\n`);
    expect(header.join(',').length).toBeGreaterThan(64 * 1024);
    const { sheet, rows: read } = await rows(path);
    expect(sheet.header).toHaveLength(10_000);
    expect(sheet.header[9_999]).toBe('column_name_9999');
    expect(read[0]!.row).toHaveLength(10_000);
  });

  it('splits rows on every kind of line ending, and counts lines as an editor shows them', async () => {
    const path = join(dir, 'mixed.csv');
    writeFileSync(
      path,
      'code,name\r\nA1,one\nA2,two\rA3,"three\r\non two lines"\r\nA4,four\n\nA5,"x\ny\nz"\nA6,six\n',
    );
    const { rows: read } = await rows(path);
    expect(read.map((r) => [r.row[0], r.line])).toEqual([
      ['A1', 2],
      ['A2', 3],
      ['A3', 4],
      ['A4', 6],
      ['A5', 8],
      ['A6', 11],
    ]);
    expect(read[2]!.row[1]).toBe('three\non two lines');
  });

  it('reads a workbook saved under a .csv name as a workbook', async () => {
    const path = join(dir, 'really-a-workbook.csv');
    await writeRawXlsx(path, [
      {
        name: 'Data',
        xml: `<sheetData>${textRow(1, ['code', 'name'])}${textRow(2, ['W1', 'Wb'])}</sheetData>`,
      },
    ]);
    const { sheet, rows: read } = await rows(path);
    expect(sheet.header).toEqual(['code', 'name']);
    expect(read.map((r) => r.row)).toEqual([['W1', 'Wb']]);
  });

  it('refuses a workbook cell that never closes, in its first megabytes (128 MiB of A in 130 kB)', async () => {
    const path = join(dir, 'cell-bomb.xlsx');
    await writeRawXlsx(path, [
      {
        name: 'Data',
        xml: '',
        stream: repeated(
          `<?xml version="1.0"?><worksheet ${NS}><sheetData>${textRow(1, ['code'])}<row r="2"><c r="A2" t="inlineStr"><is><t>`,
          'A',
          128 * 1024 ** 2,
        ),
      },
    ]);
    const e = await failure(rows(path));
    expect(e.code).toBe('INTAKE_E_XLSX_LIMIT');
    expect(e.message).toMatch(/inflates more than 200 times|more than \d+ characters of XML/);
  });

  it('refuses a cell larger than a cell may be, even when it compresses poorly', async () => {
    const path = join(dir, 'big-cell.xlsx');
    // Random letters: deflate barely shrinks them, so only the cell's own limit refuses it.
    const noise = randomBytes(DEFAULT_READER_LIMITS.cellXmlChars)
      .toString('base64')
      .replace(/[^a-zA-Z0-9]/g, 'x');
    await writeRawXlsx(path, [
      {
        name: 'Data',
        xml: `<sheetData>${textRow(1, ['code'])}<row r="2"><c r="A2" t="inlineStr"><is><t>${noise}</t></is></c></row></sheetData>`,
      },
    ]);
    const e = await failure(rows(path));
    expect(e.code).toBe('INTAKE_E_XLSX_LIMIT');
    expect(e.message).toContain(
      `more than ${DEFAULT_READER_LIMITS.cellXmlChars} characters of XML`,
    );
  });

  it('says a character reference that names no character is a damaged file, not a fault', async () => {
    const path = join(dir, 'bad-ref.xlsx');
    await writeRawXlsx(path, [
      {
        name: 'Data',
        xml: `<sheetData>${textRow(1, ['code'])}${textRow(2, ['&#x110000;'])}</sheetData>`,
      },
    ]);
    const e = await failure(rows(path));
    expect(e.code).toBe('INTAKE_E_XLSX');
    expect(e.message).toContain('&#x110000;');
  });

  it('refuses a ZIP bomb while inflating, not after writing gigabytes', async () => {
    const path = join(dir, 'bomb.zip');
    await writeZip(path, { 'zeros.csv': repeated('code\n', '0', 256 * 1024 ** 2) });
    const e = await failure(extractZip(path, join(dir, 'bomb')));
    expect(e.code).toBe('INTAKE_E_ZIP_LIMIT');
    expect(e.message).toContain('inflates more than 200 times its compressed size');
  });

  it('refuses an NDJSON line or a JSON item far longer than any record, in bounded memory', async () => {
    const block = 'x'.repeat(1024 * 1024);
    for (const [file, head, tail] of [
      ['long.ndjson', '{"code":"A1"}\n{"code":"A2","name":"', '"}\n{"code":"A3"}\n'],
      ['long.json', '[{"code":"A1"},{"code":"A2","name":"', '"},{"code":"A3"}]'],
    ] as const) {
      const path = join(dir, file);
      const out = createWriteStream(path);
      out.write(head);
      for (let i = 0; i < 40; i++) if (!out.write(block)) await once(out, 'drain');
      out.end(tail);
      await once(out, 'finish');
      const before = process.memoryUsage().rss;
      const e = await failure(rows(path));
      expect(e.code).toBe('INTAKE_E_JSON');
      expect(e.message).toContain(
        `near line ${file.endsWith('.ndjson') ? 2 : 1} is longer than ${DEFAULT_READER_LIMITS.recordChars} characters`,
      );
      expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    }
  });

  it('refuses JSON nested deeper than a record may be, before parsing it', async () => {
    const deep = '['.repeat(100_000);
    writeFileSync(join(dir, 'deep.json'), `[{"code":"A1","x":${deep}`);
    const e = await failure(rows(join(dir, 'deep.json')));
    expect(e.code).toBe('INTAKE_E_JSON');
    expect(e.message).toContain(`nests deeper than ${DEFAULT_READER_LIMITS.jsonDepth} levels`);
    writeFileSync(join(dir, 'deep.ndjson'), `{"code":"A1"}\n{"code":"A2","x":${deep}\n`);
    const n = await failure(rows(join(dir, 'deep.ndjson')));
    expect(n.message).toContain('near line 2 nests deeper');
  });

  it('keeps NDJSON lines apart: a line with a quote that never closes is its own row problem', async () => {
    writeFileSync(join(dir, 'broken.ndjson'), '{"code":"A1"}\n{"code":"A2\n{"code":"A3"}\n');
    const { rows: read } = await rows(join(dir, 'broken.ndjson'));
    expect(read.map((r) => r.line)).toEqual([1, 2, 3]);
  });
});
