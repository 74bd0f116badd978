import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileCursor } from '../../src/jobs/stage-chunks.js';
import type { Intake } from '../../src/service.js';
import type { RowChunk } from '../../src/sources/sheet.js';
import { BACKENDS, sandbox, type Sandbox } from '../helpers/backends.js';
import { loyaltyCustomersCsv, submitted } from '../helpers/imports.js';

/**
 * Scale-out (issue 15): a large import's staging split into chunks that workers share.
 * The split gives the same rows, issues and lines as one worker reading the file through.
 * (Workers sharing one import, one of them killed: scale-out-kill.test.ts.)
 */

describe('a worker’s place in a file', () => {
  const file = (n: number, per: number) =>
    async function* (): AsyncGenerator<RowChunk> {
      for (let i = 0; i < n; i += per) {
        const rows = Array.from({ length: Math.min(per, n - i) }, (_, k) => [String(i + k)]);
        yield {
          rows,
          lines: rows.map((r) => Number(r[0]) + 2),
          problems: new Map(
            i === 0 ? [[3, { code: 'INTAKE_E_ROW_SHAPE' as const, message: 'x' }]] : [],
          ),
        };
      }
    };
  const read = async (it: AsyncIterable<RowChunk>) => {
    const out: string[] = [];
    for await (const c of it) out.push(...c.rows.map((r) => r[0]!));
    return out;
  };

  it('reads ranges ahead without reading again, and a range behind from the start', async () => {
    let opened = 0;
    const cursor = new FileCursor(() => {
      opened++;
      return file(100, 7)();
    });
    expect(await read(cursor.range(0, 10))).toEqual(Array.from({ length: 10 }, (_, i) => `${i}`));
    expect(await read(cursor.range(25, 5))).toEqual(['25', '26', '27', '28', '29']);
    expect(cursor.position).toBe(30);
    expect(opened).toBe(1);
    expect(await read(cursor.range(10, 3))).toEqual(['10', '11', '12']);
    expect(opened).toBe(2);
    // The end of the file ends a range that asks for more.
    expect(await read(cursor.range(95, 10))).toEqual(['95', '96', '97', '98', '99']);
    await cursor.close();
  });

  it('keeps a row’s reader problem with its row when a chunk is cut', async () => {
    const cursor = new FileCursor(file(20, 10));
    const parts: RowChunk[] = [];
    for await (const c of cursor.range(2, 4)) parts.push(c);
    expect(parts[0]!.rows.map((r) => r[0])).toEqual(['2', '3', '4', '5']);
    expect([...parts[0]!.problems.keys()]).toEqual([1]); // row 3, now second
    expect(parts[0]!.lines).toEqual([4, 5, 6, 7]);
  });
});

describe.each(BACKENDS)('scale-out on $name', { timeout: 120_000 }, (backend) => {
  let box: Sandbox;
  let intake: Intake;

  beforeEach(async () => {
    box = sandbox(backend);
  });
  afterEach(async () => {
    await intake?.close();
    await box.cleanup();
  });

  /** Each row's outcome and issues, as the row pages give them. */
  const outcomes = async (id: string) => {
    const issues = await sql<{ row_no: number; code: string; field: string | null }>`
      SELECT row_no, code, field FROM intake_issue WHERE import_id = ${id} ORDER BY row_no, code`.execute(
      intake.store.db,
    );
    return issues.rows.map((r) => `${r.row_no} ${r.code} ${r.field ?? ''}`);
  };

  it('a split import stages what one worker reading it through would', async () => {
    const rows = 5_500;
    const { file, bad } = loyaltyCustomersCsv(box.dir, rows);
    intake = await box.open({
      jobs: { ...box.config.jobs, stageChunkRows: 1000, stageHelpers: 2 },
    });
    const split = await submitted(intake, {
      files: [file],
      entity: 'loyalty.customer',
      approval: true,
      options: { commit: 'partial' },
    });
    // The worker runs the validation, then the helpers it queued (nothing left for them).
    expect(await intake.startWorker().drain()).toBe(3);
    expect((await intake.imports.get('acme', split))!.status).toBe('awaiting_approval');
    const chunks = await intake.store.db
      .selectFrom('intake_stage_chunk')
      .select(['chunk_no', 'first_row', 'last_row', 'state', 'takes'])
      .where('import_id', '=', split)
      .orderBy('chunk_no')
      .execute();
    expect(chunks.map((c) => [c.first_row, c.last_row, c.state, Number(c.takes)])).toEqual([
      [1, 1000, 'done', 1],
      [1001, 2000, 'done', 1],
      [2001, 3000, 'done', 1],
      [3001, 4000, 'done', 1],
      [4001, 5000, 'done', 1],
      [5001, 5500, 'done', 1],
    ]);
    // The CLI's way: one process, every row in turn.
    const here = await intake.imports.run({
      files: [file],
      entity: 'loyalty.customer',
      workspace: 'acme',
      options: { commit: 'partial', dryRun: true },
    });
    const a = await outcomes(split);
    expect(a).toEqual(await outcomes(here.import.id));
    expect(new Set(a.map((l) => l.split(' ')[0])).size).toBe(bad);
    const view = (await intake.imports.get('acme', split))!;
    expect(view.counts).toMatchObject({ rows, rejected: bad });
  });
});
