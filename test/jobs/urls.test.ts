import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { EXAMPLES } from '../helpers/files.js';
import { byKey } from '../helpers/records.js';
import {
  PASSWORD,
  USER,
  ftpServer,
  httpServer,
  sftpServer,
  type Running,
} from '../helpers/servers.js';

/** Imports from URLs over real local servers (SPEC F5), on every backend. */
const root = mkdtempSync(join(tmpdir(), 'intake-urls-'));
writeFileSync(join(root, 'stores.csv'), readFileSync(join(EXAMPLES, 'stores.csv')));
writeFileSync(join(root, 'customers.csv'), readFileSync(join(EXAMPLES, 'customers.csv')));
writeFileSync(join(root, 'more-stores.ndjson'), '{"code":"LILLE01","name":"Lille"}\n');
const creds = `${USER}:${encodeURIComponent(PASSWORD)}`;

describe.each(BACKENDS)('URL sources on $name', (backend) => {
  let web: Running, ftp: Running, sftp: Running;
  let box: Sandbox;
  let intake: Intake;
  beforeAll(async () => {
    [web, ftp, sftp] = await Promise.all([httpServer(root), ftpServer(root), sftpServer(root)]);
  });
  afterAll(async () => {
    await Promise.all([web?.close(), ftp?.close(), sftp?.close()]);
  });
  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open();
  });
  afterEach(async () => {
    await intake.close();
    await box.cleanup();
  });

  it('imports from http, ftp and sftp in one import; no password in any report', async () => {
    const r = await intake.imports.run({
      files: [
        `http://${creds}@127.0.0.1:${web.port}/private/stores.csv`,
        `ftp://${creds}@127.0.0.1:${ftp.port}/customers.csv`,
        `sftp://${creds}@127.0.0.1:${sftp.port}/more-stores.ndjson`,
      ],
    });
    expect(r.files.map((f) => [f.name, f.entity, f.rows])).toEqual([
      ['stores.csv', 'loyalty.store', 3],
      ['customers.csv', 'loyalty.customer', 5],
      ['more-stores.ndjson', 'loyalty.store', 1],
    ]);
    expect(r.counts).toMatchObject({ created: 9, rejected: 0 });
    expect(Object.keys(await byKey(intake, 'store', 'code'))).toContain('LILLE01');
    for (const f of readdirSync(r.reports.dir)) {
      const text = readFileSync(join(r.reports.dir, f), 'utf8');
      expect(text, f).not.toContain(PASSWORD);
      expect(text, f).not.toContain(encodeURIComponent(PASSWORD));
    }
    // The downloads are gone with the import.
    expect(readdirSync(join(box.config.dataDir, 'work'))).toEqual([]);
  });

  it('refuses a loopback URL unless the configuration allows it', async () => {
    const strict = await box.open({ allowHosts: [] });
    await expect(
      strict.imports.run({ files: [`http://127.0.0.1:${web.port}/stores.csv`] }),
    ).rejects.toMatchObject({
      code: 'INTAKE_E_FETCH_FORBIDDEN',
    });
    await strict.close();
  });
});
