import { describe, expect, it } from 'vitest';
import { columnIndex, columnName } from '../../src/sources/xlsx/cells.js';
import { DEFAULT_READER_LIMITS } from '../../src/sources/limits.js';
import {
  SharedStringScanner,
  SheetScanner,
  decodeXml,
  type ScannedCell,
} from '../../src/sources/xlsx/scan.js';

function scan(xml: string, pieces = 7) {
  const rows: { r?: number; hidden: boolean; cells: ScannedCell[] }[] = [];
  const meta: string[] = [];
  const s = new SheetScanner(
    {
      row: (r, hidden, cells) => rows.push({ r, hidden, cells }),
      hiddenColumns: (min, max) => meta.push(`cols ${min}-${max}`),
      autoFilter: (ref) => meta.push(`filter ${ref}`),
      mergeCell: (ref) => meta.push(`merge ${ref}`),
    },
    columnIndex,
    DEFAULT_READER_LIMITS.cellXmlChars,
  );
  // Fed in small pieces: tags cut anywhere must still be read whole.
  for (let i = 0; i < xml.length; i += pieces) s.write(xml.slice(i, i + pieces));
  return { rows, meta };
}

describe('worksheet scanner', () => {
  it('reads cells by reference, type and style, decoding entities and CDATA', () => {
    const xml =
      '<worksheet><cols><col min="2" max="3" hidden="1"/><col min="4" max="4"/></cols><sheetData>' +
      '<row r="1" spans="1:3"><c r="A1" t="inlineStr"><is><t>Tom &amp; Jerry</t></is></c><c r="C1" s="2"><v>45366</v></c><c r="D1"/></row>' +
      '<row r="3" hidden="1"><c r="B3" t="inlineStr"><is><r><t>rich </t></r><r><t xml:space="preserve">text</t></r><rPh><t>ルビ</t></rPh></is></c></row>' +
      '<row r="4"><c t="inlineStr"><is><t><![CDATA[<a&b>]]></t></is></c><c><v>&#233;&#x2603;</v></c></row>' +
      '<row r="5"/></sheetData><autoFilter ref="A1:C5"/><mergeCells count="1"><mergeCell ref="A4:B4"/></mergeCells></worksheet>';
    const { rows, meta } = scan(xml);
    expect(
      rows.map((r) => [
        r.r,
        r.hidden,
        r.cells.map((c) => `${c.col}:${c.type}:${c.style}:${c.value}`),
      ]),
    ).toEqual([
      [1, false, ['0:inlineStr:0:Tom & Jerry', '2:n:2:45366', '3:n:0:']],
      [3, true, ['1:inlineStr:0:rich text']],
      [4, false, ['0:inlineStr:0:<a&b>', '1:n:0:é☃']],
      [5, false, []],
    ]);
    expect(meta).toEqual(['cols 2-3', 'filter A1:C5', 'merge A4:B4']);
  });
  it('reads shared strings, rich text and empty ones', () => {
    const s = new SharedStringScanner(DEFAULT_READER_LIMITS.cellXmlChars);
    const xml = '<sst><si><t>a&lt;b</t></si><si/><si><r><t>x</t></r><r><t>y</t></r></si></sst>';
    for (let i = 0; i < xml.length; i += 5) s.write(xml.slice(i, i + 5));
    expect(s.strings).toEqual(['a<b', '', 'xy']);
  });
  it('names columns both ways', () => {
    expect([columnIndex('A1'), columnIndex('Z9'), columnIndex('AA1'), columnIndex('XFD1')]).toEqual(
      [0, 25, 26, 16383],
    );
    expect([columnName(0), columnName(27), columnName(16383)]).toEqual(['A', 'AB', 'XFD']);
    expect(decodeXml('&quot;&apos;&gt;')).toBe('"\'>');
  });
});
