import { checkDuplicates } from './duplicates.js';
import { checkIdentifierOwners } from './identifiers.js';
import { matchStored } from './match.js';
import { checkReferences } from './references.js';
import { checkRequired } from './required.js';
import { computeChanges } from './changes.js';
import { decideOutcomes } from './outcome.js';
import type { PlanContext } from './context.js';

export type { PlanContext } from './context.js';

/**
 * Set checks and plan for one entity type of an import, in SQL over the staged
 * rows. Call in write order: references look at the outcomes of referenced types.
 */
export async function planEntity(c: PlanContext): Promise<void> {
  await checkDuplicates(c);
  await matchStored(c);
  await checkIdentifierOwners(c);
  await checkRequired(c);
  await computeChanges(c);
  await checkReferences(c);
  await decideOutcomes(c);
}
