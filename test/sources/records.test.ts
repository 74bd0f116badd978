import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openInline, parseInline } from '../../src/sources/inline.js';
import { openJson } from '../../src/sources/json.js';
import type { Sheet } from '../../src/sources/sheet.js';

const tmp = mkdtempSync(join(tmpdir(), 'intake-json-'));
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};
async function all(sheet: Sheet) {
  const rows: string[][] = [];
  const lines: number[] = [];
  const problems: string[] = [];
  for await (const c of sheet.chunks()) {
    for (const [i, p] of c.problems) problems.push(`${c.lines[i]}: ${p.code}`);
    rows.push(...c.rows);
    lines.push(...c.lines);
  }
  return { rows, lines, problems };
}

describe('JSON arrays', () => {
  it('stream objects as rows under the union of their keys, values as a CSV cell holds them', async () => {
    const sheet = await openJson(
      file(
        'a.json',
        JSON.stringify([
          { email: 'a@b.co', points: 12, vip: true },
          { email: 'c@d.co', tags: ['x'], note: null },
        ]),
      ),
    );
    expect(sheet.header).toEqual(['email', 'points', 'vip', 'tags', 'note']);
    expect(sheet.facts.delimiter).toBe('json');
    const { rows, lines } = await all(sheet);
    expect(rows).toEqual([
      ['a@b.co', '12', 'true', '', ''],
      ['c@d.co', '', '', '["x"]', ''],
    ]);
    expect(lines).toEqual([1, 2]);
  });
  it('refuses an item that is not an object, and a broken file as a whole', async () => {
    const { problems } = await all(await openJson(file('b.json', '[{"a":1}, 7]')));
    expect(problems).toEqual(['2: INTAKE_E_JSON']);
    await expect(openJson(file('c.json', '[{"a":1}, {"a":'))).rejects.toMatchObject({
      code: 'INTAKE_E_JSON',
    });
    await expect(openJson(file('d.json', '  '))).rejects.toMatchObject({
      code: 'INTAKE_E_FILE_EMPTY',
    });
  });
});

describe('NDJSON', () => {
  it('reads one object per line, refuses bad lines by their number, and skips lines', async () => {
    const p = file('e.ndjson', '{"email":"a@b.co"}\n\nnot json\n{"email":"c@d.co","x":1}\n[1]\n');
    const { rows, lines, problems } = await all(await openJson(p));
    expect(rows[0]).toEqual(['a@b.co', '']);
    expect(lines).toEqual([1, 3, 4, 5]);
    expect(problems).toEqual(['3: INTAKE_E_JSON', '5: INTAKE_E_JSON']);
    const skipped = await all(await openJson(p, 'e.ndjson', 3));
    expect(skipped.lines).toEqual([4, 5]);
  });
  it('is recognised in a .json file that does not start with [', async () => {
    expect((await openJson(file('f.json', '{"a":1}\n{"a":2}\n'))).facts.delimiter).toBe('ndjson');
  });
});

describe('inline records', () => {
  it('reads field=value||field=value, one record per line; a value may hold =', () => {
    expect(parseInline('email=a@b.c||mobile=0612345678\n\nnote=x=y')).toEqual([
      { line: 1, record: { email: 'a@b.c', mobile: '0612345678' } },
      { line: 3, record: { note: 'x=y' } },
    ]);
  });
  it('refuses a record with a pair that is not field=value', async () => {
    const { problems } = await all(await openInline('email=a@b.c||oops'));
    expect(problems).toEqual(['1: INTAKE_E_ROW_SHAPE']);
  });
  it('refuses a record that gives a field twice (two records on one line), saying which', () => {
    expect(parseInline('code=S1||name=One||code=S2||name=Two')[0]).toMatchObject({
      line: 1,
      problem: {
        code: 'INTAKE_E_ROW_SHAPE',
        message: 'field "code" is given twice in this record (one record per line)',
      },
    });
  });
  it('refuses empty input', async () => {
    await expect(openInline('  \n')).rejects.toMatchObject({ code: 'INTAKE_E_FILE_EMPTY' });
  });
});
