import { basename } from 'node:path';
import { IntakeError, type Code } from '../core/codes.js';
import { redactCredentials } from '../core/redact.js';
import { passingFault } from '../store/faults.js';

/**
 * What a job tells about a failure: always an `INTAKE_E_` code and a message a user can
 * act on, never a raw system error with a server path. And whether trying again may
 * help: a lost connection or a locked database may pass; a bad file never will.
 */
export interface Failure {
  code: Code;
  message: string;
}

export function transient(e: unknown): boolean {
  if (e instanceof IntakeError) {
    return e.code === 'INTAKE_E_DATABASE' || e.code === 'INTAKE_E_FETCH';
  }
  return passingFault(e);
}

/** Absolute paths in a message, cut to their last part: where a file is is the server's business. */
const withoutPaths = (text: string) =>
  text.replace(/(?<![\w:/])\/(?:[^\s'"`:,;()]+\/)+([^\s'"`:,;()]+)/g, (_, last: string) =>
    basename(last),
  );

export function failureOf(e: unknown): Failure {
  if (e instanceof IntakeError) {
    return { code: e.code, message: redactCredentials(withoutPaths(e.message)) };
  }
  const err = e as NodeJS.ErrnoException;
  const text = redactCredentials(withoutPaths(err?.message ?? String(e)));
  if (err?.code === 'ENOENT') {
    return {
      code: 'INTAKE_E_FILE_NOT_FOUND',
      message: `a file of this import is not on the machine that ran the job (${text}); submit the files again`,
    };
  }
  if (err?.code === 'ENOSPC') {
    return {
      code: 'INTAKE_E_INTERNAL',
      message: 'the disk of the machine that ran the job is full',
    };
  }
  if (typeof err?.code === 'string' && /^(SQLITE_|[0-9A-Z]{5}$)/.test(err.code)) {
    return { code: 'INTAKE_E_DATABASE', message: `the database refused: ${text}` };
  }
  if (transient(e)) return { code: 'INTAKE_E_DATABASE', message: text };
  return { code: 'INTAKE_E_INTERNAL', message: `unexpected failure: ${text}` };
}

/** An error thrown after its failure was recorded (the import is failed): not to retry. */
export function settle<E extends Error>(e: E): E {
  return Object.assign(e, { settled: true });
}

export const isSettled = (e: unknown): boolean => (e as { settled?: boolean })?.settled === true;
