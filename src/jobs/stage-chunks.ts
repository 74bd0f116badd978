import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { Registry } from '../core/registry.js';
import type { RowChunk } from '../sources/sheet.js';
import type { Store } from '../store/connect.js';
import { withWorkspaceValues } from '../store/labels.js';
import type { JobQueue } from '../store/queue.js';
import type { Insertable } from 'kysely';
import type { StageChunkTable } from '../store/tables.js';
import type { CleanTask } from './clean-pool.js';
import { isUrl } from './import-context.js';
import type { Input } from './import-types.js';
import { unstageRanges } from '../store/recheck.js';
import { stageRows } from './stage-rows.js';

/**
 * Scale-out (issue 15; docs/scale-out.md). After its scan, a large import's validation
 * splits each file into chunks of rows (`intake_stage_chunk`) and queues `stage` jobs;
 * any worker that takes one stages chunks until none is left. The validation's own job
 * does the same, then waits for the chunks others hold, and goes on with the plan,
 * whose set checks stay global (they run in the database over all staged rows).
 *
 * - **Exactly once.** A chunk is taken by a job's attempt, by compare and set. It is
 *   given up only when that attempt no longer runs (`JobQueue.holds`: its lease lapsed
 *   because its worker died, the leases being kept from a thread the work cannot
 *   starve). Whoever takes it again first removes what the dead one staged of it, and a
 *   chunk is marked done only by the attempt that holds it.
 * - **Files in order.** A file's chunks are taken once every chunk of the files before
 *   it is done: a file's rows may name values staged by an earlier one (labels).
 * - **One read per worker.** A worker keeps its place in a file and takes the next
 *   chunk ahead of it, so it reads each file through at most once, skipping (parsing,
 *   not cleaning) the chunks others stage.
 */
export interface StagePlan {
  /** The validation that split the import: a retried one splits it again. */
  token: string;
  workspace: string;
  files: { fileNo: number; task: Omit<CleanTask, 'entity'> & { entity: string } }[];
}

export interface ChunkHolder {
  id: string;
  attempts: number;
}

type Chunk = Pick<
  StageChunkTable,
  'chunk_no' | 'file_no' | 'first_row' | 'last_row' | 'skip' | 'state' | 'job_id' | 'attempt'
> & { takes: number };

/** Imports this large (and read from files, not URLs fetched again) are split. */
export function splits(
  req: { files: string[]; inline?: string; scaleOut?: { chunkRows: number } },
  total: number,
): boolean {
  return (
    !req.files.some(isUrl) &&
    req.inline === undefined &&
    total >= 2 * (req.scaleOut?.chunkRows ?? Infinity)
  );
}

/** The validation's part: split, queue helpers, stage with them, wait for the last chunk. */
export async function stageInChunks(
  store: Store,
  registry: Registry,
  r: {
    importId: string;
    workspace: string;
    inputs: Input[];
    tasks: Map<number, CleanTask>;
    chunkRows: number;
    helpers: number;
    queue: JobQueue;
    me: ChunkHolder;
    workers: number;
    signal?: AbortSignal;
    onStaged?: (rows: number) => void;
  },
): Promise<void> {
  const plan: StagePlan = {
    token: randomBytes(8).toString('hex'),
    workspace: r.workspace,
    files: r.inputs.map((i) => {
      const task = r.tasks.get(i.fileNo)!;
      return { fileNo: i.fileNo, task: { ...task, entity: i.entity.qualified } };
    }),
  };
  const chunks: Insertable<StageChunkTable>[] = [];
  let rowNo = 0;
  for (const input of r.inputs) {
    for (let skip = 0; skip < input.rows; skip += r.chunkRows) {
      const n = Math.min(r.chunkRows, input.rows - skip);
      chunks.push({
        import_id: r.importId,
        chunk_no: chunks.length + 1,
        file_no: input.fileNo,
        first_row: rowNo + skip + 1,
        last_row: rowNo + skip + n,
        skip,
        state: 'pending',
        job_id: null,
        attempt: 0,
        worker: null,
      });
    }
    rowNo += input.rows;
  }
  await store.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('intake_stage_chunk').where('import_id', '=', r.importId).execute();
    await trx.deleteFrom('intake_stage_plan').where('import_id', '=', r.importId).execute();
    await trx
      .insertInto('intake_stage_plan')
      .values({ import_id: r.importId, plan: JSON.stringify(plan) })
      .execute();
    for (let i = 0; i < chunks.length; i += 500) {
      await trx
        .insertInto('intake_stage_chunk')
        .values(chunks.slice(i, i + 500))
        .execute();
    }
    // Helpers: any worker free takes one and stages chunks until none is left.
    for (let i = 0; i < Math.min(r.helpers, chunks.length - 1); i++) {
      await r.queue.enqueue(trx, { kind: 'stage', importId: r.importId });
    }
  });
  const sheets = new Map(r.inputs.map((i) => [i.fileNo, () => i.sheet.chunks()]));
  await stageChunks(store, registry, r.queue, {
    importId: r.importId,
    plan,
    sheets,
    me: r.me,
    workers: r.workers,
    signal: r.signal,
    waitForOthers: true,
    onStaged: r.onStaged,
  });
}

/**
 * Take chunks and stage them until none is left to take. The validation also waits for
 * the chunks others hold (`waitForOthers`), and takes back those of a worker that died.
 */
export async function stageChunks(
  store: Store,
  registry: Registry,
  queue: JobQueue,
  r: {
    importId: string;
    plan: StagePlan;
    sheets: Map<number, () => AsyncIterable<RowChunk>>;
    me: ChunkHolder;
    workers: number;
    signal?: AbortSignal;
    waitForOthers: boolean;
    onStaged?: (rows: number) => void;
    /** A helper stops when the import is no longer this plan's (cancelled, retried). */
    stillMine?: () => Promise<boolean>;
  },
): Promise<void> {
  const worker = `${hostname()}-${process.pid}`;
  const cursors = new Map<number, FileCursor>();
  const values = new Map<number, CleanTask['entity']>();
  let pause = 20;
  try {
    for (;;) {
      r.signal?.throwIfAborted();
      if (r.stillMine && !(await r.stillMine())) return;
      const got = await take(store, queue, r.importId, r.me, worker, cursors);
      if (got === 'done') return;
      if (got === 'wait') {
        if (!r.waitForOthers) return;
        r.onStaged?.(await stagedRows(store, r.importId));
        await new Promise((ok) => setTimeout(ok, pause));
        pause = Math.min(pause * 2, 500);
        continue;
      }
      pause = 20;
      const file = r.plan.files.find((f) => f.fileNo === got.file_no)!;
      const entity = registry.get(file.task.entity);
      if (got.takes > 1) await clearChunk(store, r.importId, entity.table, got);
      // The workspace's values, with those of the files staged before this one: the
      // same for every chunk of a file, since earlier files are done when it starts.
      if (!values.has(got.file_no)) {
        values.set(
          got.file_no,
          await withWorkspaceValues(store, r.plan.workspace, r.importId, entity),
        );
      }
      let cursor = cursors.get(got.file_no);
      if (!cursor) cursors.set(got.file_no, (cursor = new FileCursor(r.sheets.get(got.file_no)!)));
      const before = await stagedRows(store, r.importId);
      try {
        await stageRows(store, {
          importId: r.importId,
          fileNo: got.file_no,
          entity,
          task: { ...file.task, entity: values.get(got.file_no)! },
          workers: r.workers,
          chunks: cursor.range(got.skip, got.last_row - got.first_row + 1),
          firstRowNo: got.first_row,
          signal: r.signal,
          onStaged: (n) => r.onStaged?.(before + n),
        });
        await finish(store, r.importId, got, r.me);
      } catch (e) {
        await release(store, r.importId, got, r.me).catch(() => {});
        throw e;
      }
    }
  } finally {
    for (const c of cursors.values()) await c.close();
  }
}

/**
 * No live worker holds a chunk of this import: what they staged can be cleared without
 * one of them writing more afterwards (a validation tried again after its worker died).
 */
export async function othersStopped(
  store: Store,
  queue: JobQueue,
  importId: string,
  signal?: AbortSignal,
): Promise<void> {
  for (let pause = 20; ; pause = Math.min(pause * 2, 1000)) {
    const held = await store.db
      .selectFrom('intake_stage_chunk')
      .select(['job_id', 'attempt'])
      .where('import_id', '=', importId)
      .where('state', '=', 'taken')
      .execute();
    let live = false;
    for (const h of held) live ||= await queue.holds(h.job_id!, Number(h.attempt));
    if (!live) return;
    signal?.throwIfAborted();
    await new Promise((ok) => setTimeout(ok, pause));
  }
}

/** Rows staged so far, by every worker (for progress). */
async function stagedRows(store: Store, importId: string): Promise<number> {
  const r = await store.db
    .selectFrom('intake_stage_chunk')
    .select((eb) => eb.fn.sum<number>(sql`last_row - first_row + 1`).as('n'))
    .where('import_id', '=', importId)
    .where('state', '=', 'done')
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * The next chunk for this attempt: of the first file with chunks left, one that is
 * pending or whose holder died, the nearest ahead of where this worker reads.
 */
async function take(
  store: Store,
  queue: JobQueue,
  importId: string,
  me: ChunkHolder,
  worker: string,
  cursors: Map<number, FileCursor>,
): Promise<Chunk | 'wait' | 'done'> {
  for (let round = 0; round < 5; round++) {
    const left = await store.db
      .selectFrom('intake_stage_chunk')
      .select(['chunk_no', 'file_no', 'first_row', 'last_row', 'skip', 'state', 'job_id'])
      .select(['attempt', 'takes'])
      .where('import_id', '=', importId)
      .where('state', '<>', 'done')
      .orderBy('chunk_no')
      .execute();
    if (left.length === 0) return 'done';
    const file = left[0]!.file_no;
    const free: Chunk[] = [];
    for (const c of left.filter((x) => x.file_no === file)) {
      const mine = c.job_id === me.id && Number(c.attempt) === me.attempts;
      if (c.state === 'pending' || mine || !(await queue.holds(c.job_id!, Number(c.attempt))))
        free.push({ ...c, attempt: Number(c.attempt), takes: Number(c.takes) });
    }
    if (free.length === 0) return 'wait';
    const at = cursors.get(file)?.position ?? 0;
    const pick = free.find((c) => c.skip >= at) ?? free[0]!;
    let q = store.db
      .updateTable('intake_stage_chunk')
      .set({
        state: 'taken',
        job_id: me.id,
        attempt: me.attempts,
        worker,
        takes: sql`takes + 1`,
      })
      .where('import_id', '=', importId)
      .where('chunk_no', '=', pick.chunk_no)
      .where('state', '=', pick.state)
      .where('attempt', '=', pick.attempt);
    q = pick.job_id === null ? q.where('job_id', 'is', null) : q.where('job_id', '=', pick.job_id);
    const r = await q.executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) return { ...pick, takes: pick.takes + 1 };
    // Another worker took it first: look again.
  }
  return 'wait';
}

/** What a worker that died holding this chunk staged of it is removed. */
function clearChunk(store: Store, importId: string, table: string, c: Chunk) {
  return unstageRanges(store, { table }, importId, [[c.first_row, c.last_row]]);
}

async function finish(store: Store, importId: string, c: Chunk, me: ChunkHolder) {
  const r = await store.db
    .updateTable('intake_stage_chunk')
    .set({ state: 'done' })
    .where('import_id', '=', importId)
    .where('chunk_no', '=', c.chunk_no)
    .where('job_id', '=', me.id)
    .where('attempt', '=', me.attempts)
    .executeTakeFirst();
  // Taken from a live holder cannot happen (holds() says it lives); a lost chunk is
  // staged again by whoever holds it now, after removing these rows.
  if (Number(r.numUpdatedRows) !== 1)
    throw new Error(`chunk ${c.chunk_no} of ${importId} was taken from this worker`);
}

/** A chunk this attempt could not stage goes back, for another (or the validation) to try. */
async function release(store: Store, importId: string, c: Chunk, me: ChunkHolder) {
  await store.db
    .updateTable('intake_stage_chunk')
    .set({ state: 'pending', job_id: null, attempt: 0, worker: null })
    .where('import_id', '=', importId)
    .where('chunk_no', '=', c.chunk_no)
    .where('job_id', '=', me.id)
    .where('attempt', '=', me.attempts)
    .execute();
}

/**
 * A worker's place in a file: rows `[skip, skip + count)` are read from where it
 * stands, skipping what lies between (parsed, not cleaned); a range behind it opens
 * the file again.
 */
export class FileCursor {
  private it?: AsyncIterator<RowChunk>;
  /** The file's index of the first row of `held`, or of the next chunk read. */
  position = 0;
  private held?: RowChunk;

  constructor(private readonly open: () => AsyncIterable<RowChunk>) {}

  async *range(skip: number, count: number): AsyncGenerator<RowChunk> {
    if (skip < this.position) await this.close();
    this.it ??= this.open()[Symbol.asyncIterator]();
    let left = count;
    while (left > 0) {
      let c = this.held;
      this.held = undefined;
      if (!c) {
        const next = await this.it.next();
        if (next.done) return;
        c = next.value;
      }
      if (this.position < skip) {
        const drop = Math.min(skip - this.position, c.rows.length);
        this.position += drop;
        if (drop === c.rows.length) continue;
        c = slice(c, drop);
      }
      const n = Math.min(left, c.rows.length);
      if (n < c.rows.length) this.held = slice(c, n);
      this.position += n;
      left -= n;
      yield n < c.rows.length ? slice(c, 0, n) : c;
    }
  }

  async close(): Promise<void> {
    await this.it?.return?.();
    this.it = undefined;
    this.held = undefined;
    this.position = 0;
  }
}

function slice(c: RowChunk, from: number, to = c.rows.length): RowChunk {
  const problems = new Map<number, RowChunk['problems'] extends Map<number, infer P> ? P : never>();
  for (const [i, p] of c.problems) if (i >= from && i < to) problems.set(i - from, p);
  return { rows: c.rows.slice(from, to), lines: c.lines.slice(from, to), problems };
}
