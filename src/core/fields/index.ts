import type { FieldKind } from '../schema.js';
import { cleanBoolean } from './boolean.js';
import { cleanDate } from './date.js';
import { cleanDatetime } from './datetime.js';
import { cleanDecimal } from './decimal.js';
import { cleanEmail } from './email.js';
import { cleanEnum } from './enum.js';
import { cleanMultiEnum } from './multienum.js';
import { cleanInteger } from './integer.js';
import { cleanJson } from './json.js';
import { cleanPhone } from './phone.js';
import { cleanReference } from './reference.js';
import { cleanString } from './string.js';
import type { Cleaner } from './types.js';

/** One cleaner per field type; each lives in its own file with its own tests. */
export const CLEANERS: Record<FieldKind, Cleaner> = {
  string: cleanString,
  integer: cleanInteger,
  decimal: cleanDecimal,
  boolean: cleanBoolean,
  date: cleanDate,
  datetime: cleanDatetime,
  email: cleanEmail,
  phone: cleanPhone,
  enum: cleanEnum,
  multienum: cleanMultiEnum,
  reference: cleanReference,
  json: cleanJson,
};

export type { Cleaner, CellResult, FieldContext } from './types.js';
