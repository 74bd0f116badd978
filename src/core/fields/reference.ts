import { cleanString } from './string.js';
import type { Cleaner } from './types.js';

/**
 * The identifier of another record (a store code...). Its existence is checked
 * later, in SQL, against stored records and the rows of the same import.
 */
export const cleanReference: Cleaner = (text, field, ctx) => cleanString(text, field, ctx);
