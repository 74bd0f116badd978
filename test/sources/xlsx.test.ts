import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { serialToIso } from '../../src/sources/xlsx/cells.js';
import { openWorkbook, openXlsx, type XlsxOptions } from '../../src/sources/xlsx/reader.js';
import { FIXTURES } from '../helpers/files.js';
import { textRow, writeRawXlsx } from '../helpers/xlsx.js';

const tmp = mkdtempSync(join(tmpdir(), 'intake-xlsx-'));
const corpus = (p: string) => join(FIXTURES, 'corpus', p);

async function read(path: string, opts: XlsxOptions = {}) {
  const sheet = await openXlsx(path, opts);
  const rows: string[][] = [];
  const lines: number[] = [];
  for await (const c of sheet.chunks()) {
    rows.push(...c.rows);
    lines.push(...c.lines);
  }
  return { sheet, rows, lines };
}

describe('XLSX: the csvkit workbooks', () => {
  it('reads test.xlsx (1904 date system): dates, times, booleans, numbers as Excel shows them', async () => {
    const { sheet, rows } = await read(corpus('csvkit/test.xlsx'));
    expect(sheet.header).toEqual([
      'text',
      'date',
      'integer',
      'boolean',
      'float',
      'datetime',
      'empty_column',
    ]);
    expect(rows[0]).toEqual([
      'Chicago Reader',
      '1971-01-01',
      '40',
      'true',
      '1',
      '1971-01-01T04:14:00',
      '',
    ]);
    expect(rows[1]!.slice(0, 6)).toEqual([
      'Chicago Sun-Times',
      '1948-01-01',
      '63',
      'true',
      '1.27',
      '1948-01-01T14:57:13',
    ]);
    expect(rows[2]![4]).toBe('41800000.01');
    expect(rows[4]![0]).toBe('Unicode! Σ');
  });
  it('reads every sheet, each by its own name, or the one asked for by name or number', async () => {
    const book = await openWorkbook(corpus('csvkit/sheets.xlsx'));
    expect(book.sheets.map((s) => [s.facts.name, s.facts.sheet])).toEqual([
      ['sheets.xlsx › data', 'data'],
      ['sheets.xlsx › ʤ', 'ʤ'],
    ]);
    expect(book.skipped).toEqual([{ name: 'sheets.xlsx › not this one', reason: 'empty' }]);
    const byName = await read(corpus('csvkit/sheets.xlsx'), { sheet: 'data' });
    expect(byName.rows[0]!.slice(0, 2)).toEqual(['Chicago Reader', '1971-01-01']);
    const byIndex = await read(corpus('csvkit/sheets.xlsx'), { sheet: '2' });
    expect(byIndex.sheet.facts.sheet).toBe('data');
    await expect(openXlsx(corpus('csvkit/sheets.xlsx'), { sheet: 'nope' })).rejects.toThrow(
      /sheets: "not this one", "data", "ʤ"/,
    );
  });
  it('finds the header below blank lines, and numbers rows as Excel does', async () => {
    const { sheet, lines } = await read(corpus('csvkit/test_skip_lines.xlsx'));
    expect(sheet.facts.headerLine).toBe(4);
    expect(lines[0]).toBe(5);
  });
});

describe('XLSX: workbooks as people make them', () => {
  /** Customers under a merged two-line title, a stores sheet, a hidden and an empty one. */
  async function titledBook(path: string) {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('Customers');
    ws.addRow(['Customer list, March']);
    ws.mergeCells('A1:C1');
    ws.addRow(['Exported 2024-03-01']);
    ws.addRow([]);
    ws.addRow(['code', 'name', 'email']);
    ws.addRow(['C1', 'Ana', 'ana@example.com']);
    ws.addRow(['C2', 'Ben', 'ben@example.com']);
    book.addWorksheet('Stores').addRows([
      ['code', 'name'],
      ['S1', 'Lyon'],
    ]);
    book.addWorksheet('Old').state = 'hidden';
    book.getWorksheet('Old')!.addRow(['old', 'data']);
    book.addWorksheet('Empty');
    await book.xlsx.writeFile(path);
    return path;
  }

  it('each visible sheet on its own; a title above the header is skipped and said so', async () => {
    const path = await titledBook(join(tmp, 'titled.xlsx'));
    const book = await openWorkbook(path);
    expect(book.sheets.map((s) => s.facts.name)).toEqual([
      'titled.xlsx › Customers',
      'titled.xlsx › Stores',
    ]);
    expect(book.skipped).toEqual([
      { name: 'titled.xlsx › Old', reason: 'hidden in the workbook' },
      { name: 'titled.xlsx › Empty', reason: 'empty' },
    ]);
    const customers = book.sheets[0]!;
    expect(customers.header).toEqual(['code', 'name', 'email']);
    expect(customers.facts.headerLine).toBe(4);
    expect(customers.facts.warnings).toEqual([
      'the header is row 4: rows 1, 2 above it are titles, not data',
    ]);
    // The first rows as they are, for a header-row choice.
    expect(customers.facts.top!.slice(0, 2).map((r) => [r.line, r.cells[0]])).toEqual([
      [1, 'Customer list, March'],
      [2, 'Exported 2024-03-01'],
    ]);
    expect(customers.facts.top!.map((r) => r.line)).toEqual([1, 2, 4, 5, 6]);
    const rows: string[][] = [];
    for await (const c of customers.chunks()) rows.push(...c.rows);
    expect(rows).toEqual([
      ['C1', 'Ana', 'ana@example.com'],
      ['C2', 'Ben', 'ben@example.com'],
    ]);
    // Still said after a pass over the rows (which lists its own warnings again).
    expect(customers.facts.warnings[0]).toMatch(/above it are titles/);
  });

  it('a header row chosen for one sheet, by the name it goes by', async () => {
    const path = await titledBook(join(tmp, 'chosen.xlsx'));
    const book = await openWorkbook(path, { headerRows: { 'chosen.xlsx › Customers': 2 } });
    expect(book.sheets[0]!.header).toEqual(['Exported 2024-03-01']);
    expect(book.sheets[0]!.facts.headerLine).toBe(2);
    expect(book.sheets[1]!.facts.headerLine).toBe(1); // the other sheet: found as before
    await expect(openWorkbook(path, { headerRows: { 'chosen.xlsx › Stores': 9 } })).rejects.toThrow(
      /sheet "Stores" has no header row at row 9/,
    );
  });

  it('finds the header below many formatted but empty rows', async () => {
    const blanks = Array.from(
      { length: 15 },
      (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" s="1"/></row>`,
    );
    const path = await writeRawXlsx(join(tmp, 'blank-top.xlsx'), [
      {
        name: 'data',
        xml: `<sheetData>${blanks.join('')}${textRow(16, ['code', 'name'])}${textRow(17, ['C1', 'One'])}</sheetData>`,
      },
    ]);
    const { sheet, rows } = await read(path);
    expect(sheet.header).toEqual(['code', 'name']);
    expect(sheet.facts.headerLine).toBe(16);
    expect(rows).toEqual([['C1', 'One']]);
    // The preview shows rows with a value, not the blank ones above.
    expect(sheet.facts.top!.map((r) => r.line)).toEqual([16, 17]);
  });

  it('a one-column list is not mistaken for a title', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('emails').addRows([['email'], ['a@example.com'], ['b@example.com']]);
    const path = join(tmp, 'list.xlsx');
    await book.xlsx.writeFile(path);
    const { sheet, rows } = await read(path);
    expect(sheet.facts.name).toBe('list.xlsx'); // one sheet: the file's name
    expect(sheet.header).toEqual(['email']);
    expect(rows).toHaveLength(2);
  });
});

describe('XLSX: reader bugs worked around', () => {
  const dates = `<sheetData>${textRow(1, ['day', 'at', 'iso'])}<row r="2"><c r="A2" s="1"><v>45366</v></c><c r="B2" s="2"><v>45366.5</v></c><c r="C2" t="d"><v>2024-03-15T00:00:00Z</v></c></row></sheetData>`;
  it('the 1900 system, with its phantom 29 February', async () => {
    const { rows } = await read(
      await writeRawXlsx(join(tmp, 'd1900.xlsx'), [{ name: 'S', xml: dates }]),
    );
    expect(rows[0]).toEqual(['2024-03-15', '2024-03-15T12:00:00', '2024-03-15']);
    expect(serialToIso(1, false)).toBe('1900-01-01');
    expect(serialToIso(61, false)).toBe('1900-03-01');
  });
  it('the 1904 flag written as "true" as well as "1"', async () => {
    for (const flag of ['true', '1']) {
      const { rows } = await read(
        await writeRawXlsx(join(tmp, `d1904-${flag}.xlsx`), [{ name: 'S', xml: dates }], {
          date1904: flag,
        }),
      );
      expect(rows[0]!.slice(0, 2)).toEqual(['2028-03-16', '2028-03-16T12:00:00']);
      expect(rows[0]![2]).toBe('2024-03-15'); // an ISO cell does not depend on the system
    }
  });
  it('shared, inline and CDATA strings, formulas by their cached value, booleans, errors', async () => {
    const xml = `<sheetData>${textRow(1, ['a', 'b', 'c', 'd', 'e'])}<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="inlineStr"><is><t><![CDATA[<kept>]]></t></is></c><c r="C2"><f>1+1</f><v>2</v></c><c r="D2" t="b"><v>0</v></c><c r="E2" t="e"><v>#N/A</v></c></row></sheetData>`;
    const { rows } = await read(
      await writeRawXlsx(join(tmp, 'cells.xlsx'), [{ name: 'S', xml }], { strings: ['Zoë'] }),
    );
    expect(rows[0]).toEqual(['Zoë', '<kept>', '2', 'false', '#N/A']);
  });
});

describe('XLSX: what Excel hides is reported', () => {
  const xml = `<cols><col min="3" max="3" hidden="1"/></cols><sheetData>${textRow(1, ['a', 'b', 'c'])}${textRow(2, ['1', '2', '3'])}${textRow(3, ['4', '5', '6'], ' hidden="1"')}${textRow(4, ['7', '8', '9'])}</sheetData><autoFilter ref="A1:C4"/><mergeCells><mergeCell ref="A4:B4"/></mergeCells>`;
  it('hidden rows, hidden columns, an active filter and merged cells become warnings', async () => {
    const path = await writeRawXlsx(join(tmp, 'hidden.xlsx'), [{ name: 'S', xml }]);
    const { sheet, rows } = await read(path);
    expect(rows).toHaveLength(3);
    expect(sheet.facts.warnings).toEqual([
      '1 hidden rows were imported: rows 3',
      'hidden columns: C',
      'an active filter covers A1:C4; rows it hides are listed as hidden rows',
      'merged cells (only the first cell keeps the value): A4:B4',
    ]);
    const skipped = await read(path, { hiddenRows: 'skip' });
    expect(skipped.lines).toEqual([2, 4]);
    expect(skipped.sheet.facts.warnings[0]).toBe('1 hidden rows were skipped: rows 3');
  });
  it('skips hidden sheets when choosing the default', async () => {
    const path = await writeRawXlsx(join(tmp, 'hidden-sheet.xlsx'), [
      { name: 'secret', xml: `<sheetData>${textRow(1, ['x'])}</sheetData>`, hidden: true },
      { name: 'open', xml: `<sheetData>${textRow(1, ['y'])}${textRow(2, ['1'])}</sheetData>` },
    ]);
    expect((await read(path)).sheet.header).toEqual(['y']);
  });
});

describe('XLSX: broken files are clear errors', () => {
  it('refuses a file that is not a workbook, and an empty sheet', async () => {
    const fake = join(tmp, 'fake.xlsx');
    writeFileSync(fake, 'this is not a zip');
    await expect(openXlsx(fake)).rejects.toMatchObject({ code: 'INTAKE_E_XLSX' });
    const empty = await writeRawXlsx(join(tmp, 'empty.xlsx'), [{ name: 'S', xml: '<sheetData/>' }]);
    await expect(openXlsx(empty)).rejects.toMatchObject({ code: 'INTAKE_E_FILE_EMPTY' });
  });
});

describe('XLSX: written by exceljs, read as a stream', () => {
  it('reads 20,000 rows in bounded chunks with dates and text as typed', async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('customers');
    ws.addRow(['external_id', 'email', 'join_date', 'mobile']);
    for (let i = 0; i < 20_000; i++)
      ws.addRow([
        `C${i}`,
        `c${i}@example.com`,
        new Date(Date.UTC(2023, 0, 1 + (i % 300))),
        `+3361234${String(i).padStart(4, '0')}`,
      ]);
    ws.getColumn(3).numFmt = 'dd/mm/yyyy';
    const path = join(tmp, 'big.xlsx');
    await book.xlsx.writeFile(path);
    const sheet = await openXlsx(path, { chunkRows: 1000 });
    let n = 0;
    let first: string[] | undefined;
    for await (const c of sheet.chunks()) {
      expect(c.rows.length).toBeLessThanOrEqual(1000);
      first ??= c.rows[0];
      n += c.rows.length;
    }
    expect(n).toBe(20_000);
    expect(first).toEqual(['C0', 'c0@example.com', '2023-01-01', '+33612340000']);
  });
});
