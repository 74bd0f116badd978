import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fix } from '../../src/core/pipeline/fixes.js';
import type { ImportOptions } from '../../src/core/options.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { csv, EXAMPLES } from '../helpers/files.js';
import { submitted } from '../helpers/imports.js';
import { byKey } from '../helpers/records.js';

/**
 * A validation again after the user's fixes alone (issue 17: "only the edited rows
 * re-checked, fast"): the staged rows of the last validation are kept, only the rows a
 * changed fix touches are cleaned again, and the plan runs again over all rows. Each
 * step is compared with a whole validation of the same file and options: the rows, their
 * problems, the corrections and the counts must be the same.
 */
describe.each(BACKENDS)('a validation again after fixes on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  const messy = join(EXAMPLES, 'customers-messy.csv');
  const base: Partial<ImportOptions> = { country: 'FR' };

  /** Run the worker until the import waits for its importer, or ended. */
  const waited = async (id: string) => {
    const worker = intake.startWorker(() => {});
    for (;;) {
      await worker.drain();
      const view = (await intake.imports.get('acme', id))!;
      if (/awaiting_approval|failed|completed|cancelled/.test(view.status)) return view;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const reviewed = async (options: Partial<ImportOptions>) => {
    const id = await submitted(intake, {
      files: [messy],
      entity: 'loyalty.customer',
      options,
      review: true,
    });
    await waited(id);
    return id;
  };
  const fixed = async (id: string, fixes: Fix[]) => {
    await intake.imports.replay('acme', id, 'ann', { options: { fixes } });
    return waited(id);
  };
  /** Everything a user reads of a validation, in a stable order. */
  const seen = async (id: string) => {
    const rows = await intake.imports.rows('acme', id, { limit: 100 });
    const corrections = await intake.imports.corrections('acme', id, { limit: 1000 });
    const summary = await intake.imports.summary('acme', id);
    return {
      status: summary.import.status,
      rows: rows.rows.map((r) => ({
        line: r.line,
        outcome: r.outcome,
        problems: r.problems.map((p) => `${p.field}:${p.code}:${p.message}`).sort(),
      })),
      corrections: corrections.rows
        .map((c) => `${c.line}:${c.field}:${c.from}>${c.to}:${c.rule}`)
        .sort(),
      counts: summary.counts,
      issues: summary.issues,
    };
  };
  /** What the import's history says of its last validation. */
  const lastNote = async (id: string) => {
    const events = (await intake.imports.get('acme', id))!.events ?? [];
    return events.filter((e) => e.from === 'validating').at(-1)?.note ?? '';
  };
  /** Rows cleaned again, as the history and the summary (which Review shows) say it. */
  const checkedAgain = async (id: string) => {
    const n = Number(/after the fixes, (\d+) rows checked again/.exec(await lastNote(id))?.[1]);
    expect((await intake.imports.summary('acme', id)).rechecked).toBe(n);
    return n;
  };

  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open();
    await intake.imports.run({ files: [join(EXAMPLES, 'stores.csv')], workspace: 'acme' });
  });
  afterEach(async () => {
    await intake.close();
    await box.cleanup();
  });

  it('cleans again only the rows a fix touches, and ends as a whole validation would', async () => {
    const options = { ...base, commit: 'partial' as const };
    const id = await reviewed(options);
    const first = await seen(id);
    expect(first.status).toBe('awaiting_approval');
    // Lines 7 and 8 share an e-mail; line 12's mobile is too short; line 13's slab unknown.
    expect(first.rows.find((r) => r.line === 8)?.problems.join()).toMatch(/INTAKE_E_DUPLICATE/);

    const rounds: Fix[][] = [
      // One cell: the duplicate e-mail of line 8. Its row alone is cleaned again, and
      // the plan (global) no longer refuses line 7 either.
      [
        {
          kind: 'edit',
          file: 'customers-messy.csv',
          line: 8,
          column: 'E-mail Adress',
          value: 'marc-antoine.petit@example.com',
        },
      ],
      // More: a replacement in a column, a problem fix, a value fix.
      [
        {
          kind: 'edit',
          file: 'customers-messy.csv',
          line: 8,
          column: 'E-mail Adress',
          value: 'marc-antoine.petit@example.com',
        },
        { kind: 'replace', column: 'Slab Name', find: 'Silvr', replace: 'Silver', whole: true },
        { kind: 'problem', field: 'mobile', code: 'INTAKE_E_PHONE', value: null },
        { kind: 'value', field: 'slab', from: 'Diamond', to: 'Gold' },
      ],
      // One taken back (the edit), the others kept.
      [
        { kind: 'replace', column: 'Slab Name', find: 'Silvr', replace: 'Silver', whole: true },
        { kind: 'problem', field: 'mobile', code: 'INTAKE_E_PHONE', value: null },
        { kind: 'value', field: 'slab', from: 'Diamond', to: 'Gold' },
      ],
      // All taken back: as the first validation.
      [],
    ];
    const cleaned: number[] = [];
    for (const fixes of rounds) {
      await fixed(id, fixes);
      cleaned.push(await checkedAgain(id));
      const whole = await reviewed({ ...options, fixes });
      expect(await seen(id), JSON.stringify(fixes)).toEqual(await seen(whole));
      await intake.imports.cancel('acme', whole, 'ann');
    }
    expect(await seen(id)).toEqual(first);
    // Only the rows a changed fix touches: the edited line; then lines 4 (Silvr), 12
    // (phone) and 13 (Diamond); then the edited line, taken back; then the three others.
    expect(cleaned).toEqual([1, 3, 1, 3]);
  });

  it('with several files, lookups and labels: what the plan rewrote and what an earlier file changed is cleaned again', async () => {
    // Labels first, stores next, customers last: the customers' rows read the labels
    // and stores of the files before them.
    const files = [
      csv(box.dir, 'labels.csv', [
        ['label', 'standard status'],
        ['VIP', 'Active'],
      ]),
      csv(box.dir, 'shops.csv', [
        ['code', 'external_id', 'name'],
        ['LYON01', 'EXT-69', 'Lyon'],
        ['PARIS02', 'EXT-76', 'Paris'],
      ]),
      csv(box.dir, 'members.csv', [
        ['external_id', 'first_name', 'email', 'Store', 'status'],
        ['C1', 'Ann', 'ann@example.com', 'Lyon', 'VIP'],
        ['C2', 'Bob', 'bob@example', 'Paris', 'Active'],
        ['C3', 'Cid', 'cid@example.com', 'Nice', 'Gold member'],
        ['C4', 'Dee', 'dee@example.com', 'Lyon', 'Active'],
      ]),
    ];
    const options = { ...base, commit: 'partial' as const, lookup: { join_store: 'name' } };
    const submit = async (fixes: Fix[]) => {
      const id = await submitted(intake, { files, options: { ...options, fixes }, review: true });
      await waited(id);
      return id;
    };
    const id = await submit([]);
    const first = await seen(id);
    expect(first.counts).toMatchObject({ rows: 7, rejected: 2 });

    const rounds: [Fix[], number][] = [
      // Bob's e-mail: his row, among the four whose store the lookup found or did not
      // (the plan rewrote their store: they are cleaned again whatever the fix).
      [
        [{ kind: 'edit', file: 'members.csv', line: 3, column: 'email', value: 'bob@example.com' }],
        4,
      ],
      // A store renamed: Nice is found, Paris is not. The shop's row and the looked-up rows.
      [
        [
          { kind: 'edit', file: 'members.csv', line: 3, column: 'email', value: 'bob@example.com' },
          { kind: 'edit', file: 'shops.csv', line: 3, column: 'name', value: 'Nice' },
        ],
        1 + 4,
      ],
      // A label renamed: every customer reads the labels, so the customers' file is
      // cleaned again whole (4 rows, the looked-up ones); the stores' file is not.
      [
        [
          { kind: 'edit', file: 'members.csv', line: 3, column: 'email', value: 'bob@example.com' },
          { kind: 'edit', file: 'shops.csv', line: 3, column: 'name', value: 'Nice' },
          { kind: 'edit', file: 'labels.csv', line: 2, column: 'label', value: 'Gold member' },
        ],
        1 + 4,
      ],
    ];
    for (const [fixes, again] of rounds) {
      await fixed(id, fixes);
      expect(await checkedAgain(id), JSON.stringify(fixes)).toBe(again);
      const whole = await submit(fixes);
      expect(await seen(id), JSON.stringify(fixes)).toEqual(await seen(whole));
      await intake.imports.cancel('acme', whole, 'ann');
    }
    const last = await seen(id);
    // Cid's Nice store and Gold member label are found now; Ann's VIP is no label any more.
    expect(last.rows.filter((r) => r.outcome === 'rejected').map((r) => r.problems)).toEqual([
      [expect.stringMatching(/^status:INTAKE_E_ENUM:.*"VIP"/)],
      [expect.stringMatching(/^join_store:INTAKE_E_REFERENCE:.*"Paris"/)],
    ]);
  });

  it('generates again the records of the rows it checks again', async () => {
    const series = csv(box.dir, 'series.csv', [
      [
        'Card Series Code',
        'Card Type',
        'Card Generation Enabled',
        'Card Prefix',
        'Card Length',
        'Card Count',
        'Till IUN',
      ],
      ['SILV', 'PHYSICAL', 'true', 'SV', '8', '3', 'LYON01'],
      ['GOLD', 'PLASTIC', 'true', 'GD', '8', '2', 'LYON01'],
    ]);
    const options = { commit: 'partial' as const };
    const submit = async (fixes: Fix[]) => {
      const id = await submitted(intake, {
        files: [series],
        options: { ...options, fixes },
        review: true,
      });
      await waited(id);
      return id;
    };
    const id = await submit([]);
    expect((await seen(id)).counts).toMatchObject({ rows: 5, rejected: 1 });
    const rounds: Fix[][] = [
      [{ kind: 'edit', file: 'series.csv', line: 3, column: 'Card Type', value: 'PHYSICAL' }],
      [
        { kind: 'edit', file: 'series.csv', line: 3, column: 'Card Type', value: 'PHYSICAL' },
        { kind: 'edit', file: 'series.csv', line: 2, column: 'Card Count', value: '4' },
      ],
    ];
    for (const fixes of rounds) {
      await fixed(id, fixes);
      expect(await checkedAgain(id)).toBe(1);
      const whole = await submit(fixes);
      expect(await seen(id), JSON.stringify(fixes)).toEqual(await seen(whole));
      await intake.imports.cancel('acme', whole, 'ann');
    }
    // Two series, four cards of one and two of the other; written as planned.
    expect((await seen(id)).counts).toMatchObject({ rows: 8, created: 8, rejected: 0 });
    await intake.imports.approve('acme', id, 'ann');
    expect((await waited(id)).status).toBe('completed');
    const cards = Object.values(await byKey(intake, 'loyalty.card', 'number', 'acme'));
    expect(cards.map((c) => c.number).sort()).toEqual([
      'GD000001',
      'GD000002',
      'SV000001',
      'SV000002',
      'SV000003',
      'SV000004',
    ]);
  });

  it('keeps the staged rows of an atomic import refused for its rows, for the fix that follows', async () => {
    const id = await reviewed({ ...base, commit: 'atomic' });
    expect((await seen(id)).status).toBe('failed');
    const fixes: Fix[] = [{ kind: 'problem', field: 'email', code: 'INTAKE_E_EMAIL', value: null }];
    await fixed(id, fixes);
    expect(await checkedAgain(id)).toBeGreaterThan(0);
    const whole = await reviewed({ ...base, commit: 'atomic', fixes });
    expect(await seen(id)).toEqual(await seen(whole));
  });

  it('validates whole again when more than the fixes changed', async () => {
    const id = await reviewed({ ...base, commit: 'partial' });
    await intake.imports.replay('acme', id, 'ann', {
      options: {
        country: 'BE',
        fixes: [{ kind: 'replace', column: 'Slab Name', find: 'Silvr', replace: 'Silver' }],
      },
    });
    await waited(id);
    expect(await lastNote(id)).not.toMatch(/checked again/);
    expect((await intake.imports.summary('acme', id)).rechecked).toBeUndefined();
    const whole = await reviewed({
      ...base,
      commit: 'partial',
      country: 'BE',
      fixes: [{ kind: 'replace', column: 'Slab Name', find: 'Silvr', replace: 'Silver' }],
    });
    expect(await seen(id)).toEqual(await seen(whole));
  });
});
