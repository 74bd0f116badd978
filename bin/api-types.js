#!/usr/bin/env node
// The web UI's API types, generated from the OpenAPI description the server publishes
// (/openapi.json): `npm run api-types` writes web/src/api.gen.ts; `--check` fails when
// the file is not what the server describes now (a test runs it).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import prettier from 'prettier';
import { buildServer } from '../dist/api/server.js';
import { resolveConfig } from '../dist/config/index.js';
import { Intake } from '../dist/service.js';

const target = new URL('../web/src/api.gen.ts', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'intake-openapi-'));
let text;
try {
  const config = resolveConfig({ cwd: dir, env: {}, flags: { dataDir: dir } });
  const intake = await Intake.open(config);
  const app = await buildServer(intake);
  await app.ready();
  const spec = app.swagger();
  await app.close();
  await intake.close();
  const body = astToString(await openapiTS(spec, { alphabetize: true }));
  const head =
    "// Generated from the API's OpenAPI description by `npm run api-types` (bin/api-types.js).\n" +
    '// Do not edit: change the route schemas in src/api/ and generate again.\n\n';
  const options = await prettier.resolveConfig(target.pathname);
  text = await prettier.format(head + body, { ...options, parser: 'typescript' });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (process.argv.includes('--check')) {
  const now = readFileSync(target, 'utf8');
  if (now !== text) {
    process.stderr.write(
      'web/src/api.gen.ts is not what the API describes: run `npm run api-types`\n',
    );
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
}
