import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportSubmission } from '../../src/jobs/import-context.js';
import type { Intake } from '../../src/service.js';

/** A CSV of `rows` billing customers, codes `<prefix>0`…, written in `dir`; its path. */
export function customersCsv(dir: string, rows: number, prefix = 'C'): string {
  const file = join(dir, `customers-${prefix}.csv`);
  const lines = ['code,name'];
  for (let i = 0; i < rows; i++) lines.push(`${prefix}${i},Customer ${i}`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/**
 * A CSV of `rows` loyalty customers, with a bad e-mail on every 97th row (from the
 * 6th) and a row of too many cells at 2,500: its path, and how many rows are refused.
 */
export function loyaltyCustomersCsv(dir: string, rows: number): { file: string; bad: number } {
  const lines = ['external_id,first_name,last_name,email,registration_date'];
  let bad = 0;
  for (let i = 0; i < rows; i++) {
    const wrong = i % 97 === 5;
    const extra = i === 2500 ? ',extra,cells' : '';
    if (wrong || extra) bad++;
    const email = wrong ? `bad${i}.example.com` : `c${i}@example.com`;
    lines.push(`C${i},Alice,Martin,${email},2021-0${(i % 9) + 1}-1${i % 10}${extra}`);
  }
  const file = join(dir, `loyalty-customers-${rows}.csv`);
  writeFileSync(file, lines.join('\n') + '\n');
  return { file, bad };
}

/**
 * An import submitted as the API does (workspace acme, by ann, no approval unless
 * asked): its job is queued for a worker. Returns its id.
 */
export async function submitted(
  intake: Intake,
  sub: Partial<ImportSubmission> & Pick<ImportSubmission, 'files'>,
): Promise<string> {
  const id = intake.imports.newId();
  await intake.imports.submit(id, {
    workspace: 'acme',
    actor: 'ann',
    options: {},
    approval: false,
    ...sub,
  });
  return id;
}

/**
 * Run the worker until the import ends (completed, failed, cancelled, dry run): waits
 * for its state, never for a time. Returns its view.
 */
export async function settled(intake: Intake, workspace: string, id: string) {
  const worker = intake.startWorker(() => {});
  for (const end = Date.now() + 60_000; Date.now() < end;) {
    await worker.drain();
    const view = (await intake.imports.get(workspace, id))!;
    if (/completed|failed|cancelled|dry_run/.test(view.status)) return view;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`import ${id} did not settle`);
}
