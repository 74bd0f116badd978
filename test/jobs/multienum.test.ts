import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { csv } from '../helpers/files.js';
import { byKey } from '../helpers/records.js';

/**
 * Multi-selection fields (issue 14, Rollouter's custom fields): several values of a
 * list in one cell, stored as written in canonical form, corrected and refused per
 * value, and compared as a whole on update.
 */
describe.each(BACKENDS)('multi-selection fields on $name', (backend) => {
  let box: Sandbox;
  let intake: Intake;
  let n = 0;
  const run = (rows: string[][]) =>
    intake.imports.run({
      files: [csv(box.dir, `techs-${n++}.csv`, rows)],
      entity: 'crew.tech',
      options: { commit: 'partial' },
    });

  beforeEach(async () => {
    box = sandbox(backend);
    const packs = join(box.dir, 'packs');
    mkdirSync(packs);
    writeFileSync(
      join(packs, 'crew.yaml'),
      [
        'pack: crew',
        'entities:',
        '  tech:',
        '    identifiers: [code]',
        '    fields:',
        '      code: { type: string }',
        '      skills:',
        '        type: multienum',
        '        options: [Fibre, Copper, Wireless]',
        '        synonyms: { Wireless: [wifi] }',
        "        separator: '|'",
        '',
      ].join('\n'),
    );
    intake = await box.open({ packs: [packs] });
  });
  afterEach(async () => {
    await intake.close();
    await box.cleanup();
  });

  it('stores the values of a cell, corrects each, refuses one outside the list', async () => {
    const r = await run([
      ['code', 'skills'],
      ['T1', 'Fibre|Copper'],
      ['T2', ' wifi | fibre |Wireless'],
      ['T3', 'Fibre|Satellite'],
    ]);
    expect(r.counts).toMatchObject({ created: 2, rejected: 1 });
    const techs = await byKey(intake, 'crew.tech', 'code');
    expect(techs.T1!.skills).toBe('Fibre|Copper');
    expect(techs.T2!.skills).toBe('Wireless|Fibre');
    const fixes = await intake.imports.corrections('default', r.import.id, { limit: 5 });
    expect(fixes.rows).toEqual([
      expect.objectContaining({
        line: 3,
        field: 'skills',
        from: ' wifi | fibre |Wireless',
        to: 'Wireless|Fibre',
      }),
    ]);
    const refused = await intake.imports.rows('default', r.import.id, {
      outcome: 'rejected',
      limit: 5,
    });
    expect(refused.rows[0]!.problems[0]!.message).toBe(
      'Skills "Satellite" is not one of: Fibre, Copper, Wireless',
    );

    // The same values again change nothing; another set is an update.
    const again = await run([
      ['code', 'skills'],
      ['T1', 'fibre|copper'],
      ['T2', 'Copper'],
    ]);
    expect(again.counts).toMatchObject({ unchanged: 1, updated: 1 });
    expect((await byKey(intake, 'crew.tech', 'code')).T2!.skills).toBe('Copper');
  });
});
