import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES } from '../../src/core/codes.js';
import { FIELD_TYPES } from '../../src/core/schema.js';
import { errorsMarkdown } from '../../src/core/codes-doc.js';
import { ROOT } from '../helpers/files.js';

describe('documentation', () => {
  it('docs/errors.md lists every code as the catalogue says (npm run docs regenerates it)', () => {
    expect(readFileSync(join(ROOT, 'docs', 'errors.md'), 'utf8')).toBe(errorsMarkdown());
  });

  it('every code used in the source is in the catalogue', () => {
    const used = new Set(
      execSync(`grep -rhoE "INTAKE_[EW]_[A-Z_]+" ${join(ROOT, 'src')}`, { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean),
    );
    for (const code of used) expect(Object.keys(CODES), code).toContain(code);
  });

  it('docs/packs.md shows every field type', () => {
    const packs = readFileSync(join(ROOT, 'docs', 'packs.md'), 'utf8');
    for (const type of FIELD_TYPES) {
      expect(packs).toContain(`\`${type}\``);
    }
  });
});
