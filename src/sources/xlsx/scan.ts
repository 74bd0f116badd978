import { IntakeError } from '../../core/codes.js';

/**
 * A scanner for worksheet XML, the one hot path of reading a workbook. A general XML
 * parser (saxes, exceljs) spends most of its time on events for every tag; worksheet
 * XML is regular (rows of cells of values), so this reads it with indexOf and a few
 * small regular expressions over a sliding buffer, about twice as fast (measured in
 * npm run bench). Only this part is hand-written: workbook, styles and shared strings
 * go through saxes.
 */
export interface ScannedCell {
  col: number;
  type: string;
  style: number;
  value: string;
}

export interface ScanHandlers {
  row(r: number | undefined, hidden: boolean, cells: ScannedCell[]): void;
  hiddenColumns(min: number, max: number): void;
  autoFilter(ref: string): void;
  mergeCell(ref: string): void;
}

const ATTR = /([\w:]+)="([^"]*)"/g;

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  ATTR.lastIndex = 0;
  for (let m = ATTR.exec(tag); m; m = ATTR.exec(tag)) out[m[1]!] = m[2]!;
  return out;
}

/** One attribute of a tag, without a general attribute parse (the cell hot path). */
function attr(tag: string, name: string): string | undefined {
  const key = ` ${name}="`;
  const i = tag.indexOf(key);
  if (i < 0) return undefined;
  const from = i + key.length;
  return tag.slice(from, tag.indexOf('"', from));
}

const ENTITY = /&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (ref: string, e: string) => {
    if (e[0] !== '#') return NAMED[e]!;
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    if (!(code <= 0x10ffff)) {
      // A bad file is the file's problem, said as such (never retried as a fault).
      throw new IntakeError(
        'INTAKE_E_XLSX',
        `a cell holds the character reference ${ref}, which names no character: the file is damaged`,
      );
    }
    return String.fromCodePoint(code);
  });
}

/**
 * Most XML one cell (or one shared string) may take before it closes
 * (`limits.cellXmlChars`). Excel holds at most 32,767 characters in a cell; escaped and
 * in rich-text runs that is well under the default. A cell that never closes is
 * refused instead of growing the buffer (and its search) without end.
 */
function tooLong(what: string, max: number): IntakeError {
  return new IntakeError(
    'INTAKE_E_XLSX_LIMIT',
    `${what} holds more than ${max} characters of XML without closing: the file is damaged or hostile`,
  );
}

/** The text of <v> or of the <t> runs (outside <rPh> phonetic runs), CDATA included. */
export function cellValue(inner: string): string {
  if (inner === '') return '';
  const v = inner.indexOf('<v');
  if (v >= 0 && (inner[v + 2] === '>' || inner[v + 2] === ' ')) {
    const start = inner.indexOf('>', v) + 1;
    return text(inner.slice(start, inner.indexOf('</v>', start)));
  }
  let out = '';
  let pos = 0;
  const body = inner.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  while (true) {
    const t = body.indexOf('<t', pos);
    if (t < 0) break;
    const c = body[t + 2];
    if (c !== '>' && c !== ' ') {
      pos = t + 2;
      continue;
    }
    const open = body.indexOf('>', t);
    if (body[open - 1] === '/') {
      pos = open + 1;
      continue;
    }
    const close = body.indexOf('</t>', open);
    out += text(body.slice(open + 1, close));
    pos = close + 4;
  }
  return out;
}

function text(raw: string): string {
  if (!raw.includes('<![CDATA[')) return decodeXml(raw);
  return raw
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) => (part.startsWith('<![CDATA[') ? part.slice(9, -3) : decodeXml(part)))
    .join('');
}

const isNameEnd = (ch: string | undefined) =>
  ch === ' ' || ch === '>' || ch === '/' || ch === '\t' || ch === '\n' || ch === '\r';

export class SheetScanner {
  private buffer = '';
  private row: { r?: number; hidden: boolean; cells: ScannedCell[] } | undefined;
  private lastCol = -1;

  constructor(
    private readonly h: ScanHandlers,
    private readonly columnIndex: (ref: string) => number,
    private readonly maxCellXml: number,
  ) {}

  /** Feed the next piece of XML; complete tags are handled, a cut one waits for more. */
  write(chunk: string): void {
    const b = this.buffer + chunk;
    let pos = 0;
    while (true) {
      const lt = b.indexOf('<', pos);
      if (lt < 0) {
        pos = b.length;
        break;
      }
      const gt = b.indexOf('>', lt);
      if (gt < 0) {
        pos = lt;
        break;
      }
      const c1 = b[lt + 1];
      if (c1 === 'c' && isNameEnd(b[lt + 2])) {
        // A cell: up to its own end, or to </c>.
        let end: number;
        let inner = '';
        if (b[gt - 1] === '/') end = gt + 1;
        else {
          const close = b.indexOf('</c>', gt);
          if (close < 0) {
            pos = lt;
            break;
          }
          inner = b.slice(gt + 1, close);
          end = close + 4;
        }
        const tag = b.slice(lt, gt);
        const r = attr(tag, 'r');
        const s = attr(tag, 's');
        const col = r ? this.columnIndex(r) : this.lastCol + 1;
        this.lastCol = col;
        this.row?.cells.push({
          col,
          type: attr(tag, 't') ?? 'n',
          style: s ? Number(s) : 0,
          value: cellValue(inner),
        });
        pos = end;
        continue;
      }
      const tag = b.slice(lt + 1, gt);
      if (tag.startsWith('row') && isNameEnd(tag[3])) {
        const a = attrs(tag);
        this.row = {
          r: a.r ? Number(a.r) : undefined,
          hidden: a.hidden === '1' || a.hidden === 'true',
          cells: [],
        };
        this.lastCol = -1;
        if (tag.endsWith('/')) this.endRow();
      } else if (tag === '/row') {
        this.endRow();
      } else if (tag.startsWith('col') && isNameEnd(tag[3])) {
        const a = attrs(tag);
        if (a.hidden === '1' || a.hidden === 'true')
          this.h.hiddenColumns(Number(a.min), Number(a.max));
      } else if (tag.startsWith('autoFilter') && isNameEnd(tag[10])) {
        const ref = attrs(tag).ref;
        if (ref) this.h.autoFilter(ref);
      } else if (tag.startsWith('mergeCell') && isNameEnd(tag[9])) {
        const ref = attrs(tag).ref;
        if (ref) this.h.mergeCell(ref);
      }
      pos = gt + 1;
    }
    this.buffer = b.slice(pos);
    if (this.buffer.length > this.maxCellXml) {
      throw tooLong(`a cell after row ${this.row?.r ?? '?'}`, this.maxCellXml);
    }
  }

  private endRow(): void {
    if (!this.row) return;
    this.h.row(this.row.r, this.row.hidden, this.row.cells);
    this.row = undefined;
  }
}

/** Shared strings: the text of each <si>, read with the same scanner rules as cells. */
export class SharedStringScanner {
  private buffer = '';
  readonly strings: string[] = [];

  constructor(private readonly maxCellXml: number) {}

  write(chunk: string): void {
    const b = this.buffer + chunk;
    let pos = 0;
    while (true) {
      const open = b.indexOf('<si', pos);
      if (open < 0) {
        pos = Math.max(pos, b.length - 3);
        break;
      }
      const gt = b.indexOf('>', open);
      if (gt < 0) {
        pos = open;
        break;
      }
      if (b[gt - 1] === '/') {
        this.strings.push('');
        pos = gt + 1;
        continue;
      }
      const close = b.indexOf('</si>', gt);
      if (close < 0) {
        pos = open;
        break;
      }
      this.strings.push(cellValue(b.slice(gt + 1, close)));
      pos = close + 5;
    }
    this.buffer = b.slice(pos);
    if (this.buffer.length > this.maxCellXml)
      throw tooLong(`shared string ${this.strings.length + 1}`, this.maxCellXml);
  }
}
