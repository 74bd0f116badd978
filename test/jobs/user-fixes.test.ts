import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportOptions } from '../../src/core/options.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { EXAMPLES } from '../helpers/files.js';

/**
 * The user's fixes of cells (issue 17, "fix in place"): an edit of one cell, a
 * replacement in a column, and a value for every cell refused for one problem, laid
 * over the file at validation, each said as a correction by the user; a fix of a file
 * or column the import does not have changes nothing and breaks nothing.
 */
describe.each(BACKENDS)('fixes made in the review on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  const messy = join(EXAMPLES, 'customers-messy.csv');
  const run = (options: Partial<ImportOptions>) =>
    intake.imports.run({
      files: [messy],
      entity: 'loyalty.customer',
      options: { commit: 'partial', country: 'FR', ...options },
      today: '2026-11-21',
    });
  const problems = async (id: string) =>
    (await intake.imports.rows('default', id, { outcome: 'rejected', limit: 100 })).rows.flatMap(
      (r) => r.problems.map((p) => `${r.line}:${p.field}:${p.code}`),
    );
  const corrections = async (id: string) =>
    (await intake.imports.corrections('default', id, { limit: 500 })).rows;

  beforeEach(async () => {
    box = sandbox(backend);
    intake = await box.open();
    await intake.imports.run({ files: [join(EXAMPLES, 'stores.csv')] });
  });
  afterEach(async () => {
    await intake.close();
    await box.cleanup();
  });

  it('edits one cell, replaces in a column, fixes every cell with one problem', async () => {
    const before = await run({});
    const was = await problems(before.import.id);
    expect(was).toContain('13:slab:INTAKE_E_ENUM'); // "Diamond"
    expect(was).toContain('12:mobile:INTAKE_E_PHONE'); // "12345"
    expect(was.filter((p) => p.endsWith(':email:INTAKE_E_EMAIL')).length).toBeGreaterThan(0);

    const after = await run({
      fixes: [
        {
          kind: 'edit',
          file: 'customers-messy.csv',
          line: 12,
          column: 'Mobile No.',
          value: '0612345699',
        },
        { kind: 'replace', column: 'Slab Name', find: 'Diamond', replace: 'Gold', whole: true },
        { kind: 'problem', field: 'email', code: 'INTAKE_E_EMAIL', value: null },
        // Fixes that concern nothing here are no harm.
        { kind: 'edit', file: 'other.csv', line: 2, column: 'Mobile No.', value: 'x' },
        { kind: 'replace', column: 'No such column', find: 'a', replace: 'b' },
      ],
    });
    const now = await problems(after.import.id);
    expect(now).not.toContain('13:slab:INTAKE_E_ENUM');
    expect(now).not.toContain('12:mobile:INTAKE_E_PHONE');
    expect(now.filter((p) => p.endsWith(':email:INTAKE_E_EMAIL'))).toEqual([]);
    // Nothing else changed: the problems left are the ones no fix named.
    const untouched = was.filter(
      (p) =>
        p !== '13:slab:INTAKE_E_ENUM' &&
        p !== '12:mobile:INTAKE_E_PHONE' &&
        !p.endsWith(':email:INTAKE_E_EMAIL'),
    );
    for (const p of untouched) expect(now).toContain(p);
    expect(after.counts.rejected).toBeLessThan(before.counts.rejected);

    // Each fix is a correction by the user, from the cell as written to the value used.
    const mine = (await corrections(after.import.id)).filter((c) => c.rule.startsWith('user_'));
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          line: 12,
          field: 'mobile',
          from: '12345',
          to: '0612345699',
          rule: 'user_edit',
        }),
        expect.objectContaining({
          line: 13,
          field: 'slab',
          from: 'Diamond',
          to: 'Gold',
          rule: 'user_replace',
        }),
        expect.objectContaining({ field: 'email', to: '', rule: 'user_fix' }),
      ]),
    );
    // The edited number is then written as Intake writes phones, said as its own rule.
    expect(await corrections(after.import.id)).toContainEqual(
      expect.objectContaining({
        line: 12,
        field: 'mobile',
        from: '0612345699',
        to: '+33612345699',
      }),
    );
  });

  it('reads a value not in the list as one of its options, in whatever column the field comes from', async () => {
    const before = await run({});
    const refused = (await intake.imports.problems('default', before.import.id)).find(
      (p) => p.code === 'INTAKE_E_ENUM' && p.field === 'slab',
    );
    // The values refused are listed, most rows first, for the user to read as options.
    expect(refused).toMatchObject({ fixable: true, values: [{ value: 'Diamond', rows: 1 }] });

    const after = await run({
      fixes: [{ kind: 'value', field: 'slab', from: 'Diamond', to: 'Gold' }],
    });
    expect(await problems(after.import.id)).not.toContain('13:slab:INTAKE_E_ENUM');
    expect(await corrections(after.import.id)).toContainEqual(
      expect.objectContaining({
        line: 13,
        field: 'slab',
        from: 'Diamond',
        to: 'Gold',
        rule: 'user_value',
      }),
    );
    // A value the file does not have changes nothing.
    const none = await run({
      fixes: [{ kind: 'value', field: 'slab', from: 'Platinum+', to: 'Gold' }],
    });
    expect(await problems(none.import.id)).toContain('13:slab:INTAKE_E_ENUM');
  });

  it('refuses a fix it cannot apply, naming it', async () => {
    await expect(
      run({
        fixes: [{ kind: 'problem', field: 'email', code: 'INTAKE_E_REFERENCE', value: null }],
      } as never),
    ).rejects.toMatchObject({
      code: 'INTAKE_E_REQUEST',
      message: expect.stringContaining('options.fixes.0.code'),
    });
  });
});
