import { sql } from 'kysely';
import { IntakeError } from '../core/codes.js';
import {
  FINAL_STATUSES,
  STEPS,
  stepsFrom,
  type ImportStatus,
  type Step,
  type StepName,
} from '../core/import-status.js';
import { redactCredentials } from '../core/redact.js';
import type { Store } from './connect.js';

/**
 * The status of an import as stored facts (SPEC J1): it changes only by a step of the
 * declared table (core/import-status.ts), by compare and set, so two processes never
 * both move it, and every change is an event with who, when, from and to. Progress is
 * stored too, readable while a job runs.
 */
export interface ImportEvent {
  at: string;
  actor: string;
  from: string | null;
  to: string;
  note: string | null;
}

interface Facts {
  status: ImportStatus;
  committed: boolean;
  written: boolean;
}

async function facts(store: Store, id: string): Promise<Facts | undefined> {
  const row = await store.db
    .selectFrom('intake_import')
    .select([
      'status',
      'committed_at',
      (eb) =>
        eb
          .exists(
            eb.selectFrom('intake_commit_chunk').select('import_id').where('import_id', '=', id),
          )
          .as('written'),
    ])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    status: row.status as ImportStatus,
    committed: row.committed_at !== null,
    written: Boolean(row.written),
  };
}

function passes(step: Step, f: Facts): boolean {
  if (!step.from.includes(f.status)) return false;
  if (step.guard === 'uncommitted') return !f.committed;
  if (step.guard === 'written') return f.written;
  if (step.guard === 'unwritten') return !f.written && !f.committed;
  return true;
}

/** People's steps an import allows now (its status and guards), for views and refusals. */
export function allowedSteps(f: Facts): StepName[] {
  return stepsFrom(f.status).filter((name) => passes(STEPS[name], f));
}

export async function stepsAllowed(store: Store, id: string): Promise<StepName[]> {
  const f = await facts(store, id);
  return f ? allowedSteps(f) : [];
}

/**
 * Take `step` on import `id`: from whatever status it is in, if the table allows it, to
 * `to` (the step's only target when not given). Returns the status it came from.
 */
export async function transition(
  store: Store,
  id: string,
  step: StepName,
  change: { actor: string; to?: ImportStatus; note?: string },
): Promise<ImportStatus> {
  const s: Step = STEPS[step];
  const to = change.to ?? s.to[0]!;
  if (!s.to.includes(to)) throw new Error(`step ${step} does not lead to ${to}`);
  // Read, then compare and set on exactly what was read, so the event names the real
  // "from". The transaction starts with its write: SQLite then waits for a busy
  // writer instead of failing to upgrade a read.
  for (let attempt = 0; attempt < 3; attempt++) {
    const f = await facts(store, id);
    if (!f) throw new IntakeError('INTAKE_E_NOT_FOUND', `no import ${id}`);
    if (!passes(s, f)) throw refusal(id, step, f);
    const moved = await store.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('intake_import')
        .set({
          status: to,
          updated_at: store.profile.now,
          ...(FINAL_STATUSES.includes(to) ? { finished_at: store.profile.now } : {}),
        })
        .where('id', '=', id)
        .where('status', '=', f.status)
        .$if(s.guard === 'uncommitted', (q) => q.where('committed_at', 'is', null))
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      await trx
        .insertInto('intake_import_event')
        .values({
          import_id: id,
          actor: change.actor,
          from_status: f.status,
          to_status: to,
          note: change.note === undefined ? null : redactCredentials(change.note),
        })
        .execute();
      return true;
    });
    if (moved) return f.status;
  }
  throw new IntakeError('INTAKE_E_IMPORT_STATE', `import ${id} keeps changing; try again`);
}

function refusal(id: string, step: StepName, f: Facts): IntakeError {
  const s: Step = STEPS[step];
  const allowed = allowedSteps(f);
  const why =
    // Whether it is still committing or already completed, a written import is past
    // cancelling: say so, not only which statuses would allow it.
    s.guard === 'uncommitted' && f.committed
      ? `import ${id} is already written (${f.status}); it can no longer be cancelled`
      : s.from.includes(f.status) && s.guard === 'written'
        ? `import ${id} wrote nothing; there is nothing to undo`
        : s.from.includes(f.status) && s.guard === 'unwritten'
          ? `import ${id} wrote rows already; undo it, then import again`
          : `import ${id} is ${f.status}; to ${s.says} it must be ${s.from.join(' or ')}`;
  return new IntakeError(
    'INTAKE_E_IMPORT_STATE',
    `${why}. Allowed now: ${allowed.length ? allowed.join(', ') : 'nothing'}`,
    { status: f.status, step, allowed },
  );
}

/** The first event of an import, written when it is created. */
export async function recordCreated(
  store: Store,
  id: string,
  actor: string,
  status: ImportStatus,
): Promise<void> {
  await store.db
    .insertInto('intake_import_event')
    .values({ import_id: id, actor, from_status: null, to_status: status, note: null })
    .execute();
}

/** An event that changes no status (a retry after a lost worker, an undo's counts). */
export async function recordNote(
  store: Store,
  id: string,
  actor: string,
  note: string,
): Promise<void> {
  const row = await store.db
    .selectFrom('intake_import')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return;
  await store.db
    .insertInto('intake_import_event')
    .values({
      import_id: id,
      actor,
      from_status: row.status,
      to_status: row.status,
      note: redactCredentials(note),
    })
    .execute();
}

export async function importEvents(store: Store, id: string): Promise<ImportEvent[]> {
  const rows = await store.db
    .selectFrom('intake_import_event')
    .select(['at', 'actor', 'from_status', 'to_status', 'note'])
    .where('import_id', '=', id)
    .orderBy('at')
    .execute();
  return rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    from: r.from_status,
    to: r.to_status,
    note: r.note,
  }));
}

export async function saveProgress(store: Store, id: string, progress: unknown): Promise<void> {
  await sql`UPDATE intake_import SET progress = ${store.profile.jsonParam(JSON.stringify(progress))}
            WHERE id = ${id}`.execute(store.db);
}
