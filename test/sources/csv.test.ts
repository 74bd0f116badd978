import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { IntakeError } from '../../src/core/codes.js';
import { openCsv, type CsvOptions } from '../../src/sources/csv/reader.js';
import { FIXTURES } from '../helpers/files.js';

const corpus = (p: string) => join(FIXTURES, 'corpus', p);
const tmp = mkdtempSync(join(tmpdir(), 'intake-csv-'));

async function readAll(path: string, opts: CsvOptions = {}) {
  const sheet = await openCsv(path, opts);
  const rows: string[][] = [];
  const lines: number[] = [];
  const problems: string[] = [];
  for await (const c of sheet.chunks()) {
    rows.push(...c.rows);
    lines.push(...c.lines);
    problems.push(...[...c.problems.values()].map((p) => p.message));
  }
  return { sheet, rows, lines, problems };
}

function file(name: string, content: Buffer | string): string {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

describe('CSV encodings (csvkit and messytables corpus)', () => {
  it.each([
    ['csvkit/test_utf8.csv', 'utf-8', ['foo', 'bar', 'baz']],
    ['csvkit/test_utf8_bom.csv', 'utf-8', ['foo', 'bar', 'baz']],
    ['csvkit/test_utf16_little.csv', 'utf-16le', ['a', 'b', 'c']],
    ['csvkit/test_utf16_big.csv', 'utf-16be', ['a', 'b', 'c']],
    ['csvkit/test_latin1.csv', 'windows-1252', ['a', 'b', 'c']],
    ['messytables/utf-16le_encoded.csv', 'utf-16le', ['Organisation_code', 'Organisation_name']],
    ['messytables/utf8bom.csv', 'utf-8', ['kitten', 'win']],
  ])('%s is read as %s', async (path, encoding, header) => {
    const { sheet } = await readAll(corpus(path));
    expect(sheet.facts.encoding).toBe(encoding);
    expect(sheet.facts.detected.encoding).toBe(true);
    expect(sheet.header.slice(0, header.length)).toEqual(header);
  });

  it('decodes Latin-1 accents', async () => {
    const { rows } = await readAll(corpus('csvkit/test_latin1.csv'));
    expect(rows.flat().join(' ')).toContain('©');
  });

  it('reads Spanish accents from a Windows-1252 file', async () => {
    const { sheet, rows } = await readAll(corpus('messytables/spanish_chars.csv'));
    expect(sheet.facts.encoding).toBe('windows-1252');
    expect(rows.flat().join(' ')).toMatch(/ó|ñ|í/);
    expect(rows.flat().join(' ')).not.toContain('\uFFFD');
  });

  it('keeps multi-byte characters whole across chunk boundaries', async () => {
    const name = 'é'.repeat(40_000); // 80 KB of two-byte characters: crosses the 64 KiB reads
    const { rows } = await readAll(file('wide.csv', `id,name\n1,${name}\n`));
    expect(rows[0]![1]).toBe(name);
  });

  it('honours a forced encoding, and says it was not detected', async () => {
    const p = file('forced.csv', iconv.encode('a;b\n\u00e9t\u00e9;1\n', 'latin1'));
    const { sheet, rows } = await readAll(p, { encoding: 'latin1' });
    expect(rows[0]![0]).toBe('été');
    expect(sheet.facts.detected.encoding).toBe(false);
  });

  it('warns when bytes do not fit the encoding, instead of hiding it', async () => {
    const p = file(
      'mixed.csv',
      Buffer.concat([
        Buffer.from('a,b\nx,y\n'.repeat(10)),
        Buffer.from([0x63, 0xe9, 0x2c, 0x31, 0x0a]),
      ]),
    );
    const { sheet } = await readAll(p, { encoding: 'utf-8' });
    expect(sheet.facts.warnings.join()).toMatch(/not valid utf-8/);
  });
});

describe('CSV delimiters, quoting and line ends', () => {
  it.each([
    ['messytables/simple.psv', '|'],
    ['messytables/simple.ssv', ';'],
    ['messytables/example.tsv', '\t'],
    ['chinook/customers.csv', ','],
  ])('%s splits on %j', async (path, delimiter) => {
    const { sheet } = await readAll(corpus(path));
    expect(sheet.facts.delimiter).toBe(delimiter);
  });

  it('reads CR-only line ends', async () => {
    const { rows } = await readAll(corpus('csvkit/mac_newlines.csv'));
    expect(rows).toEqual([
      ['1', '2', '3'],
      ['Once upon\na time', '5', '6'],
    ]);
  });

  it('keeps quoted newlines and commas inside one field, and numbers rows by the line a text editor shows', async () => {
    const p = file('quoted.csv', 'id,address\r\n1,"12 rue X,\r\nParis"\r\n2,"say ""hi"""\r\n');
    const { rows, lines } = await readAll(p);
    expect(rows).toEqual([
      // Line breaks inside a cell are kept, as LF whatever the file used.
      ['1', '12 rue X,\nParis'],
      ['2', 'say "hi"'],
    ]);
    // Row 2 starts on line 4: its address took lines 2 and 3.
    expect(lines).toEqual([2, 4]);
  });

  it('reads a header with a newline in it', async () => {
    const { sheet } = await readAll(corpus('csvkit/test_header_newline.csv'));
    expect(sheet.header[0]).toContain('\n');
  });

  it('chinook: 59 customers with accented names and quoted addresses', async () => {
    const { rows, sheet } = await readAll(corpus('chinook/customers.csv'));
    expect(rows).toHaveLength(59);
    expect(rows[0]![2]).toBe('Gonçalves');
    expect(rows[0]![4]).toBe('Av. Brigadeiro Faria Lima, 2170');
    expect(sheet.header).toContain('email');
  });

  it('honours a forced delimiter, including \\t', async () => {
    const p = file('tabs.csv', 'a\tb\n1\t2\n');
    expect((await readAll(p, { delimiter: '\\t' })).rows).toEqual([['1', '2']]);
    await expect(openCsv(p, { delimiter: '#' })).rejects.toThrow(/--delimiter/);
  });
});

describe('CSV lines, blanks and broken files', () => {
  it('skips lines before the header on request, and counts them in row numbers', async () => {
    const { sheet, rows, lines } = await readAll(corpus('csvkit/test_skip_lines.csv'), {
      skipLines: 3,
    });
    expect(sheet.header).toEqual(['a', 'b', 'c']);
    expect(sheet.facts.headerLine).toBe(4);
    expect(rows).toEqual([['1', '2', '3']]);
    expect(lines).toEqual([5]);
  });

  it('skips blank lines above the header by itself', async () => {
    const { sheet, lines } = await readAll(corpus('csvkit/bad_skip_lines.csv'));
    expect(sheet.header).toEqual(['column_a', 'column_b', 'column_c']);
    expect(lines[0]).toBe(5);
  });

  it('drops blank rows but keeps the numbering of the rest', async () => {
    const { rows, lines } = await readAll(file('blank.csv', 'a,b\n1,2\n\n,\n3,4\n'));
    expect(rows).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(lines).toEqual([2, 5]);
  });

  it('removes NUL bytes and says how many', async () => {
    const { rows, sheet } = await readAll(corpus('csvkit/null_byte.csv'));
    expect(rows.flat().join('')).not.toContain('\0');
    expect(sheet.facts.warnings).toEqual(['1 NUL characters were removed']);
  });

  it('names unnamed header columns and refuses repeated names', async () => {
    expect((await readAll(file('unnamed.csv', 'a,,c\n1,2,3\n'))).sheet.header).toEqual([
      'a',
      'column_2',
      'c',
    ]);
    await expect(openCsv(corpus('messytables/null.csv'))).rejects.toMatchObject({
      code: 'INTAKE_E_HEADER',
    });
  });

  it('refuses an empty file and a missing one with their own codes', async () => {
    await expect(openCsv(file('empty.csv', ''))).rejects.toMatchObject({
      code: 'INTAKE_E_FILE_EMPTY',
    });
    await expect(openCsv(join(tmp, 'nope.csv'))).rejects.toMatchObject({
      code: 'INTAKE_E_FILE_NOT_FOUND',
    });
  });

  it('stops on a quote that never closes, naming the row', async () => {
    const p = file('open-quote.csv', 'a,b\n1,2\n3,"never closed\n4,5\n');
    const err = await readAll(p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntakeError);
    expect((err as IntakeError).code).toBe('INTAKE_E_CSV');
    expect((err as Error).message).toMatch(/row 3/);
  });

  it('streams a large file in bounded chunks', async () => {
    const body = Array.from({ length: 30_000 }, (_, i) => `${i},name ${i}`).join('\n');
    const sheet = await openCsv(file('big.csv', `id,name\n${body}\n`), { chunkRows: 1000 });
    let chunks = 0;
    let rows = 0;
    for await (const c of sheet.chunks()) {
      chunks++;
      rows += c.rows.length;
      expect(c.rows.length).toBeLessThanOrEqual(1000);
    }
    expect(rows).toBe(30_000);
    expect(chunks).toBe(30);
  });
});
