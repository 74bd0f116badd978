import { Transform, type Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import type yauzl from 'yauzl';
import { IntakeError, type Code } from '../core/codes.js';

/**
 * A member of a ZIP container (an archive, or the parts of a workbook) inflated under
 * guard: its ratio is measured against the compressed bytes read so far, not the
 * member's declared size, so a bomb is refused after its first megabyte, and the bytes
 * it may give are bounded. Memory and disk stay bounded whatever the member holds.
 */
export interface InflateLimits {
  /** Most bytes this member may inflate to. */
  maxBytes: number;
  /** Most inflated bytes per compressed byte, once a megabyte is out. */
  maxRatio: number;
}

const MB = 1024 * 1024;

export function openGuarded(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  limits: InflateLimits,
  what: { label: string; code: Code },
): Promise<Readable> {
  return new Promise((resolve, reject) => {
    const compressed = entry.compressionMethod !== 0;
    zip.openReadStream(entry, compressed ? { decompress: false } : {}, (err, raw) => {
      if (err || !raw) return reject(err ?? new Error('no stream'));
      let read = 0;
      let out = 0;
      const count = new Transform({
        transform(chunk: Buffer, _enc, done) {
          read += chunk.length;
          done(null, chunk);
        },
      });
      const refuse = (message: string) => new IntakeError(what.code, `${what.label}: ${message}`);
      const guard = new Transform({
        transform(chunk: Buffer, _enc, done) {
          out += chunk.length;
          if (out > limits.maxBytes) {
            return done(
              refuse(`"${entry.fileName}" inflates to more than ${limits.maxBytes} bytes`),
            );
          }
          if (compressed && out > MB && out / Math.max(1, read) > limits.maxRatio) {
            return done(
              refuse(
                `"${entry.fileName}" inflates more than ${limits.maxRatio} times its compressed size (a zip bomb?)`,
              ),
            );
          }
          done(null, chunk);
        },
      });
      const fail = (e: Error) => guard.destroy(e);
      raw.on('error', fail);
      count.on('error', fail);
      let source: Readable = raw.pipe(count);
      if (compressed) {
        const inflate = createInflateRaw();
        inflate.on('error', (e) => fail(refuse(`"${entry.fileName}" is damaged (${e.message})`)));
        source = source.pipe(inflate);
      }
      source.pipe(guard);
      // Whoever stops reading (an error, a cancel) stops the inflation too.
      guard.on('close', () => raw.destroy());
      resolve(guard);
    });
  });
}
