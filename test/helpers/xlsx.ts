import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import yazl from 'yazl';

/**
 * Hand-made .xlsx files for reader tests: the XML is written as given, so that a test
 * can hold exactly the quirk it is about (date1904="true", t="d" cells, CDATA...).
 * Style 1 is a date format (numFmtId 14), style 2 a date-time (22).
 */
export interface RawSheet {
  name: string;
  /** The inside of <worksheet>: <sheetData>...</sheetData> and friends. */
  xml: string;
  /** Or the whole part as a stream (a hostile sheet too large to hold as a string). */
  stream?: () => Readable;
  hidden?: boolean;
}

export async function writeRawXlsx(
  path: string,
  sheets: RawSheet[],
  opts: { date1904?: string; strings?: string[] } = {},
): Promise<string> {
  const zip = new yazl.ZipFile();
  const add = (name: string, text: string) => zip.addBuffer(Buffer.from(text, 'utf8'), name);
  const ns =
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  add(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`,
  );
  add(
    '_rels/.rels',
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  const rels = sheets.map(
    (_, i) =>
      `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  );
  rels.push(
    `<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`,
  );
  rels.push(
    `<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`,
  );
  add(
    'xl/_rels/workbook.xml.rels',
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`,
  );
  const pr = opts.date1904 ? `<workbookPr date1904="${opts.date1904}"/>` : '<workbookPr/>';
  const list = sheets.map(
    (s, i) =>
      `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"${s.hidden ? ' state="hidden"' : ''}/>`,
  );
  add(
    'xl/workbook.xml',
    `<?xml version="1.0"?><workbook ${ns}>${pr}<sheets>${list.join('')}</sheets></workbook>`,
  );
  add(
    'xl/styles.xml',
    `<?xml version="1.0"?><styleSheet ${ns}><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>`,
  );
  const strings = (opts.strings ?? []).map((s) => `<si><t>${s}</t></si>`).join('');
  add('xl/sharedStrings.xml', `<?xml version="1.0"?><sst ${ns}>${strings}</sst>`);
  sheets.forEach((s, i) =>
    s.stream
      ? zip.addReadStream(s.stream(), `xl/worksheets/sheet${i + 1}.xml`)
      : add(
          `xl/worksheets/sheet${i + 1}.xml`,
          `<?xml version="1.0"?><worksheet ${ns}>${s.xml}</worksheet>`,
        ),
  );
  zip.end();
  const out = createWriteStream(path);
  zip.outputStream.pipe(out);
  await once(out, 'finish');
  return path;
}

/** A row of inline-string cells (A, B, C...) at row r. */
export function textRow(r: number, values: string[], attrs = ''): string {
  const cells = values.map(
    (v, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${v}</t></is></c>`,
  );
  return `<row r="${r}"${attrs}>${cells.join('')}</row>`;
}

/** A ZIP of the given members (name -> content), written with yazl. */
export async function writeZip(
  path: string,
  members: Record<string, string | Buffer | (() => Readable)>,
): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(members)) {
    if (name.endsWith('/')) zip.addEmptyDirectory(name);
    else if (typeof content === 'function') zip.addReadStream(content(), name);
    else zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), name);
  }
  zip.end();
  const out = createWriteStream(path);
  zip.outputStream.pipe(out);
  await once(out, 'finish');
  return path;
}

/** A stream of `head`, then `bytes` of one character, then `tail`: a bomb, never in memory. */
export function repeated(head: string, char: string, bytes: number, tail = ''): () => Readable {
  return () =>
    Readable.from(
      (function* () {
        yield Buffer.from(head);
        const block = Buffer.alloc(1024 * 1024, char);
        for (let left = bytes; left > 0; left -= block.length) {
          yield left >= block.length ? block : block.subarray(0, left);
        }
        yield Buffer.from(tail);
      })(),
    );
}
