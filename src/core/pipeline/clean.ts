import type { Code } from '../codes.js';
import { CLEANERS, type Cleaner, type FieldContext } from '../fields/index.js';
import { patternProblem } from '../fields/pattern.js';
import { unneutralise } from '../neutralise.js';
import type { ImportOptions } from '../options.js';
import { OPERATION_FIELD, OPERATIONS, parseOperation, type Operation } from '../operations.js';
import type { DateOrder, EntityType, FieldDef, Value } from '../schema.js';
import { isExtra, type Mapping } from './map.js';

/**
 * Clean: one raw row (strings, as read) -> typed values, custom fields, issues and
 * corrections (SPEC V1, V4). Pure and allocation-light: it runs once per cell of a
 * million-row file. Rows are never mutated; a new CleanRow is returned.
 */
export interface Issue {
  field?: string;
  code: Code;
  message: string;
  value?: string;
}

export interface Correction {
  field: string;
  from: string;
  to: string;
  rule: string;
}

export interface CleanRow {
  /** One slot per entity field, in declaration order; null when empty or invalid. */
  values: (Value | null)[];
  custom: Record<string, string> | null;
  issues: Issue[];
  corrections: Correction[];
  /** Required fields left empty: an issue only if the row creates a record (known after matching). */
  missing: string[];
  /** The row's own operation (an operation column), or null for the import's. */
  op: Operation | null;
}

interface FieldSlot {
  field: FieldDef;
  column: number;
  /** What the column's cell gives this field: the same for the same text, in any row. */
  outcome: (raw: string) => CellOutcome;
}

/** A cell, cleaned for one field: empty, refused with a problem, or a value (and its rules). */
interface CellOutcome {
  empty?: true;
  problem?: { code: Code; message: string };
  value?: Value;
  /** The corrections applied, joined ("trim+lowercase"), when the value differs. */
  rule?: string;
}

const EMPTY: CellOutcome = { empty: true };

function cellOutcome(
  field: FieldDef,
  cleaner: Cleaner,
  ctx: FieldContext,
  raw: string,
): CellOutcome {
  if (raw === '') return EMPTY;
  const { text, rules } = pretreat(raw);
  if (text === '') return EMPTY;
  const control = FREE_TEXT.has(field.type) ? -1 : text.search(CONTROL);
  if (control >= 0) {
    // CR, LF, NUL... in an e-mail address are a header injection waiting for whoever
    // mails it; in any value that is not free text they are a mistake.
    const code = text.charCodeAt(control).toString(16).toUpperCase().padStart(4, '0');
    return {
      problem: {
        code: 'INTAKE_E_CONTROL_CHAR',
        message: `${field.label} ${JSON.stringify(text)} holds the control character U+${code} (position ${control + 1}); remove it`,
      },
    };
  }
  const cleaned = cleaner(text, field, ctx);
  const r = cleaned.ok ? (patternProblem(field, cleaned.value) ?? cleaned) : cleaned;
  if (!r.ok) return { problem: { code: r.code, message: r.message } };
  const applied = r.rule ? [...rules, r.rule] : rules;
  return applied.length > 0 ? { value: r.value, rule: applied.join('+') } : { value: r.value };
}

/**
 * Types whose cells repeat down a column (dates, amounts, choices, references): their
 * outcomes are kept by text. Cleaning is a pure function of the text for a given field
 * and import, so a kept outcome is the verdict itself, not an approximation (issue 15:
 * "cache the verdict of repeated values"). Strings, e-mails and phones are mostly
 * unique; JSON and lists are objects a row must not share.
 */
const REPEATING = new Set<FieldDef['type']>([
  'date',
  'datetime',
  'decimal',
  'integer',
  'boolean',
  'enum',
  'reference',
]);
const KEPT = 8192;

function remembered(outcome: (raw: string) => CellOutcome): (raw: string) => CellOutcome {
  const kept = new Map<string, CellOutcome>();
  let asked = 0;
  let found = 0;
  let keeping = true;
  return (raw) => {
    if (!keeping) return outcome(raw);
    asked++;
    const hit = kept.get(raw);
    if (hit) {
      found++;
      return hit;
    }
    const o = outcome(raw);
    if (kept.size < KEPT) kept.set(raw, o);
    // A column of unique values (an amount per row) stops paying for the map.
    else if (found < asked / 4) {
      keeping = false;
      kept.clear();
    }
    return o;
  };
}

export interface RowCleaner {
  (cells: string[]): CleanRow;
}

/** Facts about the columns of the whole file, found by a first pass (see profile.ts). */
export interface ColumnFacts {
  /** field name -> inferred order of its numeric dates. */
  dateOrders: Record<string, DateOrder | 'ambiguous' | undefined>;
}

/** C0 control characters and DEL: never part of a value that is not free text. */
// eslint-disable-next-line no-control-regex -- finding them is the point
const CONTROL = /[\u0000-\u001F\u007F]/;
const FREE_TEXT = new Set(['string', 'json']);

export function makeRowCleaner(
  entity: EntityType,
  mapping: Mapping,
  options: ImportOptions,
  facts: ColumnFacts,
  today: string,
): RowCleaner {
  const width = mapping.columns.length;
  const base: Omit<FieldContext, 'dateOrder'> = {
    country: options.country,
    today,
    validateEmail: options.validateEmail,
    validatePhone: options.validatePhone,
    createOptions: options.createMissingOptions === true,
    trueWords: options.trueWords,
    falseWords: options.falseWords,
  };
  // A reference looked up by a phone or an e-mail is written as its target writes them.
  const lookedUp = (field: FieldDef): Cleaner => {
    const by = options.lookup?.[field.name];
    const type = field.reference?.identifiers?.find((i) => i.field === by)?.type;
    return type === 'phone' || type === 'email' ? CLEANERS[type] : CLEANERS[field.type];
  };
  const slots: FieldSlot[] = entity.fields.map((field) => {
    const cleaner = lookedUp(field);
    const ctx = {
      ...base,
      dateOrder: field.dateOrder ?? options.dateOrder ?? facts.dateOrders[field.name],
    };
    const outcome = (raw: string) => cellOutcome(field, cleaner, ctx, raw);
    return {
      field,
      column: mapping.columns.find((c) => c.field === field.name)?.index ?? -1,
      outcome: REPEATING.has(field.type) ? remembered(outcome) : outcome,
    };
  });
  const customColumns = mapping.columns.filter((c) => c.method === 'custom' && c.header !== '');
  const declared = declaredColumns(entity, customColumns);
  const opColumn = mapping.columns.find((c) => c.field === OPERATION_FIELD)?.index ?? -1;
  // A rejection file's `_extra_N` columns hold the cells a row had beyond its header:
  // still there, they still refuse the row (they are no field's), never dropped unsaid.
  const extraColumns = mapping.columns.filter((c) => isExtra(c.header));
  const opNames = OPERATIONS.join(', ');

  return (cells) => {
    const issues: Issue[] = [];
    const corrections: Correction[] = [];
    const missing: string[] = [];
    const values: (Value | null)[] = new Array(slots.length).fill(null);

    if (cells.length !== width && cells.slice(width).some((c) => c.trim() !== '')) {
      issues.push({
        code: 'INTAKE_E_ROW_SHAPE',
        message: `the row has ${cells.length} values but the header has ${width} columns`,
      });
    } else if (cells.length < width) {
      issues.push({
        code: 'INTAKE_E_ROW_SHAPE',
        message: `the row has ${cells.length} values but the header has ${width} columns`,
      });
    }
    const beyond = extraColumns.filter((c) => (cells[c.index] ?? '').trim() !== '');
    if (beyond.length > 0) {
      issues.push({
        code: 'INTAKE_E_ROW_SHAPE',
        message: `the row had cells beyond the header, still in ${beyond.map((c) => c.header).join(', ')}: empty them, or move them under a column`,
      });
    }

    let op: Operation | null = null;
    if (opColumn >= 0) {
      const cell = cells[opColumn] ?? '';
      const word = pretreat(cell).text;
      op = word === '' ? null : (parseOperation(word) ?? null);
      if (word !== '' && op === null) {
        issues.push({
          field: OPERATION_FIELD,
          code: 'INTAKE_E_OPERATION_UNKNOWN',
          message: `"${word}" is not an operation (write one of ${opNames}, in any case)`,
          value: cell,
        });
      }
    }
    // Every operation but create finds a stored record by the match key.
    const matchKey = (op ?? options.mode) === 'create' ? undefined : options.match;

    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const raw = slot.column >= 0 ? (cells[slot.column] ?? '') : '';
      const o = slot.outcome(raw);
      if (o.empty) {
        if (slot.field.name === matchKey) {
          issues.push({
            field: slot.field.name,
            code: 'INTAKE_E_MATCH_KEY_MISSING',
            message: `${slot.field.label} is the match key and is empty`,
          });
        } else if (slot.field.required && slot.field.default === undefined) {
          missing.push(slot.field.name);
        }
        continue;
      }
      if (o.problem) {
        issues.push({ field: slot.field.name, ...o.problem, value: raw });
        continue;
      }
      values[i] = o.value!;
      if (o.rule) {
        corrections.push({ field: slot.field.name, from: raw, to: String(o.value), rule: o.rule });
      }
    }

    let custom: Record<string, string> | null = null;
    // The fields the row's own scope declares (its inventory's), by column.
    const own = declared?.(values);
    for (const c of customColumns) {
      const raw = cells[c.index] ?? '';
      const { text } = pretreat(raw);
      const field = own?.columns.get(c.index);
      if (text === '') continue;
      if (!field) {
        // No prototype: a column named "__proto__" or "constructor" is kept as any other.
        (custom ??= Object.create(null) as Record<string, string>)[c.header] = text;
        continue;
      }
      const r = CLEANERS[field.type](text, field, { ...base, dateOrder: options.dateOrder });
      if (!r.ok) {
        issues.push({ field: field.name, code: r.code, message: r.message, value: raw });
        continue;
      }
      (custom ??= Object.create(null) as Record<string, string>)[field.name] = String(r.value);
    }
    for (const f of own?.required ?? []) {
      if (custom?.[f.name] === undefined && !issues.some((i) => i.field === f.name)) {
        missing.push(f.name);
      }
    }
    return { values, custom, issues, corrections, missing, op };
  };
}

/** Undo formula neutralisation, then trim; returns the rules that changed the text. */
function pretreat(raw: string): { text: string; rules: string[] } {
  let text = raw;
  let rules: string[] = NO_RULES;
  const unescaped = unneutralise(text);
  if (unescaped !== undefined) {
    text = unescaped;
    rules = ['formula_unescape'];
  }
  const trimmed = text.trim();
  if (trimmed !== text) {
    if (trimmed !== '') rules = [...rules, 'trim'];
    text = trimmed;
  }
  return { text, rules };
}

// Shared and never mutated: most cells need no rule, so they allocate no array.
const NO_RULES: string[] = [];

/**
 * Fields declared as data (schema.ts `CustomFields`): for a row, the fields of its own
 * scope (the inventory it names) by the index of the column named after each, and the
 * required ones. Undefined when the type has none; a row of a scope without declared
 * fields keeps its columns as they are.
 */
interface Declared {
  columns: Map<number, FieldDef>;
  required: FieldDef[];
}

function declaredColumns(
  entity: EntityType,
  columns: { header: string; index: number }[],
): ((values: (Value | null)[]) => Declared) | undefined {
  const defs = entity.customDefs;
  if (!entity.customFields || !defs) return undefined;
  const at = entity.fields.findIndex((f) => f.name === entity.customFields!.by);
  const none: Declared = { columns: new Map(), required: [] };
  const byScope = new Map<string, Declared>();
  return (values) => {
    const scope = values[at];
    if (scope == null) return none;
    const key = String(scope);
    let found: Declared | undefined = byScope.get(key);
    if (!found) {
      const fields = defs[key] ?? [];
      const named = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
      found = {
        columns: new Map(
          columns.flatMap((c) => {
            const f = named.get(c.header.trim().toLowerCase());
            return f ? [[c.index, f] as const] : [];
          }),
        ),
        required: fields.filter((f) => f.required),
      };
      byScope.set(key, found);
    }
    return found;
  };
}
