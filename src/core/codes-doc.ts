import { CODES } from './codes.js';

/** docs/errors.md, generated from the catalogue so the two cannot drift (a test compares them). */
export function errorsMarkdown(): string {
  const lines = [
    '# Error codes',
    '',
    'Every refused row, file or request carries one of these stable codes. Row issues appear in',
    'the `_code` column of rejection files and in the `issues` counts of the summary; the CLI prints',
    'the others as `intake: CODE: message`. Codes starting `INTAKE_W_` explain a skipped row, not',
    'a refusal.',
    '',
    'This page is generated from `src/core/codes.ts` by `npm run docs`.',
    '',
    '| Code | Meaning | How to fix |',
    '| --- | --- | --- |',
    ...Object.entries(CODES).map(
      ([code, info]) => `| \`${code}\` | ${info.meaning} | ${info.fix} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
