import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, join, posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import yauzl from 'yauzl';
import { IntakeError } from '../core/codes.js';
import { openGuarded } from './inflate.js';
import { DEFAULT_READER_LIMITS, type ReaderLimits } from './limits.js';

/**
 * ZIP archives of data files (SPEC F3), safe by construction: members are written
 * under generated names in a work folder (a member's own path never names a file on
 * disk, so "../" cannot escape: zip-slip), and the number of members, the total
 * uncompressed size and each member's compression ratio are bounded, counting the
 * bytes really inflated rather than trusting the headers (zip bombs).
 */

export interface ZipMember {
  /** Path inside the archive, as stored. */
  name: string;
  /** Where it was extracted. */
  path: string;
  size: number;
}

export interface ZipListing {
  members: ZipMember[];
  /** Entries left out: folders, __MACOSX, dot files. */
  ignored: string[];
}

const IGNORED = (name: string) =>
  name.endsWith('/') || name.startsWith('__MACOSX/') || basename(name).startsWith('.');

function unsafe(name: string): boolean {
  const normal = posix.normalize(name.replace(/\\/g, '/'));
  return (
    normal.startsWith('/') ||
    normal === '..' ||
    normal.startsWith('../') ||
    /^[a-zA-Z]:/.test(normal)
  );
}

export async function extractZip(
  path: string,
  workDir: string,
  limits: ReaderLimits = DEFAULT_READER_LIMITS,
): Promise<ZipListing> {
  const label = basename(path);
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, z) =>
      err ? reject(err) : resolve(z!),
    ),
  ).catch((e: Error) => {
    throw new IntakeError(
      (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'INTAKE_E_FILE_NOT_FOUND' : 'INTAKE_E_ZIP',
      `${label}: not a readable ZIP archive (${e.message})`,
    );
  });
  await mkdir(workDir, { recursive: true });
  const listing: ZipListing = { members: [], ignored: [] };
  let total = 0;
  try {
    const entries: yauzl.Entry[] = [];
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (e: yauzl.Entry) => {
        entries.push(e);
        if (entries.length > limits.zipMembers * 4)
          return reject(
            new IntakeError(
              'INTAKE_E_ZIP_LIMIT',
              `${label}: more than ${limits.zipMembers} members`,
            ),
          );
        zip.readEntry();
      });
      zip.on('end', resolve);
      zip.on('error', reject);
      zip.readEntry();
    });
    for (const e of entries) {
      if (unsafe(e.fileName)) {
        throw new IntakeError(
          'INTAKE_E_ZIP_UNSAFE',
          `${label}: the member "${e.fileName}" points outside the archive; the archive is refused`,
        );
      }
      if (IGNORED(e.fileName)) {
        listing.ignored.push(e.fileName);
        continue;
      }
      if (listing.members.length >= limits.zipMembers) {
        throw new IntakeError(
          'INTAKE_E_ZIP_LIMIT',
          `${label}: more than ${limits.zipMembers} members`,
        );
      }
      const target = join(
        workDir,
        `${listing.members.length + 1}-${basename(e.fileName).replace(/[^\w.-]+/g, '_')}`,
      );
      let bytes = 0;
      const totals = new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          total += chunk.length;
          if (total > limits.inflatedBytes) {
            return done(
              new IntakeError(
                'INTAKE_E_ZIP_LIMIT',
                `${label}: more than ${limits.inflatedBytes} bytes once uncompressed`,
              ),
            );
          }
          done(null, chunk);
        },
      });
      // Refused while inflating: the ratio is measured on the bytes read so far.
      const stream = await openGuarded(
        zip,
        e,
        { maxBytes: limits.inflatedBytes, maxRatio: limits.inflateRatio },
        { label, code: 'INTAKE_E_ZIP_LIMIT' },
      );
      await pipeline(stream, totals, createWriteStream(target));
      listing.members.push({ name: e.fileName, path: target, size: bytes });
    }
  } catch (e) {
    if (e instanceof IntakeError) throw e;
    // yauzl checks names too, while listing: say it the same way as our own check.
    if (/invalid relative path|absolute path/.test((e as Error).message)) {
      throw new IntakeError(
        'INTAKE_E_ZIP_UNSAFE',
        `${label}: a member points outside the archive (${(e as Error).message}); the archive is refused`,
      );
    }
    throw new IntakeError(
      'INTAKE_E_ZIP',
      `${label}: the archive is damaged (${(e as Error).message})`,
    );
  } finally {
    zip.close();
  }
  return listing;
}
