import { sql } from 'kysely';
import { IntakeError } from '../core/codes.js';
import { redactCredentials } from '../core/redact.js';
import type { Store } from './connect.js';
import { FINAL_STATUSES, type ImportStatus } from './imports.js';

/**
 * The life of an import as stored facts (SPEC J1): its status changes by compare and
 * set, so two processes never both move it, and every change is an event with who,
 * when, from and to. Progress is stored too, readable while a job runs.
 */
export interface ImportEvent {
  at: string;
  actor: string;
  from: string | null;
  to: string;
  note: string | null;
}

export async function transition(
  store: Store,
  id: string,
  change: {
    from: ImportStatus[];
    to: ImportStatus;
    actor: string;
    note?: string;
    /** Refuse once an atomic commit has written everything (too late to cancel). */
    unlessCommitted?: boolean;
  },
): Promise<void> {
  // Read, then compare and set on exactly what was read, so the event names the real
  // "from". The transaction starts with its write: SQLite then waits for a busy
  // writer instead of failing to upgrade a read.
  for (let attempt = 0; attempt < 3; attempt++) {
    const row = await store.db
      .selectFrom('intake_import')
      .select(['status', 'committed_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new IntakeError('INTAKE_E_NOT_FOUND', `no import ${id}`);
    const from = row.status as ImportStatus;
    const late = change.unlessCommitted === true && row.committed_at;
    if (!change.from.includes(from) || late) {
      throw new IntakeError(
        'INTAKE_E_IMPORT_STATE',
        late
          ? `import ${id} is already written; it can no longer become ${change.to}`
          : `import ${id} is ${from}; it must be ${change.from.join(' or ')} to become ${change.to}`,
        { status: from },
      );
    }
    const moved = await store.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('intake_import')
        .set({
          status: change.to,
          updated_at: store.profile.now,
          ...(FINAL_STATUSES.includes(change.to) ? { finished_at: store.profile.now } : {}),
        })
        .where('id', '=', id)
        .where('status', '=', from)
        .$if(change.unlessCommitted === true, (q) => q.where('committed_at', 'is', null))
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      await trx
        .insertInto('intake_import_event')
        .values({
          import_id: id,
          actor: change.actor,
          from_status: from,
          to_status: change.to,
          note: change.note === undefined ? null : redactCredentials(change.note),
        })
        .execute();
      return true;
    });
    if (moved) return;
  }
  throw new IntakeError('INTAKE_E_IMPORT_STATE', `import ${id} keeps changing; try again`);
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
