import { sql } from 'kysely';
import { IntakeError } from '../core/codes.js';
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
  change: { from: ImportStatus[]; to: ImportStatus; actor: string; note?: string },
): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('intake_import')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new IntakeError('INTAKE_E_NOT_FOUND', `no import ${id}`);
    const moved = await trx
      .updateTable('intake_import')
      .set({
        status: change.to,
        updated_at: store.profile.now,
        ...(FINAL_STATUSES.includes(change.to) ? { finished_at: store.profile.now } : {}),
      })
      .where('id', '=', id)
      .where('status', 'in', change.from)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 0) {
      throw new IntakeError(
        'INTAKE_E_IMPORT_STATE',
        `import ${id} is ${row.status}; it must be ${change.from.join(' or ')} to become ${change.to}`,
        { status: row.status },
      );
    }
    await trx
      .insertInto('intake_import_event')
      .values({
        import_id: id,
        actor: change.actor,
        from_status: row.status,
        to_status: change.to,
        note: change.note ?? null,
      })
      .execute();
  });
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
