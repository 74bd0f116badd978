import type { EntityType } from '../schema.js';
import { compact, headerScore } from './map.js';

/**
 * Entity detection for a sheet with no --entity (SPEC M1, F3): each entity type is
 * scored by how well the headers map to its fields, with a bonus when the file is
 * named after it ("stores.csv", "BILLING_ACCOUNT.csv"). The best wins only above a
 * threshold and clearly ahead of the next (a file of just "code,name" fits many
 * types); otherwise the sheet is UNKNOWN and the best candidates are named.
 */
export const DETECT_THRESHOLD = 0.5;
const NAME_BONUS = 0.25;
/** How far ahead of the runner-up the best candidate must be. */
const MARGIN = 0.05;

export interface Detection {
  entity?: EntityType;
  /** The best candidates with their scores (0..1), best first. */
  candidates: { entity: string; score: number }[];
}

function namedAfter(fileName: string, e: EntityType): boolean {
  const base = compact(
    fileName
      .split('/')
      .pop()!
      .replace(/\.[^.]+$/, ''),
  );
  const names = [e.name, e.label].map(compact);
  return names.some(
    (n) =>
      base === n ||
      base === `${n}s` ||
      base === `${n}es` ||
      (n.endsWith('y') && base === `${n.slice(0, -1)}ies`),
  );
}

export function detectEntity(
  entities: EntityType[],
  header: string[],
  fileName: string,
): Detection {
  const scored = entities
    .map((e) => ({
      e,
      score: headerScore(header, e) + (namedAfter(fileName, e) ? NAME_BONUS : 0),
    }))
    .sort((a, b) => b.score - a.score);
  const candidates = scored.slice(0, 3).map((s) => ({
    entity: s.e.qualified,
    score: Math.round(Math.min(1, s.score) * 100) / 100,
  }));
  const [best, next] = scored;
  const clear = best && best.score >= DETECT_THRESHOLD && (!next || best.score - next.score >= MARGIN);
  return clear ? { entity: best.e, candidates } : { candidates };
}
