import { checkDuplicates } from './duplicates.js';
import { resolveLookups } from './lookup.js';
import { checkNumbering } from './numbering.js';
import { checkRange } from './range.js';
import { checkScopes } from './scope.js';
import { checkIdentifierOwners } from './identifiers.js';
import { matchStored } from './match.js';
import { checkReferences, refuseReferencesToRefused } from './references.js';
import { checkRequired } from './required.js';
import { checkUpdatable } from './changes.js';
import { checkProtected } from './protect.js';
import { checkVerified } from './verify.js';
import { markErrors } from './outcome.js';
import { checkOperations, checkReferenced } from './operations.js';
import { planHierarchy, refuseBelowRefused } from './hierarchy.js';
import type { PlanContext, RowsContext } from './context.js';
import { stageTable } from '../names.js';
import { uniqueFields } from '../../core/schema.js';

export type { PlanContext, RowsContext } from './context.js';

/**
 * Set checks and plan for one entity type of an import, in SQL over the staged
 * rows. Call in write order: references look at the outcomes of referenced types.
 */
export async function planEntity(c: PlanContext): Promise<void> {
  const keys = uniqueFields(c.entity).map((f) => f.name);
  const refs = c.entity.fields.filter((f) => f.reference).map((f) => f.name);
  await c.store.profile.analyze(c.store.db, stageTable(c.entity), [
    'import_id',
    'row_no',
    ...keys,
    ...refs,
  ]);
  await resolveLookups(c);
  await checkDuplicates(c);
  await matchStored(c);
  await checkIdentifierOwners(c);
  await checkRequired(c);
  await checkVerified(c);
  await checkUpdatable(c);
  await checkProtected(c);
  await checkOperations(c);
  await checkReferenced(c);
  await checkReferences(c);
  await checkNumbering(c);
  await checkRange(c);
  await checkScopes(c);
  await markErrors(c);
  await planHierarchy(c);
}

/**
 * At commit, in the transaction of a chunk: its planned creates looked up again by their
 * match key (an import committed since may have created the record: the row becomes
 * an update, or unchanged, or a skip in create mode), and, after the database refused
 * an identifier, its identifiers checked again so that only the rows that conflict are
 * refused. False when nothing could have changed (no record stored since the plan, no
 * identifier to check again).
 */
export async function replanChunk(c: PlanContext, identifiers: boolean): Promise<boolean> {
  const matched = await matchStored(c);
  if (identifiers) {
    await checkIdentifierOwners(c);
    await markErrors(c);
  }
  return matched || identifiers;
}

/**
 * Rows the database refused at commit (a partial chunk) take the rows that depend on
 * them along, before those are written: children in the same tree, and rows of later
 * entity types that reference them. Their reason names the refused row.
 */
export async function cascadeRefused(c: RowsContext): Promise<void> {
  await refuseReferencesToRefused(c);
  await refuseBelowRefused(c);
  await markErrors(c);
}
