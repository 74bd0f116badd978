import { posix } from 'node:path';
import { SharedStringScanner } from './scan.js';
import { parseXml } from './xml.js';
import type { Package } from './package.js';

/** The workbook part: sheets (name, visibility, part) and the date system. */
export interface WorkbookInfo {
  sheets: { name: string; part: string; hidden: boolean }[];
  /** Serial dates count from 1904-01-01 rather than 1899-12-30. */
  date1904: boolean;
  sharedStrings?: string;
  styles?: string;
}

// The flag is written "1" by Excel and "true" by other producers (an exceljs bug
// reads only one of them).
const TRUE = new Set(['1', 'true']);

export async function readWorkbook(pkg: Package): Promise<WorkbookInfo> {
  const rels = new Map<string, { target: string; type: string }>();
  await parseXml(await pkg.stream('xl/_rels/workbook.xml.rels'), {
    open(name, a) {
      if (name === 'Relationship' && a.Id && a.Target) {
        const target = a.Target.startsWith('/') ? a.Target.slice(1) : posix.join('xl', a.Target);
        rels.set(a.Id, { target, type: a.Type ?? '' });
      }
    },
  });
  const info: WorkbookInfo = { sheets: [], date1904: false };
  await parseXml(await pkg.stream('xl/workbook.xml'), {
    open(name, a) {
      // Extensions may hold another workbookPr (x15:workbookPr) without the flag.
      if (name === 'workbookPr' && a.date1904 !== undefined)
        info.date1904 = TRUE.has(a.date1904.toLowerCase());
      if (name === 'sheet') {
        const rel = rels.get(a['r:id'] ?? '');
        if (rel)
          info.sheets.push({
            name: a.name ?? '',
            part: rel.target,
            hidden: (a.state ?? 'visible') !== 'visible',
          });
      }
    },
  });
  for (const { target, type } of rels.values()) {
    if (type.endsWith('/sharedStrings')) info.sharedStrings = target;
    if (type.endsWith('/styles')) info.styles = target;
  }
  return info;
}

/** Shared strings, rich text runs joined (phonetic runs left out). */
export async function readSharedStrings(pkg: Package, part: string | undefined): Promise<string[]> {
  if (!part || !pkg.has(part)) return [];
  const scanner = new SharedStringScanner(pkg.limits.cellXmlChars);
  const stream = await pkg.stream(part);
  stream.setEncoding('utf8');
  for await (const chunk of stream) scanner.write(chunk as string);
  return scanner.strings;
}

const DATE_FORMAT_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57,
]);

/** For each cell style index, whether its number format shows a date or time. */
export async function readDateStyles(pkg: Package, part: string | undefined): Promise<boolean[]> {
  if (!part || !pkg.has(part)) return [];
  const custom = new Map<number, string>();
  const styles: number[] = [];
  let inXfs = false;
  await parseXml(await pkg.stream(part), {
    open(name, a) {
      if (name === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? '');
      if (name === 'cellXfs') inXfs = true;
      if (name === 'xf' && inXfs) styles.push(Number(a.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inXfs = false;
    },
  });
  return styles.map((id) => {
    const code = custom.get(id);
    if (code === undefined) return DATE_FORMAT_IDS.has(id);
    // Date tokens outside quoted text and [colour]/[locale] brackets.
    const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
    return /[dmyhs]/i.test(bare) && !/^[#0.,%E+\-\s]*$/.test(bare);
  });
}
