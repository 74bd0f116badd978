import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/index.js';
import { resolveOptions } from '../../src/core/options.js';
import { DEFAULT_READER_LIMITS } from '../../src/sources/limits.js';

const cwd = mkdtempSync(join(tmpdir(), 'intake-config-'));

describe('configuration: defaults < file < environment < flags', () => {
  it('has working defaults with nothing set', () => {
    const c = resolveConfig({ cwd, env: {}, flags: {} });
    expect(c).toMatchObject({
      dataDir: join(cwd, 'data'),
      reportDir: join(cwd, 'data', 'reports'),
      workspace: 'default',
      packs: [],
    });
    expect(c.databaseUrl).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('layers the file, then the environment, then flags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'intake-config-'));
    writeFileSync(
      join(dir, 'intake.config.yaml'),
      'dataDir: from-file\nworkspace: file-ws\ncountry: DE\npacks: [my-packs]\n',
    );
    const file = resolveConfig({ cwd: dir, env: {}, flags: {} });
    expect(file).toMatchObject({
      dataDir: join(dir, 'from-file'),
      workspace: 'file-ws',
      country: 'DE',
      packs: [join(dir, 'my-packs')],
    });
    const env = resolveConfig({
      cwd: dir,
      env: { INTAKE_DATA_DIR: '/env/data', DATABASE_URL: 'postgres://u:secret@h/db' },
      flags: {},
    });
    expect(env).toMatchObject({
      dataDir: '/env/data',
      workspace: 'file-ws',
      databaseUrl: 'postgres://u:secret@h/db',
    });
    const flags = resolveConfig({
      cwd: dir,
      env: { INTAKE_DATA_DIR: '/env/data' },
      flags: { dataDir: '/flag/data', workspace: 'flag-ws' },
    });
    expect(flags).toMatchObject({ dataDir: '/flag/data', workspace: 'flag-ws' });
  });

  it('names the bad key of a config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'intake-config-'));
    writeFileSync(join(dir, 'intake.config.yaml'), 'country: france\n');
    expect(() => resolveConfig({ cwd: dir, env: {}, flags: {} })).toThrow(
      /intake\.config\.yaml: country/,
    );
    writeFileSync(join(dir, 'intake.config.yaml'), 'colour: blue\n');
    expect(() => resolveConfig({ cwd: dir, env: {}, flags: {} })).toThrow(/colour/);
    writeFileSync(join(dir, 'intake.config.yaml'), 'limits:\n  zipMembers: -1\n');
    expect(() => resolveConfig({ cwd: dir, env: {}, flags: {} })).toThrow(/limits\.zipMembers/);
  });

  it('takes reader limits from the file; the ones left out keep their defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'intake-config-'));
    writeFileSync(join(dir, 'intake.config.yaml'), 'limits:\n  zipMembers: 50\n');
    const c = resolveConfig({ cwd: dir, env: {}, flags: {} });
    expect(c.limits).toEqual({ ...DEFAULT_READER_LIMITS, zipMembers: 50 });
    expect(resolveConfig({ cwd, env: {}, flags: {} }).limits).toEqual(DEFAULT_READER_LIMITS);
  });

  it('refuses a bad DATABASE_URL, a bad workspace and a missing --config file', () => {
    expect(() => resolveConfig({ cwd, env: { DATABASE_URL: 'mysql://x' }, flags: {} })).toThrow(
      /postgres:\/\//,
    );
    expect(() => resolveConfig({ cwd, env: {}, flags: { workspace: 'Not OK' } })).toThrow(
      /workspace/,
    );
    expect(() => resolveConfig({ cwd, env: {}, configFile: 'nope.yaml', flags: {} })).toThrow(
      /not found/,
    );
  });
});

describe('import options: Intake < entity defaults < configuration < user', () => {
  it('layers them, and an undefined choice does not erase a default', () => {
    const o = resolveOptions(
      { commit: 'partial', country: 'FR' },
      { country: 'DE' },
      { mode: 'update', commit: undefined },
    );
    expect(o).toMatchObject({
      mode: 'update',
      commit: 'partial',
      country: 'DE',
      duplicates: 'rows',
      dryRun: false,
    });
    expect(resolveOptions(undefined, {}, {}).commit).toBe('atomic');
  });
});
