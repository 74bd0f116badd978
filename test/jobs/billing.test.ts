import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommitMode } from '../../src/core/options.js';
import type { LocalResult as ImportResult } from '../../src/service.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { refuseInserts } from '../helpers/faults.js';
import { ROOT, csv, readCsvObjects } from '../helpers/files.js';
import { byKey, records } from '../helpers/records.js';

/**
 * The billing pack end to end (issue 4, SPEC E3-E5, C1): ten related entity types
 * from one ZIP whose files and rows come children first, and a user-account tree of
 * any depth: ordering, cycles, missing and refused parents, moves, on every backend.
 */
const BILLING = join(ROOT, 'examples', 'billing');
const UA_HEADER = ['code', 'billing_account', 'OC_PARENT_UA_CODE', 'name', 'email'];

describe.each(BACKENDS)('billing pack on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;

  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open();
  });
  afterEach(async () => {
    await intake.close();
    await box.cleanup();
  });

  const loadExample = async () => {
    const r = await intake.imports.run({ files: [join(BILLING, 'billing.zip')] });
    expect(r.import.status).toBe('completed');
    return r;
  };
  /** User accounts given as [code, parent, email?] rows, under one stored billing account. */
  const userAccounts = (name: string, rows: string[][]) =>
    csv(box.dir, name, [
      UA_HEADER,
      ...rows.map(([code, parent, email]) => [
        code!,
        'BA-ACME-HQ',
        parent ?? '',
        `Account ${code}`,
        email ?? '',
      ]),
    ]);
  const importUa = (file: string, commit: CommitMode, extra: string[] = []) =>
    intake.imports.run({
      files: [file, ...extra],
      options: { commit },
      outcomes: true,
    });
  const rejected = (r: ImportResult, file = 0) =>
    Object.fromEntries(
      readCsvObjects(r.reports.rejectionFiles[file]!).map((row) => [row.code, row]),
    );

  it('imports the example ZIP, children first, parents before children', async () => {
    const r = await loadExample();
    expect(r.files.map((f) => f.entity)).toEqual(
      [
        'counter',
        'access_point',
        'attribute_instance',
        'service_instance',
        'subscription',
        'user_account',
        'payment_method',
        'billing_account',
        'customer_account',
        'customer',
      ].map((e) => `billing.${e}`),
    );
    expect(r.counts).toMatchObject({ rows: 48, created: 48, rejected: 0 });

    // Entity types by their references, the user-account tree level by level.
    const steps = r.order.map((s) => (s.depth === null ? s.entity : `${s.entity}@${s.depth}`));
    const at = (s: string) => steps.indexOf(s);
    expect(at('billing.customer')).toBeLessThan(at('billing.customer_account'));
    expect(at('billing.customer_account')).toBeLessThan(at('billing.billing_account'));
    expect(at('billing.customer_account')).toBeLessThan(at('billing.payment_method'));
    expect(at('billing.billing_account')).toBeLessThan(at('billing.user_account@0'));
    expect(at('billing.user_account@4')).toBeLessThan(at('billing.subscription'));
    expect(at('billing.subscription')).toBeLessThan(at('billing.service_instance'));
    expect(at('billing.service_instance')).toBeLessThan(at('billing.attribute_instance'));
    expect(at('billing.service_instance')).toBeLessThan(at('billing.counter'));
    expect(at('billing.subscription')).toBeLessThan(at('billing.access_point'));
    expect(
      r.order.filter((s) => s.entity === 'billing.user_account').map((s) => [s.depth, s.rows]),
    ).toEqual([
      [0, 3],
      [1, 2],
      [2, 3],
      [3, 2],
      [4, 2],
    ]);

    const ua = await byKey(intake, 'user_account', 'code');
    expect(Object.keys(ua)).toHaveLength(12);
    expect(ua['UA-ACME-FR-PARIS-SALES-T1']).toMatchObject({
      parent: 'UA-ACME-FR-PARIS-SALES',
      billing_account: 'BA-ACME-FIELD',
      status: 'ACTIVE',
      custom: { cost_center: 'CC-7101' },
    });
    // The tree is whole: five levels from the team up to the group.
    const chain = ['UA-ACME-FR-PARIS-SALES-T1'];
    while (ua[chain[chain.length - 1]!]!.parent)
      chain.push(String(ua[chain[chain.length - 1]!]!.parent));
    expect(chain).toEqual([
      'UA-ACME-FR-PARIS-SALES-T1',
      'UA-ACME-FR-PARIS-SALES',
      'UA-ACME-FR-PARIS',
      'UA-ACME-FR',
      'UA-ACME',
    ]);
    const customers = await byKey(intake, 'billing.customer', 'code');
    expect(customers['C-ACME']).toMatchObject({
      category: 'CORPORATE',
      phone: '+33142685300',
      custom: { account_manager: 'Claire Martin' },
    });
    const ba = await byKey(intake, 'billing_account', 'code');
    expect(ba['BA-ACME-HQ']!.electronic_billing).toBe(true); // "X"
    expect(ba['BA-ACME-FIELD']).toMatchObject({
      electronic_billing: false,
      billing_cycle: 'QUARTERLY',
    });
    expect((await byKey(intake, 'counter', 'code'))['CNT-DUPONT-VOD']).toMatchObject({
      subscription: 'SUB-DUPONT-HOME',
      service_instance: 'SI-DUPONT-TV',
    });
    for (const e of ['payment_method', 'attribute_instance', 'access_point', 'subscription']) {
      expect((await records(intake, e)).length).toBeGreaterThan(3);
    }
  });

  it('applies the update ZIP: a move, a new sixth level, changed fields', async () => {
    await loadExample();
    const r = await intake.imports.run({ files: [join(BILLING, 'billing-update.zip')] });
    expect(r.import.status).toBe('completed');
    expect(r.counts).toMatchObject({ created: 3, updated: 6, rejected: 0 });
    const ua = await byKey(intake, 'user_account', 'code');
    expect(ua['UA-ACME-DE-BERLIN']).toMatchObject({
      parent: 'UA-ACME-FR',
      name: 'Berlin office (reports to France)',
      email: 'berlin@acme.example', // an empty cell keeps the stored value
    });
    expect(ua['UA-ACME-FR-PARIS-SALES-T3']!.parent).toBe('UA-ACME-FR-PARIS-SALES-T1');
    expect(ua['UA-BOLT']!.status).toBe('SUSPENDED');
    const subs = await byKey(intake, 'subscription', 'code');
    expect(subs['SUB-DUPONT-HOME']).toMatchObject({
      status: 'RESILIATED',
      end_date: '2026-11-30',
      auto_renew: false,
    });
    expect(subs['SUB-T3-MOBILE']!.user_account).toBe('UA-ACME-FR-PARIS-SALES-T3');
    expect(Number((await byKey(intake, 'counter', 'code'))['CNT-T1-DATA']!.level)).toBe(31.75);
  });

  it.each(['atomic', 'partial'] as const)(
    'writes a deep tree given in random row order (%s)',
    async (commit) => {
      await loadExample();
      // 300 user accounts, 12 levels under UA-ACME, shuffled with a fixed seed.
      let seed = 7;
      const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
      const nodes: string[][] = [];
      const levels: string[][] = [['UA-ACME']];
      for (let depth = 1; depth <= 12; depth++) {
        levels[depth] = [];
        const count = depth === 12 ? 1 : 25;
        for (let i = 0; i < count; i++) {
          const above = levels[depth - 1]!;
          const code = `T${depth}-${i}`;
          nodes.push([code, above[Math.floor(random() * above.length)]!]);
          levels[depth]!.push(code);
        }
      }
      nodes.sort(() => random() - 0.5);
      const r = await intake.imports.run({
        files: [userAccounts('user_accounts.csv', nodes)],
        options: { commit },
        commitChunkRows: 7,
      });
      expect(r.import.status).toBe('completed');
      expect(r.counts.created).toBe(nodes.length);
      // The stored depth-0 rows are the imported ones under UA-ACME: 12 levels below.
      expect(r.order.map((s) => s.depth)).toEqual([...Array(12).keys()]);
      const ua = await byKey(intake, 'user_account', 'code');
      for (const [code, parent] of nodes) expect(ua[code!]!.parent).toBe(parent);
    },
  );

  it.each(['atomic', 'partial'] as const)(
    'refuses cycles and the rows below them, naming the loop (%s)',
    async (commit) => {
      await loadExample();
      const file = userAccounts('user_accounts.csv', [
        ['X1', 'X2'],
        ['X2', 'X1'],
        ['X3', 'X3'],
        ['X4', 'X1'],
        ['X5', 'UA-ACME'],
        ['X6', 'X5'],
      ]);
      const r = await importUa(file, commit);
      const bad = rejected(r);
      expect(bad.X1).toMatchObject({ _field: 'parent', _code: 'INTAKE_E_REFERENCE_CYCLE' });
      expect(bad.X1!._message).toContain('its own ancestor: X1 → X2 → X1');
      expect(bad.X2!._message).toContain('X2 → X1 → X2');
      expect(bad.X3!._message).toContain('its own ancestor: X3 → X3');
      expect(bad.X4!._message).toContain('never reaches a root: X4 → X1 → X2 → X1');
      const ua = await byKey(intake, 'user_account', 'code');
      if (commit === 'partial') {
        expect(r.import.status).toBe('completed_with_issues');
        expect(ua.X6!.parent).toBe('X5');
        expect(bad.X5).toBeUndefined();
      } else {
        expect(r.import.status).toBe('failed');
        expect(ua.X5).toBeUndefined();
        expect(bad.X5!._code).toBe('INTAKE_E_COMMIT_ABORTED');
      }
      expect(ua.X1).toBeUndefined();
    },
  );

  it.each(['atomic', 'partial'] as const)(
    'refuses a missing parent and every row below it, with the chain (%s)',
    async (commit) => {
      await loadExample();
      const uaFile = userAccounts('user_accounts.csv', [
        ['M3', 'M2'],
        ['M1', 'NOPE'],
        ['OK1', 'UA-ACME'],
        ['M2', 'M1'],
      ]);
      const subs = csv(box.dir, 'subscriptions.csv', [
        ['code', 'user_account', 'offer', 'subscription_date'],
        ['SUB-M3', 'M3', 'MOBILE', '2026-01-01'],
        ['SUB-OK1', 'OK1', 'MOBILE', '2026-01-01'],
      ]);
      const r = await importUa(uaFile, commit, [subs]);
      const bad = rejected(r);
      expect(bad.M1).toMatchObject({ _field: 'parent', _code: 'INTAKE_E_REFERENCE' });
      expect(bad.M1!._message).toContain('no user account with code "NOPE"');
      expect(bad.M3).toMatchObject({ _field: 'parent', _code: 'INTAKE_E_REFERENCE_REFUSED' });
      expect(bad.M3!._message).toContain('the chain M3 → M2 → M1 reaches user account "M1"');
      expect(bad.M3!._message).toContain('user_accounts.csv line 3');
      expect(bad.M3!._message).toContain('"NOPE"');
      // Across entity types the chain goes on: the subscription names its user account's reason.
      const badSubs = rejected(r, 1);
      expect(badSubs['SUB-M3']).toMatchObject({ _code: 'INTAKE_E_REFERENCE_REFUSED' });
      expect(badSubs['SUB-M3']!._message).toMatch(
        /User account: user account "M3" is refused \(user_accounts\.csv line 2: .*M3 → M2 → M1/,
      );
      const ua = await byKey(intake, 'user_account', 'code');
      expect(ua.M1 ?? ua.M2 ?? ua.M3).toBeUndefined();
      if (commit === 'partial') {
        expect(ua.OK1!.parent).toBe('UA-ACME');
        expect((await byKey(intake, 'subscription', 'code'))['SUB-OK1']).toBeDefined();
      } else {
        expect(r.import.status).toBe('failed');
        expect(ua.OK1).toBeUndefined();
      }
    },
  );

  it.each(['atomic', 'partial'] as const)(
    'a refused parent refuses its descendants with its reason (%s)',
    async (commit) => {
      await loadExample();
      const file = userAccounts('user_accounts.csv', [
        ['R3', 'R2'],
        ['R2', 'R1'],
        ['R1', 'UA-ACME', 'not-an-email'],
        ['S1', 'UA-ACME'],
      ]);
      const r = await importUa(file, commit);
      const bad = rejected(r);
      expect(bad.R1!._code).toBe('INTAKE_E_EMAIL');
      expect(bad.R3).toMatchObject({ _code: 'INTAKE_E_REFERENCE_REFUSED', _field: 'parent' });
      expect(bad.R3!._message).toContain('R3 → R2 → R1');
      expect(bad.R3!._message).toContain('(user_accounts.csv line 4: ');
      expect(bad.R3!._message).toContain('not-an-email');
      expect(bad.R2!._message).toContain('the chain R2 → R1 reaches');
      const ua = await byKey(intake, 'user_account', 'code');
      expect(ua.R1 ?? ua.R2 ?? ua.R3).toBeUndefined();
      if (commit === 'partial') {
        expect(r.counts).toMatchObject({ created: 1, rejected: 3 });
        expect(ua.S1).toBeDefined();
      } else {
        expect(r.import.status).toBe('failed');
        expect(r.counts).toMatchObject({ created: 0, rejected: 4 });
        expect(ua.S1).toBeUndefined();
      }
    },
  );

  it('a row the database refuses at commit takes its descendants along, nothing else', async () => {
    await loadExample();
    // A real database fault, not a mock: a trigger that refuses one user account.
    await refuseInserts(intake.store.db, backend, {
      table: 'billing_user_account',
      message: 'boom refused',
      when: { column: 'code', value: 'B1' },
    });
    const file = userAccounts('user_accounts.csv', [
      ['B3', 'B2'],
      ['B2', 'B1'],
      ['B1', 'UA-ACME'],
      ['OK2', 'OK1'],
      ['OK1', 'UA-ACME'],
    ]);
    const subs = csv(box.dir, 'subscriptions.csv', [
      ['code', 'user_account', 'offer', 'subscription_date'],
      ['SUB-B3', 'B3', 'MOBILE', '2026-01-01'],
      ['SUB-OK2', 'OK2', 'MOBILE', '2026-01-01'],
    ]);
    const r = await intake.imports.run({
      files: [file, subs],
      options: { commit: 'partial' },
      commitChunkRows: 1,
    });
    expect(r.counts).toMatchObject({ created: 3, rejected: 4 });
    const bad = rejected(r);
    expect(bad.B1!._code).toBe('INTAKE_E_COMMIT_FAILED');
    expect(bad.B3).toMatchObject({ _code: 'INTAKE_E_REFERENCE_REFUSED' });
    expect(bad.B3!._message).toContain('the chain B3 → B2 → B1 reaches user account "B1"');
    expect(bad.B3!._message).toContain('boom refused');
    expect(rejected(r, 1)['SUB-B3']!._message).toContain('user account "B3" is refused');
    expect(Object.keys(await byKey(intake, 'subscription', 'code'))).toContain('SUB-OK2');
    expect((await byKey(intake, 'user_account', 'code')).OK2!.parent).toBe('OK1');
  });

  it('a refused customer refuses its accounts and user accounts, naming each link', async () => {
    const r = await intake.imports.run({
      files: [
        csv(box.dir, 'user_accounts.csv', [
          ['code', 'billing_account', 'name'],
          ['UA-BAD', 'BA-BAD', 'Bad user account'],
        ]),
        csv(box.dir, 'billing_accounts.csv', [
          ['code', 'customer_account', 'name'],
          ['BA-BAD', 'CA-BAD', 'Bad billing account'],
        ]),
        csv(box.dir, 'customer_accounts.csv', [
          ['code', 'customer', 'name'],
          ['CA-BAD', 'C-BAD', 'Bad customer account'],
          ['CA-OK', 'C-OK', 'Good customer account'],
        ]),
        csv(box.dir, 'customers.csv', [
          ['code', 'name', 'category'],
          ['C-BAD', 'Bad customer', 'galactic'],
          ['C-OK', 'Good customer', 'corporate'],
        ]),
      ],
      options: { commit: 'partial' },
    });
    const ua = rejected(r, 0)['UA-BAD']!;
    expect(ua._code).toBe('INTAKE_E_REFERENCE_REFUSED');
    expect(ua._message).toMatch(
      /^Billing account: billing account "BA-BAD" is refused \(billing_accounts\.csv line 2: Customer account: customer account "CA-BAD" is refused \(customer_accounts\.csv line 2: Customer: customer "C-BAD" is refused \(customers\.csv line 2: .*galactic/,
    );
    expect(r.counts).toMatchObject({ created: 2, rejected: 4 });
    expect(Object.keys(await byKey(intake, 'customer_account', 'code'))).toEqual(['CA-OK']);
  });

  it('moves a stored user account, and refuses a move under its own descendant', async () => {
    await loadExample();
    const moves = (name: string, rows: string[][]) =>
      intake.imports.run({
        files: [
          csv(box.dir, name, [['code', 'OC_PARENT_UA_CODE', 'name', 'billing_account'], ...rows]),
        ],
        entity: 'user_account',
        options: { commit: 'partial' },
      });
    const first = await moves('moves-1.csv', [
      // Under one of its own descendants: a loop through stored records.
      ['UA-ACME-FR', 'UA-ACME-FR-PARIS-SALES-T1', '', ''],
      ['UA-ACME-DE-BERLIN', 'UA-ACME-FR-LYON', '', ''],
      // A new row under Paris, and Germany moved under it: Germany is not above Paris.
      ['UA-NEW', 'UA-ACME-FR-PARIS', 'New', 'BA-ACME-HQ'],
      ['UA-ACME-DE', 'UA-NEW', '', ''],
    ]);
    expect(first.counts).toMatchObject({ created: 1, updated: 2, rejected: 1 });
    expect(rejected(first)['UA-ACME-FR']).toMatchObject({
      _code: 'INTAKE_E_REFERENCE_CYCLE',
      _message:
        'Parent user account "UA-ACME-FR-PARIS-SALES-T1" would make this user account its own ancestor: UA-ACME-FR → UA-ACME-FR-PARIS-SALES-T1 → UA-ACME-FR-PARIS-SALES → UA-ACME-FR-PARIS → UA-ACME-FR',
    });
    let ua = await byKey(intake, 'user_account', 'code');
    expect(ua['UA-ACME-FR']!.parent).toBe('UA-ACME');
    expect(ua['UA-ACME-DE-BERLIN']!.parent).toBe('UA-ACME-FR-LYON');
    expect(ua['UA-ACME-DE']!.parent).toBe('UA-NEW');

    // Lyon under a new row under Germany, and Paris under Lyon: Germany is now below
    // Paris, so the loop runs through a new row and two moves. Both moves are refused.
    const second = await moves('moves-2.csv', [
      ['UA-NEW2', 'UA-ACME-DE', 'New 2', 'BA-ACME-HQ'],
      ['UA-ACME-FR-LYON', 'UA-NEW2', '', ''],
      ['UA-ACME-FR-PARIS', 'UA-ACME-FR-LYON', '', ''],
    ]);
    const bad = rejected(second);
    expect(Object.keys(bad).sort()).toEqual(['UA-ACME-FR-LYON', 'UA-ACME-FR-PARIS']);
    expect(bad['UA-ACME-FR-PARIS']!._message).toContain(
      'its own ancestor: UA-ACME-FR-PARIS → UA-ACME-FR-LYON → UA-NEW2 → UA-ACME-DE → UA-NEW → UA-ACME-FR-PARIS',
    );
    expect(bad['UA-ACME-FR-LYON']!._message).toContain(
      'its own ancestor: UA-ACME-FR-LYON → UA-NEW2 → UA-ACME-DE → UA-NEW → UA-ACME-FR-PARIS → UA-ACME-FR-LYON',
    );
    ua = await byKey(intake, 'user_account', 'code');
    expect(ua['UA-NEW2']!.parent).toBe('UA-ACME-DE');
    expect(ua['UA-ACME-FR-LYON']!.parent).toBe('UA-ACME-FR');
    expect(ua['UA-ACME-FR-PARIS']!.parent).toBe('UA-ACME-FR');
  });

  it('a dry run shows the write order and the outcome of every row, and writes nothing', async () => {
    const r = await intake.imports.run({
      files: [join(BILLING, 'billing.zip')],
      options: { dryRun: true },
    });
    expect(r.import.status).toBe('dry_run');
    expect(r.planned.created).toBe(48);
    expect(await records(intake, 'user_account')).toEqual([]);
    const uaFile = r.reports.outcomes!.find((p) => p.includes('user_accounts'))!;
    const rows = Object.fromEntries(readCsvObjects(uaFile).map((x) => [x.code, x]));
    const step = (code: string) => Number(rows[code]!._step);
    expect(rows['UA-ACME-FR-PARIS-SALES-T1']!._outcome).toBe('created');
    expect(step('UA-ACME')).toBeLessThan(step('UA-ACME-FR'));
    expect(step('UA-ACME-FR')).toBeLessThan(step('UA-ACME-FR-PARIS'));
    expect(step('UA-ACME-FR-PARIS-SALES')).toBeLessThan(step('UA-ACME-FR-PARIS-SALES-T1'));
    const ua0 = r.order.find((s) => s.entity === 'billing.user_account' && s.depth === 0)!;
    expect(step('UA-ACME')).toBe(ua0.step);
    const subFile = r.reports.outcomes!.find((p) => p.includes('subscriptions'))!;
    expect(Number(readCsvObjects(subFile)[0]!._step)).toBeGreaterThan(
      step('UA-ACME-FR-PARIS-SALES-T1'),
    );
  });

  it('a new counter names a subscription or a service instance', async () => {
    await loadExample();
    const r = await intake.imports.run({
      files: [
        csv(box.dir, 'counters.csv', [
          ['code', 'subscription', 'service_instance', 'counter_template'],
          ['CNT-NONE', '', '', 'DATA'],
          ['CNT-SI', '', 'SI-T1-DATA', 'DATA'],
        ]),
      ],
      options: { commit: 'partial' },
    });
    expect(rejected(r)['CNT-NONE']).toMatchObject({
      _code: 'INTAKE_E_REQUIRED',
      _message:
        'one of Subscription or Service instance is required for a new counter, and all are empty',
    });
    expect(r.counts.created).toBe(1);
  });
});

describe('billing blank templates', () => {
  it.each([
    'customer',
    'customer_account',
    'billing_account',
    'payment_method',
    'user_account',
    'subscription',
    'service_instance',
    'attribute_instance',
    'access_point',
    'counter',
  ])('%s: CSV and XLSX templates map back to every field', async (name) => {
    const box = sandbox(BACKENDS[0]!);
    const intake = await box.open();
    try {
      const entity = intake.records.entities().find((e) => e.qualified === `billing.${name}`)!;
      for (const format of ['csv', 'xlsx'] as const) {
        const path = join(box.dir, `${name}s.${format}`);
        await intake.records.writeTemplate(`billing.${name}`, format, path);
        const info = await intake.records.inspect(path);
        const sheet = info.sheets[0]!;
        expect(sheet.entity).toBe(`billing.${name}`);
        expect(sheet.mapping.map((m) => m.field)).toEqual(entity.fields.map((f) => f.name));
      }
    } finally {
      await intake.close();
      await box.cleanup();
    }
  });
});
