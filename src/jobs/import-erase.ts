import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { IntakeError } from '../core/codes.js';
import { audit } from '../store/audit.js';
import { dropBlobs } from '../store/blobs.js';
import { dropStaging } from '../store/imports.js';
import { recordNote } from '../store/import-status.js';
import { readJson } from '../store/json.js';
import type { Counts } from '../store/row-results.js';
import type { ImportContext, ImportSubmission } from './import-context.js';

/**
 * Erase is irreversible (SPEC C2), so it runs only when confirmed with the number of
 * records the plan erases, the number a dry run shows: a slip (a wrong file, a wrong
 * operation column) then costs a question, not a person's data.
 */
export function eraseConfirmed(planned: Counts, confirmation: number | undefined): boolean {
  return planned.erased === 0 || confirmation === planned.erased;
}

export function unconfirmedErase(planned: Counts, confirmation: number | undefined): IntakeError {
  const n = planned.erased;
  const told =
    confirmation === undefined ? 'it was not confirmed' : `it was confirmed for ${confirmation}`;
  return new IntakeError(
    'INTAKE_E_ERASE_UNCONFIRMED',
    `this import erases ${n} record${n === 1 ? '' : 's'}, which cannot be undone, and ${told}: check them in a dry run, then confirm with that number (--confirm-erase ${n}, or confirmErase: ${n})`,
    { erases: n },
  );
}

/**
 * After an erase is written (its rows and the kept rows of other imports are scrubbed
 * in the commit's transactions): the files that still hold the erased values go too,
 * the stored uploads, inline data and rendered reports of this import and of every
 * import that wrote or named the erased records. Those imports say so in their
 * history. The audit log records how many were erased, by whom, from which import,
 * and nothing of the records. Safe to run again.
 */
export async function eraseFiles(
  ctx: ImportContext,
  id: string,
  sub: ImportSubmission,
  erased: number,
): Promise<void> {
  const db = ctx.store.db;
  const others = await db
    .selectFrom('intake_erased_from')
    .select('other_import')
    .where('import_id', '=', id)
    .execute();
  const imports = [...new Set([id, ...others.map((o) => o.other_import)])];
  for (const x of imports) {
    await rm(join(ctx.uploadRoot, x), { recursive: true, force: true });
    await rm(join(ctx.reportDir, x), { recursive: true, force: true });
    await dropBlobs(ctx.store, x);
    const row = await db
      .selectFrom('intake_import')
      .select('request')
      .where('id', '=', x)
      .executeTakeFirst();
    const request = row ? readJson<ImportSubmission | null>(row.request) : null;
    if (request?.inline) {
      await db
        .updateTable('intake_import')
        .set({ request: ctx.store.profile.jsonParam(JSON.stringify({ ...request, inline: '' })) })
        .where('id', '=', x)
        .execute();
    }
    if (x !== id) {
      await recordNote(
        ctx.store,
        x,
        'system',
        `import ${id} erased records this import wrote or named: their values were removed from its rows, and its stored files and reports were deleted`,
      );
    }
  }
  // The staging of this import (with the erased rows) goes now, not after this.
  await dropStaging(ctx.store, id);
  try {
    await ctx.store.profile.reclaim(ctx.store.db);
  } catch (e) {
    // Another process reading a snapshot holds the old pages: said, not fatal.
    await recordNote(
      ctx.store,
      id,
      'system',
      `the database file could not be compacted after the erase (${(e as Error).message}); deleted values may sit in its free pages until the next erase or VACUUM`,
    );
  }
  await audit(ctx.store, {
    workspace: sub.workspace,
    actor: sub.actor,
    action: 'import.erase',
    target: id,
    details: { erased, importsScrubbed: imports.length - 1 },
  });
}
