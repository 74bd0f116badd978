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
  /** Several types fit about equally well: the headers do not tell them apart. */
  tie: boolean;
  /** The best candidates with their scores (0..1), best first. */
  candidates: { entity: string; score: number }[];
}

const NAME_END_BONUS = 0.15;

/**
 * The bonus for a file or sheet named after the type: "stores.csv", "BILLING_ACCOUNT.csv"
 * in full; "new-stores.csv", "2024_user_accounts.csv" by the words it ends with.
 */
function nameBonus(fileName: string, e: EntityType): number {
  // A workbook's sheet ("book.xlsx › Stores") goes by its own name, which has no extension.
  const sheet = fileName.split(' › ')[1];
  const words = (
    sheet ??
    fileName
      .split('/')
      .pop()!
      .replace(/\.[^.]+$/, '')
  )
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const names = [e.name, e.label].map(compact);
  const fits = (base: string) =>
    names.some(
      (n) =>
        base === n ||
        base === `${n}s` ||
        base === `${n}es` ||
        (n.endsWith('y') && base === `${n.slice(0, -1)}ies`),
    );
  if (fits(compact(words.join('')))) return NAME_BONUS;
  for (let i = 1; i < words.length; i++) {
    if (fits(compact(words.slice(i).join('')))) return NAME_END_BONUS;
  }
  return 0;
}

/** `threshold` 0 when the user already named the type and only a choice among a few is left. */
export function detectEntity(
  entities: EntityType[],
  header: string[],
  fileName: string,
  threshold = DETECT_THRESHOLD,
): Detection {
  const scored = entities
    .map((e) => ({ e, score: headerScore(header, e) + nameBonus(fileName, e) }))
    .sort((a, b) => b.score - a.score);
  const candidates = scored.slice(0, 3).map((s) => ({
    entity: s.e.qualified,
    score: Math.round(Math.min(1, s.score) * 100) / 100,
  }));
  const [best, next] = scored;
  const fits = best !== undefined && best.score > 0 && best.score >= threshold;
  const tie = fits && next !== undefined && best.score - next.score < MARGIN;
  return fits && !tie ? { entity: best.e, tie, candidates } : { tie, candidates };
}
