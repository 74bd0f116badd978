import { IntakeError, type Code } from '../core/codes.js';

/** Exit codes of the CLI contract. */
export const EXIT = { ok: 0, failed: 1, usage: 2, issues: 3 } as const;

const USAGE_CODES: Code[] = [
  'INTAKE_E_USAGE',
  'INTAKE_E_CONFIG',
  'INTAKE_E_PACK',
  'INTAKE_E_ENTITY_UNKNOWN',
  'INTAKE_E_ENTITY_AMBIGUOUS',
  'INTAKE_E_FIELD_UNKNOWN',
  'INTAKE_E_FILE_NOT_FOUND',
  // A value given that does not fit (a weak password, options of a wrong shape).
  'INTAKE_E_REQUEST',
];

/** An error as the user sees it: code and one line, never a stack (unless INTAKE_DEBUG). */
export function describe(e: unknown): { code: Code; message: string; exit: number } {
  if (e instanceof IntakeError) {
    return {
      code: e.code,
      message: e.message,
      exit: USAGE_CODES.includes(e.code) ? EXIT.usage : EXIT.failed,
    };
  }
  const message = e instanceof Error ? e.message : String(e);
  return {
    code: 'INTAKE_E_INTERNAL',
    message: `unexpected failure: ${message}`,
    exit: EXIT.failed,
  };
}
