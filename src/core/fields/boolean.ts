import { bad, ok, type Cleaner } from './types.js';

/**
 * Accepted spellings, compared case-insensitively. `X` means true: several seed
 * products mark ticked boxes that way (SPEC F6). Packs and imports can add words.
 */
export const TRUE_WORDS = [
  'true',
  'yes',
  'y',
  '1',
  'x',
  'on',
  't',
  'oui',
  'vrai',
  'ja',
  'si',
  'sí',
];
export const FALSE_WORDS = ['false', 'no', 'n', '0', 'off', 'f', 'non', 'faux', 'nein'];

export const cleanBoolean: Cleaner = (text, field, ctx) => {
  const word = text.toLowerCase();
  const isTrue = [...TRUE_WORDS, ...(field.trueWords ?? []), ...ctx.trueWords].some(
    (w) => w.toLowerCase() === word,
  );
  const isFalse = [...FALSE_WORDS, ...(field.falseWords ?? []), ...ctx.falseWords].some(
    (w) => w.toLowerCase() === word,
  );
  if (isTrue === isFalse) {
    return bad(
      'INTAKE_E_TYPE',
      `${field.label} "${text}" is not a yes/no value (true: ${TRUE_WORDS.join(', ')}; false: ${FALSE_WORDS.join(', ')})`,
    );
  }
  return ok(isTrue, String(isTrue) === text ? undefined : 'boolean_word');
};
