import { existsSync } from 'node:fs';
import yauzl from 'yauzl';
import type { Readable } from 'node:stream';
import { IntakeError } from '../../core/codes.js';
import { openGuarded } from '../inflate.js';
import { DEFAULT_READER_LIMITS, type ReaderLimits } from '../limits.js';

/**
 * The ZIP container of an XLSX file, opened with yauzl: entries are indexed once,
 * then any part can be streamed as often as needed (a sheet is read twice).
 */
export interface Package {
  /** What its parts and cells may hold. */
  limits: ReaderLimits;
  has(name: string): boolean;
  stream(name: string): Promise<Readable>;
  text(name: string): Promise<string>;
  close(): void;
}

export async function openPackage(
  path: string,
  label: string,
  limits: ReaderLimits = DEFAULT_READER_LIMITS,
): Promise<Package> {
  if (!existsSync(path)) throw new IntakeError('INTAKE_E_FILE_NOT_FOUND', `${path}: no such file`);
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (err, z) =>
      err ? reject(err) : resolve(z!),
    ),
  ).catch((e: Error) => {
    throw new IntakeError('INTAKE_E_XLSX', `${label}: not a readable Excel file (${e.message})`);
  });
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      entries.set(e.fileName.replace(/^\//, ''), e);
      zip.readEntry();
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  }).catch((e: Error) => {
    throw new IntakeError('INTAKE_E_XLSX', `${label}: the file is damaged (${e.message})`);
  });
  // A workbook is a ZIP: its parts inflate under the same guard as an archive's
  // members (a 1 MB workbook of 10 GB of blanks is refused in its first megabyte).
  const stream = async (name: string): Promise<Readable> => {
    const entry = entries.get(name);
    if (!entry) throw new IntakeError('INTAKE_E_XLSX', `${label}: part ${name} is missing`);
    return openGuarded(
      zip,
      entry,
      { maxBytes: limits.inflatedBytes, maxRatio: limits.inflateRatio },
      { label, code: 'INTAKE_E_XLSX_LIMIT' },
    );
  };
  return {
    limits,
    has: (name) => entries.has(name),
    stream,
    async text(name) {
      let out = '';
      const s = await stream(name);
      s.setEncoding('utf8');
      for await (const chunk of s) out += chunk as string;
      return out;
    },
    close: () => zip.close(),
  };
}
