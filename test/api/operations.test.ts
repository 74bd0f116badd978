import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { ROOT } from '../helpers/files.js';
import { multipart, type Upload } from '../helpers/multipart.js';
import { byKey } from '../helpers/records.js';

/**
 * Operations on stored records through the HTTP API, as a user runs them (issue 12):
 * a SecuTix-style removal file whose OPERATION column mixes invalidate, delete,
 * anonymize and erase; the confirmation an erase needs; an erase that leaves nothing
 * of the person in Intake's tables or files; undo of everything but the erase.
 */
const CONTACTS = join(ROOT, 'examples', 'contacts');
const file = (name: string): Upload => ({ name, data: readFileSync(join(CONTACTS, name)) });

/** Every value of every table of the store, as text, and every file under `dir`. */
async function everything(intake: Intake, dir: string): Promise<string> {
  const db = intake.store.db;
  const tables =
    intake.store.profile.dialect === 'sqlite'
      ? (
          await sql<{
            name: string;
          }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(
            db,
          )
        ).rows.map((r) => [r.name])
      : (
          await sql<{ schema: string; name: string }>`
            SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
            WHERE table_schema IN (current_schema(), current_schema() || '_pgboss')
              AND table_type = 'BASE TABLE'`.execute(db)
        ).rows.map((r) => [r.schema, r.name]);
  let text = '';
  for (const t of tables) {
    const rows = await sql`SELECT * FROM ${sql.id(...t)}`.execute(db);
    text += JSON.stringify(rows.rows, (_k, v: unknown) =>
      Buffer.isBuffer(v) ? v.toString('latin1') : typeof v === 'bigint' ? String(v) : v,
    );
  }
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else text += readFileSync(p).toString('latin1');
    }
  };
  walk(dir);
  return text;
}

describe.each(BACKENDS)('operations on stored records over HTTP on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  let app: FastifyInstance;
  const token: Record<string, string> = {};

  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open();
    app = await buildServer(intake);
    for (const role of ['importer', 'approver', 'admin'] as const) {
      token[role] = (await intake.access.createToken('acme', `${role}-ann`, role)).secret;
    }
  });
  afterEach(async () => {
    await app.close();
    await intake.close();
    await box.cleanup();
  });

  const auth = (who: string) => ({ authorization: `Bearer ${token[who]}` });
  const get = (who: string, url: string) => app.inject({ method: 'GET', url, headers: auth(who) });
  const post = (who: string, url: string, payload?: object) =>
    app.inject({ method: 'POST', url, headers: auth(who), ...(payload ? { payload } : {}) });
  const upload = async (files: Upload[], fields: Record<string, string> = {}) => {
    const body = await multipart(files, fields);
    const res = await app.inject({
      method: 'POST',
      url: '/imports',
      payload: body.payload,
      headers: { ...auth('importer'), ...body.headers },
    });
    expect(res.statusCode, res.body).toBe(202);
    return res.json().id as string;
  };
  const settle = async (id: string) => {
    const worker = intake.startWorker();
    for (const end = Date.now() + 60_000; Date.now() < end;) {
      await worker.drain();
      const status = (await intake.imports.get('acme', id))!.status;
      if (/completed|failed|cancelled|awaiting|dry_run|undone/.test(status)) return status;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`import ${id} did not settle`);
  };
  const contacts = () => byKey(intake, 'contacts.contact', 'contact_nr', 'acme');
  /** The example contacts, their criterion values, and the removal file as an upload. */
  const seed = async () => {
    const first = await upload([file('criteria.csv'), file('contacts.csv')]);
    expect(await settle(first)).toBe('completed');
    const second = await upload([file('contact-criteria.csv')]);
    expect(await settle(second)).toBe('completed');
    return [first, second];
  };
  const removal = (options: object) =>
    upload([file('removal.csv')], { options: JSON.stringify({ commit: 'partial', ...options }) });

  it('runs each row of a removal file by its own OPERATION; the dry run shows it first', async () => {
    await seed();
    const dry = await removal({ dryRun: true });
    expect(await settle(dry)).toBe('dry_run');
    const view = (await get('importer', `/imports/${dry}`)).json();
    expect(view.counts).toMatchObject({
      rows: 6,
      inactivated: 1,
      deleted: 1,
      anonymized: 1,
      erased: 1,
      rejected: 2,
    });
    const rows = (await get('importer', `/imports/${dry}/rows`)).json().rows as {
      line: number;
      outcome: string;
      changed: string;
      problems: { code: string; message: string }[];
    }[];
    expect(rows.map((r) => r.outcome)).toEqual([
      'inactivated',
      'deleted',
      'anonymized',
      'erased',
      'rejected',
      'rejected',
    ]);
    expect(rows[0]!.changed).toContain('status');
    // Check-only columns: FirstName "Eve" is not the stored Eva: the wrong person is safe.
    expect(rows[4]!.problems[0]).toMatchObject({ code: 'INTAKE_E_VERIFY_MISMATCH' });
    expect(rows[4]!.problems[0]!.message).toContain('"Eva"');
    expect(rows[5]!.problems[0]).toMatchObject({ code: 'INTAKE_E_RECORD_NOT_FOUND' });
    const filtered = (await get('importer', `/imports/${dry}/rows?outcome=deleted`)).json();
    expect(filtered.rows.map((r: { line: number }) => r.line)).toEqual([3]);
    expect(Object.keys(await contacts())).toHaveLength(8); // a dry run writes nothing
  });

  it('holds an erase until it is confirmed with its number, then writes every operation', async () => {
    await seed();
    const id = await removal({});
    expect(await settle(id)).toBe('awaiting_approval');
    const held = (await intake.imports.get('acme', id))!;
    expect(held.events!.at(-1)!.note).toContain('waiting for the erase of 1 records');

    const wrong = await post('approver', `/imports/${id}/approve`, { confirmErase: 2 });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json()).toMatchObject({
      code: 'INTAKE_E_ERASE_UNCONFIRMED',
      details: { erases: 1 },
    });
    const none = await post('approver', `/imports/${id}/approve`);
    expect(none.json().code).toBe('INTAKE_E_ERASE_UNCONFIRMED');
    expect(Object.keys(await contacts())).toHaveLength(8);

    const ok = await post('approver', `/imports/${id}/approve`, { confirmErase: 1 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await settle(id)).toBe('completed_with_issues');
    const now = await contacts();
    expect(Object.keys(now).sort()).toEqual([
      'C-1001',
      'C-1002',
      'C-1004',
      'C-1005',
      'C-1007',
      'C-1008',
    ]);
    expect(now['C-1002']).toMatchObject({ status: 'Inactive', first_name: 'Marc' });
    const anon = now['C-1005']!;
    expect(anon).toMatchObject({
      first_name: null,
      last_name: 'Anonymous',
      birth_date: '1990-01-01',
    });
    expect(anon.email).toMatch(/^[0-9a-f]{16}@example\.fr$/);
    expect(anon.mobile).toMatch(/^[0-9a-f]{16}$/);
    // The deleted contact's criterion values went with it (cascade).
    const values = await byKey(intake, 'contacts.contact_criterion', 'id', 'acme');
    expect(Object.values(values).map((v) => v.contact)).not.toContain('C-1003');

    const log = (await get('admin', '/audit')).json() as {
      action: string;
      target: string;
      actor: string;
      details: unknown;
    }[];
    const erase = log.find((a) => a.action === 'import.erase')!;
    expect(erase).toMatchObject({ target: id, actor: 'importer-ann', details: { erased: 1 } });
    expect(JSON.stringify(erase)).not.toMatch(/Bianchi|Luca|C-1006/);
  });

  it('leaves nothing of an erased person in its tables or files', async () => {
    const [first] = await seed();
    // Its reports are rendered (a user downloaded them): they hold the person too.
    expect((await get('importer', `/imports/${first}/reports/summary.json`)).statusCode).toBe(200);
    const before = await everything(intake, box.dir);
    for (const value of ['Bianchi', 'luca.bianchi@example.it', 'C-1006']) {
      expect(before).toContain(value);
    }
    // Only the erase, confirmed up front: it runs without an approver.
    const id = await upload(
      [
        {
          name: 'erase.csv',
          data: Buffer.from('INSTITUTION;OPERATION;CONTACT_NR\nLSN;ERASE;C-1006\n'),
        },
      ],
      { options: JSON.stringify({ confirmErase: 1 }) },
    );
    expect(await settle(id)).toBe('completed');
    expect(Object.keys(await contacts())).not.toContain('C-1006');
    const after = await everything(intake, box.dir);
    for (const value of ['Bianchi', 'luca.bianchi@example.it', 'C-1006', 'Piazza Duomo']) {
      expect(after, value).not.toContain(value);
    }
    // Other people are still there, in the records and the kept rows.
    expect(after).toContain('Keller');
    const first_ = (await intake.imports.get('acme', first!))!;
    expect(first_.events!.at(-1)!.note).toContain(`import ${id} erased records`);

    // Undo says an erase cannot be undone, before and after.
    const preview = await post('approver', `/imports/${id}/undo`, { dryRun: true });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.body).toContain('INTAKE_E_UNDO_ERASED');
    const undo = await post('approver', `/imports/${id}/undo`, {});
    expect(undo.statusCode, undo.body).toBe(202);
    await settle(id);
    expect((await intake.imports.get('acme', id))!.undo).toMatchObject({ refused: 1, restored: 0 });
    expect(Object.keys(await contacts())).not.toContain('C-1006');
  });

  it('undo restores inactivated, deleted and anonymized contacts, with their criterion values', async () => {
    await seed();
    // The operation column mapped by hand this time (it maps by itself too).
    const id = await upload([file('removal.csv')], {
      options: JSON.stringify({ commit: 'partial', mapping: { OPERATION: '_operation' } }),
    });
    expect(await settle(id)).toBe('awaiting_approval');
    await post('approver', `/imports/${id}/approve`, { confirmErase: 1 });
    expect(await settle(id)).toBe('completed_with_issues');
    const changed = await contacts();
    expect(changed['C-1002']!.status).toBe('Inactive');

    const undo = await post('approver', `/imports/${id}/undo`, {});
    expect(undo.statusCode, undo.body).toBe(202);
    await settle(id);
    expect((await intake.imports.get('acme', id))!.undo).toMatchObject({ restored: 3, refused: 1 });
    const back = await contacts();
    expect(back['C-1002']).toMatchObject({ status: 'Active', first_name: 'Marc' });
    expect(back['C-1003']).toMatchObject({ last_name: 'Rossi', email: 'sofia.rossi@example.it' });
    expect(back['C-1005']).toMatchObject({
      first_name: 'Claire',
      last_name: 'Martin',
      email: 'claire.martin@example.fr',
      birth_date: '1990-05-05',
    });
    expect(back['C-1006']).toBeUndefined(); // erased: undo cannot bring it back
    const values = await byKey(intake, 'contacts.contact_criterion', 'id', 'acme');
    expect(Object.values(values).filter((v) => v.contact === 'C-1003')).toHaveLength(1);
  });
});
