import { Writable } from 'node:stream';
import type { Intake } from '../../src/service.js';

/** Stored records of an entity type, through the export path a user would use. */
export async function records(
  intake: Intake,
  entity: string,
  workspace?: string,
): Promise<Record<string, unknown>[]> {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  await intake.records.export(entity, 'ndjson', sink, workspace);
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export async function byKey(intake: Intake, entity: string, key: string, workspace?: string) {
  return Object.fromEntries(
    (await records(intake, entity, workspace)).map((r) => [String(r[key]), r]),
  );
}
