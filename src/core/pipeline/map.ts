import { distance } from 'fastest-levenshtein';
import { IntakeError } from '../codes.js';
import { OPERATION_FIELD } from '../operations.js';
import type { EntityType } from '../schema.js';

/**
 * Map: header -> field (SPEC M1). Exact name or label first, then a declared alias,
 * then the closest name by edit distance; each match carries a confidence. A field
 * takes at most one column. Columns left over become custom fields (SPEC E4), or are
 * ignored when the import says so (`unmapped: 'ignore'`, the web wizard's choice); a
 * column the user keeps (`*custom`) is a custom field either way. The columns Intake
 * adds to rejection files are ignored, so a fixed rejection file can be imported again
 * as it is.
 */
/** `unmapped`: no field takes the column, and the import ignores such columns. */
export type MatchMethod =
  'exact' | 'alias' | 'fuzzy' | 'manual' | 'custom' | 'ignored' | 'unmapped';

export interface ColumnMap {
  index: number;
  header: string;
  field?: string;
  method: MatchMethod;
  /** 1 for exact and manual, lower for alias and fuzzy, 0 otherwise. */
  confidence: number;
  /** A reference column: the identifier of the target its header names (`Mobile`). */
  lookup?: string;
}

export interface Mapping {
  columns: ColumnMap[];
  /** Headers kept as custom fields. */
  custom: string[];
  /** Required fields no column maps to. */
  missingRequired: string[];
}

/** A mapping's word for "keep this column as a custom field" (never matched to a field). */
export const KEEP_CUSTOM = '*custom';

/** What becomes of a column no field takes: a custom field, or nothing. */
export type Unmapped = 'custom' | 'ignore';

/** The columns Intake writes into rejection files. */
export const REPORT_COLUMNS = ['_line', '_field', '_code', '_message'];
/** And into outcome files. */
export const OUTCOME_COLUMNS = [
  '_line',
  '_outcome',
  '_step',
  '_changed',
  '_field',
  '_code',
  '_message',
];

/**
 * A column Intake wrote into a report (its own, or a row's extra cells, `_extra_1`...):
 * a report fixed by hand and imported again has them, and they are never data. Its
 * next report writes them afresh, once.
 */
export function isReportColumn(header: string): boolean {
  return OUTCOME_COLUMNS.includes(header) || isExtra(header);
}

/** A report's column of a row's cells beyond its header. */
export const isExtra = (header: string): boolean => /^_extra_\d+$/.test(header);

const FUZZY_THRESHOLD = 0.8;

/** Lower case, accents and punctuation removed: "E-mail Adresse" -> "emailadresse". */
export function compact(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 0 : 1 - distance(a, b) / longest;
}

export function mapHeaders(
  headers: string[],
  entity: EntityType,
  overrides: Record<string, string | null> = {},
  /** Reference field -> the identifier of its target the import chose (--lookup). */
  lookups: Record<string, string> = {},
  unmapped: Unmapped = 'custom',
): Mapping {
  const columns: ColumnMap[] = headers.map((header, index) => ({
    index,
    header,
    method: 'custom',
    confidence: 0,
  }));
  const taken = new Set<string>();
  const kept = new Set<ColumnMap>();
  const assign = (c: ColumnMap, field: string, method: MatchMethod, confidence: number): void => {
    c.field = field;
    c.method = method;
    c.confidence = Math.round(confidence * 100) / 100;
    taken.add(field);
  };

  for (const c of columns) {
    // Own keys only: a column named "constructor" or "__proto__" is a column like any
    // other, not a property every object inherits.
    if (!Object.hasOwn(overrides, c.header)) {
      if (isReportColumn(c.header)) c.method = 'ignored';
      continue;
    }
    const field = overrides[c.header];
    if (field === null || field === undefined || field === '') {
      c.method = 'ignored';
      continue;
    }
    if (field === KEEP_CUSTOM) {
      kept.add(c);
      continue;
    }
    if (field !== OPERATION_FIELD && !entity.fields.some((f) => f.name === field)) {
      throw new IntakeError(
        'INTAKE_E_FIELD_UNKNOWN',
        `mapping "${c.header}=${field}": ${entity.qualified} has no field "${field}" (fields: ${entity.fields.map((f) => f.name).join(', ')})`,
      );
    }
    assign(c, field, 'manual', 1);
  }

  const open = () => columns.filter((c) => c.method === 'custom' && !kept.has(c));
  const free = () => entity.fields.filter((f) => !taken.has(f.name));
  for (const c of open()) {
    const key = compact(c.header);
    const f = free().find((f) => compact(f.name) === key || compact(f.label) === key);
    if (f) assign(c, f.name, 'exact', 1);
  }
  // A column headed OPERATION carries each row's operation (SecuTix's removal files),
  // unless the entity type has a field of that name.
  for (const c of open()) {
    if (taken.has(OPERATION_FIELD)) break;
    if (['operation', compact(OPERATION_FIELD)].includes(compact(c.header))) {
      assign(c, OPERATION_FIELD, 'exact', 1);
    }
  }
  for (const c of open()) {
    const key = compact(c.header);
    const f = free().find((f) => f.aliases.some((a) => compact(a) === key));
    if (f) assign(c, f.name, 'alias', 0.95);
  }
  // A column headed by an identifier of a reference's target names the target by it
  // (a card file's "Mobile" column: the customer with that mobile). The identifiers are
  // tried in the target's order, or only the one the import chose.
  for (const f of free()) {
    for (const id of f.reference?.identifiers ?? []) {
      if (taken.has(f.name)) break;
      if (lookups[f.name] !== undefined && lookups[f.name] !== id.field) continue;
      const keys = id.names.map(compact);
      const c = open().find((x) => keys.includes(compact(x.header)));
      if (!c) continue;
      assign(c, f.name, 'alias', 0.9);
      c.lookup = id.field;
    }
  }
  // Fuzzy last, best pairs first, so that a near miss cannot steal a better match.
  const candidates: { c: ColumnMap; field: string; score: number }[] = [];
  for (const c of open()) {
    const key = compact(c.header);
    if (key.length < 4) continue;
    for (const f of free()) {
      const score = Math.max(
        ...[f.name, f.label, ...f.aliases].map((n) => similarity(key, compact(n))),
      );
      if (score >= FUZZY_THRESHOLD) candidates.push({ c, field: f.name, score });
    }
  }
  candidates.sort((a, b) => b.score - a.score);
  for (const { c, field, score } of candidates) {
    if (c.method !== 'custom' || taken.has(field)) continue;
    assign(c, field, 'fuzzy', score * 0.9);
  }

  if (unmapped === 'ignore') {
    for (const c of open()) c.method = 'unmapped';
  }
  const custom = columns
    .filter((c) => c.method === 'custom' && c.header !== '')
    .map((c) => c.header);
  const missingRequired = entity.fields
    .filter((f) => f.required && !taken.has(f.name))
    .map((f) => f.name);
  return { columns, custom, missingRequired };
}

/** How close a header comes to a field: by its name, its label or an alias (0 to 1). */
function closeness(header: string, f: EntityType['fields'][number]): number {
  const key = compact(header);
  if (key === '') return 0;
  return Math.max(...[f.name, f.label, ...f.aliases].map((n) => similarity(key, compact(n))));
}

/**
 * The fields a column could also be (issue 17: alternatives for each column), closest
 * first: a person who doubts the choice sees the next guesses before the whole list.
 */
export function alternatives(
  header: string,
  entity: EntityType,
  chosen: string | undefined,
  max = 3,
): { field: string; confidence: number }[] {
  return entity.fields
    .filter((f) => f.name !== chosen)
    .map((f) => ({ field: f.name, confidence: Math.round(closeness(header, f) * 100) / 100 }))
    .filter((a) => a.confidence >= 0.5)
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, max);
}

/** How well a header row fits an entity type: the share of headers that map (for detection). */
export function headerScore(headers: string[], entity: EntityType): number {
  const m = mapHeaders(headers, entity);
  const mapped = m.columns.filter((c) => c.field);
  return headers.length === 0 ? 0 : mapped.reduce((s, c) => s + c.confidence, 0) / headers.length;
}
