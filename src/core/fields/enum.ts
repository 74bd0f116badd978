import { distance } from 'fastest-levenshtein';
import { bad, ok, type Cleaner } from './types.js';

const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

/**
 * One of a fixed list. Matched exactly, then ignoring case and accents, then through
 * the pack's declared synonyms, then as a one-letter typo of a single option. Every
 * rewrite is recorded with the rule that made it. `match: exact` allows no rewrite.
 */
/** The correction rule of a value that becomes a new option. */
export const OPTION_CREATED = 'option_created';

export const cleanEnum: Cleaner = (text, field, ctx) => {
  const options = field.options ?? [];
  // The workspace's own labels (status labels) are values too, stored as written.
  const labels = field.labelValues ?? [];
  if (options.includes(text) || labels.includes(text)) return ok(text);
  const allowed = () =>
    options.join(', ') + (labels.length > 0 ? `, or a label: ${labels.join(', ')}` : '');
  // Options kept as records: a new one is added (jobs/new-options.ts), and said so.
  const created = field.optionsFrom && ctx.createOptions;
  // Workflow statuses and the like: the value as declared, or nothing.
  if (field.match === 'exact') {
    if (created) return ok(text, OPTION_CREATED);
    return bad(
      'INTAKE_E_ENUM',
      `${field.label} "${text}" is not one of: ${allowed()} (written exactly so)`,
    );
  }
  const folded = fold(text);
  const byCase = [...options, ...labels].find((o) => fold(o) === folded);
  if (byCase) return ok(byCase, 'enum_case');
  for (const [option, words] of Object.entries(field.synonyms ?? {})) {
    if (words.some((w) => fold(w) === folded)) return ok(option, 'enum_synonym');
  }
  if (folded.length >= 4) {
    const near = options.filter((o) => distance(fold(o), folded) === 1);
    if (near.length === 1) return ok(near[0]!, 'enum_typo');
  }
  if (created) return ok(text, OPTION_CREATED);
  return bad('INTAKE_E_ENUM', `${field.label} "${text}" is not one of: ${allowed()}`);
};
