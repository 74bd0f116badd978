import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadRegistry } from '../../src/config/packs.js';
import type { Intake } from '../../src/service.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';

/**
 * Every blank template of every built-in pack is a file that imports (SPEC F4, issue
 * 13): its example row passes its own entity type's checks, and names the example of
 * the records it references, so a pack's templates import one after the other.
 */
describe.each(BACKENDS)('blank templates on $name', (backend) => {
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

  it('import, example row included, for every entity type of every pack', async () => {
    const registry = loadRegistry([]);
    const entities = registry.writeOrder(registry.entities);
    expect(entities.length).toBeGreaterThan(10);
    // One import of every template: the types are written in the order of their
    // references, so each example row finds the one it names.
    const files: string[] = [];
    for (const e of entities) {
      const path = join(box.dir, `${e.table}.csv`);
      await intake.records.writeTemplate(e.qualified, 'csv', path);
      files.push(path);
    }
    const r = await intake.imports.run({ files, options: { commit: 'partial' } });
    expect(r.files.map((f) => f.entity).sort()).toEqual(entities.map((e) => e.qualified).sort());
    const rows = await intake.imports.rows('default', r.import.id, {
      outcome: 'rejected',
      limit: 50,
    });
    const refused = rows.rows.map((x) => `${x.file}: ${JSON.stringify(x.problems)}`);
    expect(refused).toEqual([]);
    expect(r.counts).toMatchObject({ rows: entities.length, created: entities.length });
  });
});
