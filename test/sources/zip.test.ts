import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_READER_LIMITS } from '../../src/sources/limits.js';
import { openSource } from '../../src/sources/open.js';
import { extractZip } from '../../src/sources/zip.js';
import { FIXTURES } from '../helpers/files.js';
import { writeZip } from '../helpers/xlsx.js';

const tmp = mkdtempSync(join(tmpdir(), 'intake-zip-'));

describe('ZIP archives', () => {
  it('opens every data member, ignores folders, __MACOSX and dot files, names what it does not read', async () => {
    const path = await writeZip(join(tmp, 'a.zip'), {
      'data/': '',
      'data/stores.csv': 'code,name\nP1,Paris\n',
      'data/customers.ndjson': '{"email":"a@b.co"}\n',
      '__MACOSX/data/._stores.csv': 'junk',
      'data/.DS_Store': 'junk',
      'data/readme.pdf': '%PDF',
    });
    const opened = await openSource(path, {}, join(tmp, 'work-a'));
    expect(opened.sheets.map((s) => [s.facts.name, s.facts.archive, s.header])).toEqual([
      ['data/stores.csv', 'a.zip', ['code', 'name']],
      ['data/customers.ndjson', 'a.zip', ['email']],
    ]);
    expect(opened.skipped).toEqual([
      { name: 'data/readme.pdf', reason: 'a .pdf file is not a data file Intake reads' },
    ]);
    expect(opened.ignored).toEqual(['data/', '__MACOSX/data/._stores.csv', 'data/.DS_Store']);
  });

  it('keeps or leaves out members by name', async () => {
    const path = await writeZip(join(tmp, 'b.zip'), { 'x.csv': 'a\n1\n', 'y.csv': 'a\n2\n' });
    expect(
      (await openSource(path, { only: ['y.csv'] }, join(tmp, 'w1'))).sheets.map(
        (s) => s.facts.name,
      ),
    ).toEqual(['y.csv']);
    expect(
      (await openSource(path, { exclude: ['y.csv'] }, join(tmp, 'w2'))).sheets.map(
        (s) => s.facts.name,
      ),
    ).toEqual(['x.csv']);
  });

  it('refuses a member whose path leaves the archive (zip-slip), writing nothing outside', async () => {
    const path = await writeZip(join(tmp, 'slip.zip'), { 'aa/evil.csv': 'a\n1\n' });
    // yazl will not write "../": patch the name, same length, in both headers.
    const bytes = readFileSync(path);
    writeFileSync(
      path,
      Buffer.from(bytes.toString('latin1').split('aa/evil.csv').join('../evil.csv'), 'latin1'),
    );
    const work = join(tmp, 'deep', 'work');
    await expect(extractZip(path, work)).rejects.toMatchObject({ code: 'INTAKE_E_ZIP_UNSAFE' });
    expect(existsSync(join(tmp, 'deep', 'evil.csv'))).toBe(false);
    expect(readdirSync(work)).toEqual([]);
  });

  it('refuses a zip bomb by the bytes it really inflates', async () => {
    const path = await writeZip(join(tmp, 'bomb.zip'), {
      'zeros.csv': Buffer.alloc(64 * 1024 * 1024),
    });
    await expect(extractZip(path, join(tmp, 'w-bomb'))).rejects.toMatchObject({
      code: 'INTAKE_E_ZIP_LIMIT',
      message: expect.stringContaining('zip bomb'),
    });
    await expect(
      extractZip(path, join(tmp, 'w-bomb2'), {
        ...DEFAULT_READER_LIMITS,
        inflatedBytes: 1024 * 1024,
        inflateRatio: 1e9,
      }),
    ).rejects.toMatchObject({
      code: 'INTAKE_E_ZIP_LIMIT',
    });
  });

  it('refuses too many members, and a file that is not a ZIP', async () => {
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.csv`, 'a\n1\n']));
    const path = await writeZip(join(tmp, 'many.zip'), many);
    await expect(
      extractZip(path, join(tmp, 'w-many'), { ...DEFAULT_READER_LIMITS, zipMembers: 10 }),
    ).rejects.toMatchObject({
      code: 'INTAKE_E_ZIP_LIMIT',
    });
    const fake = join(tmp, 'fake.zip');
    writeFileSync(fake, 'nope');
    await expect(extractZip(fake, join(tmp, 'w-fake'))).rejects.toMatchObject({
      code: 'INTAKE_E_ZIP',
    });
  });

  it('reads the messytables archive', async () => {
    const opened = await openSource(
      join(FIXTURES, 'corpus', 'messytables', 'simple.zip'),
      {},
      join(tmp, 'w-mt'),
    );
    expect(opened.sheets[0]!.header).toEqual(['date', 'temperature', 'place']);
  });
});
