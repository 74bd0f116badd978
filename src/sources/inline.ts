import { IntakeError } from '../core/codes.js';
import { collectKeys, recordChunks, type RecordItem } from './records.js';
import type { Sheet } from './sheet.js';
import { CHUNK_ROWS } from './limits.js';

/**
 * Inline records (SPEC F5): `field=value||field=value`, one record per line. A pair
 * without "=" refuses its record with a message; a value may itself hold "=".
 */
export function parseInline(text: string): RecordItem[] {
  const items: RecordItem[] = [];
  text.split(/\r\n|\n|\r/).forEach((line, i) => {
    if (line.trim() === '') return;
    // No prototype: a field named "__proto__" is a key like any other.
    const record = Object.create(null) as Record<string, string>;
    for (const pair of line.split('||')) {
      const eq = pair.indexOf('=');
      const key = eq > 0 ? pair.slice(0, eq).trim() : '';
      // A field given twice in one record (two records written on one line) would keep
      // only its last value: the record is refused instead, saying which field.
      const problem = !key
        ? `"${pair}" is not field=value (records look like email=a@b.c||mobile=0612345678)`
        : key in record
          ? `field "${key}" is given twice in this record (one record per line)`
          : undefined;
      if (problem) {
        items.push({
          record,
          line: i + 1,
          problem: { code: 'INTAKE_E_ROW_SHAPE', message: problem },
        });
        return;
      }
      record[key] = pair.slice(eq + 1);
    }
    items.push({ line: i + 1, record });
  });
  return items;
}

export async function openInline(text: string, name = 'inline', skipLines = 0): Promise<Sheet> {
  const items = parseInline(
    text
      .split(/\r\n|\n|\r/)
      .slice(skipLines)
      .join('\n'),
  );
  const iterate = async function* () {
    yield* items;
  };
  const header = await collectKeys(iterate());
  if (header.length === 0)
    throw new IntakeError('INTAKE_E_FILE_EMPTY', `${name}: no field=value record given`);
  return {
    facts: {
      name,
      encoding: 'utf-8',
      delimiter: '||',
      detected: { encoding: false, delimiter: false },
      headerLine: 0,
      warnings: [],
    },
    header,
    chunks: () => recordChunks(header, iterate(), CHUNK_ROWS),
  };
}
