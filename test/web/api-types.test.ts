import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/files.js';

/**
 * The web UI's API types are generated from /openapi.json (issue 11): the committed
 * web/src/api.gen.ts must be what the server describes now, or the UI would compile
 * against answers the API no longer gives. (`npm test` builds dist/ first.)
 */
describe('the web UI API types', () => {
  it('are what the API describes (npm run api-types regenerates them)', () => {
    const run = () =>
      execFileSync(process.execPath, [join(ROOT, 'bin', 'api-types.js'), '--check'], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    expect(run).not.toThrow();
  });
});
