import { Transform } from 'node:stream';
import { IntakeError } from '../../core/codes.js';

/** Passes bytes on until `max`, then fails with a clear error (a download size limit). */
export function byteLimit(max: number, shown: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > max)
        return done(
          new IntakeError('INTAKE_E_FETCH_LIMIT', `${shown}: larger than the ${max} bytes allowed`),
        );
      done(null, chunk);
    },
  });
}
