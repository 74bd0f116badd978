import { z } from 'zod';
import { IntakeError } from './codes.js';
import { DEFAULT_SEPARATOR } from './fields/multienum.js';
import { PATTERN_TYPES } from './fields/pattern.js';
import {
  FIELD_TYPES,
  type Activity,
  type AnonymizeRule,
  type EntityType,
  type FieldDef,
  type Pack,
} from './schema.js';

/**
 * Pack files declare entity types as data (SPEC E1, E6). This module validates the
 * parsed YAML/JSON and turns it into the model of schema.ts. Every mistake is
 * reported with the path of the bad key, e.g. `entities.customer.fields.email.type`.
 */

const NAME = /^[a-z][a-z0-9_]{0,62}$/;
const name = z.string().regex(NAME, 'use lower case letters, digits and _, starting with a letter');

/** Columns every entity table has; a field cannot take these names. */
export const RESERVED_COLUMNS = [
  'id',
  'workspace_id',
  'custom',
  'created_at',
  'updated_at',
  'import_id',
];

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const fieldSchema = z.strictObject({
  type: z.enum(FIELD_TYPES),
  label: z.string().optional(),
  description: z.string().optional(),
  required: z.boolean().default(false),
  unique: z.boolean().default(false),
  maxLength: z.number().int().positive().optional(),
  pattern: z
    .string()
    .refine((p) => {
      try {
        new RegExp(p);
        return true;
      } catch {
        return false;
      }
    }, 'not a valid regular expression')
    .optional(),
  options: z.array(z.string().min(1)).min(1).optional(),
  synonyms: z.record(z.string(), z.array(z.string())).optional(),
  aliases: z.array(z.string().min(1)).default([]),
  default: scalar.optional(),
  notInFuture: z.boolean().default(false),
  dateOrder: z.enum(['dmy', 'mdy']).optional(),
  trueWords: z.array(z.string().min(1)).optional(),
  falseWords: z.array(z.string().min(1)).optional(),
  references: z
    .string()
    .regex(
      /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){0,2}$/,
      'write entity, entity.field or pack.entity.field',
    )
    .optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'a two-letter country code such as FR')
    .optional(),
  match: z.enum(['exact', 'loose']).optional(),
  separator: z.string().min(1).optional(),
  example: z.string().min(1).optional(),
  /** reference: the field of the target files name it by (default: the identifier it stores). */
  lookup: name.optional(),
  /** reference: the field the named record must share with the row (an account's channel). */
  scopedBy: name.optional(),
  /** `{entity, value}`: more options, kept as records of `entity`. */
  optionsFrom: z.strictObject({ entity: name, value: name }).optional(),
  /** `{entity, label, means}`: the workspace's own names for the options, as records. */
  labels: z.strictObject({ entity: name, label: name, means: name }).optional(),
});

/** Import options an entity type suggests (its built-in template); flags override them. */
const defaultsSchema = z.strictObject({
  hiddenRows: z.enum(['import', 'skip']).optional(),
  mode: z.enum(['create', 'update', 'upsert']).optional(),
  commit: z.enum(['atomic', 'partial']).optional(),
  duplicates: z.enum(['rows', 'file', 'merge']).optional(),
  match: name.optional(),
  dateOrder: z.enum(['dmy', 'mdy']).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'a two-letter country code such as FR')
    .optional(),
});

const entitySchema = z.strictObject({
  label: z.string().optional(),
  defaults: defaultsSchema.optional(),
  description: z.string().optional(),
  table: name.optional(),
  identifiers: z.array(name).min(1, 'declare at least one identifier (a natural key)'),
  /** Fields, not unique, a reference may name a record by when an import asks (a name). */
  lookups: z.array(name).default([]),
  requireOneOf: z.array(z.array(name).min(2, 'name at least two fields')).default([]),
  /** Stored states that refuse changes: `[{field: status, values: [Suspended]}]`. */
  protect: z
    .array(z.strictObject({ field: name, values: z.array(z.string().min(1)).min(1) }))
    .default([]),
  /** `{field: status, active: Active, inactive: [Inactive]}`: what inactivate and reactivate write. */
  activity: z
    .strictObject({
      field: name,
      active: z.union([z.string().min(1), z.boolean()]),
      inactive: z
        .union([z.string().min(1), z.boolean()])
        .or(z.array(z.union([z.string().min(1), z.boolean()])).min(1)),
    })
    .optional(),
  /** field -> blank | hash | year | domain | {text: "..."}: what anonymize writes. */
  anonymize: z
    .record(
      name,
      z.union([
        z.enum(['blank', 'hash', 'year', 'domain']),
        z.strictObject({ text: z.string().min(1) }),
      ]),
    )
    .default({}),
  /** `{field, by, prefix, suffix, length}`: a number that must fit its series' fields. */
  numbering: z
    .strictObject({
      field: name,
      by: name,
      prefix: name.optional(),
      suffix: name.optional(),
      length: name.optional(),
    })
    .optional(),
  /** `{to: reference field, set: {target field: own field}}`: what a new record changes. */
  applies: z
    .strictObject({ to: name, set: z.record(name, name).refine((s) => Object.keys(s).length > 0) })
    .optional(),
  /** `{field, by, from, to}`: a date within the dates of the record `by` names. */
  range: z
    .strictObject({ field: name, by: name, from: name.optional(), to: name.optional() })
    .optional(),
  /** `{entity, when, count, copy, set}`: the records a row makes (a series' cards). */
  generates: z
    .strictObject({
      entity: name,
      when: name,
      count: name,
      copy: z.record(name, name).default({}),
      set: z.record(name, z.string()).default({}),
    })
    .optional(),
  /** The list memberships a row makes when an import names a list (schema.ts `Joins`). */
  joins: z
    .strictObject({
      entity: name,
      member: name,
      list: name,
      within: name,
      agent: name,
      status: name,
      success: z.string().min(1),
      phone: name,
      placement: name,
      from: name,
      copy: z.record(name, name).default({}),
      priority: name,
      dialtime: name,
    })
    .optional(),
  /** `{entity, by}`: fields users declare as records of `entity`, per value of `by`. */
  customFields: z.strictObject({ entity: name, by: name }).optional(),
  /** Entity types whose records referencing a deleted record are deleted with it. */
  cascade: z.array(name).default([]),
  fields: z
    .record(name, fieldSchema)
    .refine((f) => Object.keys(f).length > 0, 'declare at least one field'),
});

const packSchema = z.strictObject({
  pack: name,
  description: z.string().optional(),
  entities: z.record(name, entitySchema),
});

type RawPack = z.infer<typeof packSchema>;

function fail(source: string, path: (string | number | symbol)[], message: string): never {
  const where = path.map(String).join('.');
  throw new IntakeError('INTAKE_E_PACK', `${source}: ${where ? `${where}: ` : ''}${message}`, {
    source,
    path: where,
  });
}

function humanize(fieldName: string): string {
  const s = fieldName.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Validate one parsed pack document. `source` names the file in error messages. */
export function parsePack(doc: unknown, source: string): Pack {
  const parsed = packSchema.safeParse(doc);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    fail(source, first.path, first.message);
  }
  const raw: RawPack = parsed.data;
  const entities = Object.entries(raw.entities).map(([entityName, e]): EntityType => {
    const base = ['entities', entityName];
    const fields = Object.entries(e.fields).map(([fieldName, f]): FieldDef => {
      const at = [...base, 'fields', fieldName];
      if (RESERVED_COLUMNS.includes(fieldName)) {
        fail(
          source,
          at,
          `"${fieldName}" is reserved; reserved names: ${RESERVED_COLUMNS.join(', ')}`,
        );
      }
      const listed = f.type === 'enum' || f.type === 'multienum';
      if (listed && !f.options) fail(source, [...at, 'options'], `a ${f.type} field needs options`);
      if (!listed && (f.options || f.synonyms)) {
        fail(source, [...at, 'options'], 'only enum and multienum fields have options');
      }
      if (f.separator !== undefined && f.type !== 'multienum') {
        fail(source, [...at, 'separator'], 'only multienum fields have a separator');
      }
      if (f.type === 'multienum') {
        const sep = f.separator ?? DEFAULT_SEPARATOR;
        const bad = f.options!.find((o) => o.includes(sep));
        if (bad !== undefined)
          fail(source, [...at, 'options'], `"${bad}" holds the separator "${sep}"`);
      }
      if (f.pattern !== undefined && !PATTERN_TYPES.includes(f.type)) {
        fail(
          source,
          [...at, 'pattern'],
          `a ${f.type} field has no text form a pattern could check`,
        );
      }
      if (f.optionsFrom && !listed) {
        fail(source, [...at, 'optionsFrom'], 'only enum and multienum fields have options');
      }
      if (f.labels && f.type !== 'enum') {
        fail(source, [...at, 'labels'], 'only enum fields have labels');
      }
      if (f.match !== undefined && !listed) {
        fail(source, [...at, 'match'], 'only enum and multienum fields have a match rule');
      }
      if (f.type === 'reference' && !f.references) {
        fail(source, [...at, 'references'], 'a reference field needs references: entity[.field]');
      }
      if (f.lookup !== undefined && f.type !== 'reference') {
        fail(source, [...at, 'lookup'], 'only reference fields are looked up');
      }
      if (f.scopedBy !== undefined && f.type !== 'reference') {
        fail(source, [...at, 'scopedBy'], 'only reference fields have a scope');
      }
      if (f.scopedBy !== undefined && !Object.keys(e.fields).includes(f.scopedBy)) {
        fail(source, [...at, 'scopedBy'], `"${f.scopedBy}" is not a field of ${entityName}`);
      }
      if (f.type !== 'reference' && f.references) {
        fail(source, [...at, 'references'], 'only reference fields have references');
      }
      for (const option of Object.keys(f.synonyms ?? {})) {
        if (!f.options?.includes(option)) {
          fail(
            source,
            [...at, 'synonyms', option],
            `not one of the options ${f.options?.join(', ')}`,
          );
        }
      }
      const def: FieldDef = {
        name: fieldName,
        type: f.type,
        label: f.label ?? humanize(fieldName),
        description: f.description,
        required: f.required,
        unique: f.unique,
        maxLength: f.maxLength,
        pattern: f.pattern,
        options: f.options,
        synonyms: f.synonyms,
        aliases: f.aliases,
        default: f.default,
        notInFuture: f.notInFuture,
        dateOrder: f.dateOrder,
        trueWords: f.trueWords,
        falseWords: f.falseWords,
        country: f.country,
        match: f.match,
        example: f.example,
        separator: f.separator,
        labels: f.labels && { ...f.labels, entity: `${raw.pack}.${f.labels.entity}` },
        scopedBy: f.scopedBy,
        optionsFrom: f.optionsFrom && {
          ...f.optionsFrom,
          entity: `${raw.pack}.${f.optionsFrom.entity}`,
        },
        lookup: f.lookup,
      };
      if (f.references) {
        // Resolved against the whole registry later (it may point to another pack).
        const parts = f.references.split('.');
        const [entity, field] =
          parts.length === 3
            ? [`${parts[0]}.${parts[1]}`, parts[2]!]
            : [`${raw.pack}.${parts[0]}`, parts[1] ?? ''];
        def.reference = { entity, field };
      }
      return def;
    });
    if (
      e.defaults?.match &&
      !e.identifiers.includes(e.defaults.match) &&
      !fields.some((f) => f.name === e.defaults!.match && f.unique)
    ) {
      fail(
        source,
        [...base, 'defaults', 'match'],
        `"${e.defaults.match}" is not an identifier or unique field of ${entityName}`,
      );
    }
    for (const [i, group] of e.requireOneOf.entries()) {
      for (const [j, f] of group.entries()) {
        if (!fields.some((x) => x.name === f))
          fail(source, [...base, 'requireOneOf', i, j], `"${f}" is not a field of ${entityName}`);
      }
    }
    for (const [i, p] of e.protect.entries()) {
      const f = fields.find((x) => x.name === p.field);
      if (!f)
        fail(
          source,
          [...base, 'protect', i, 'field'],
          `"${p.field}" is not a field of ${entityName}`,
        );
      for (const [j, v] of p.values.entries()) {
        if (f.options && !f.options.includes(v))
          fail(
            source,
            [...base, 'protect', i, 'values', j],
            `"${v}" is not one of ${f.name}'s options (${f.options.join(', ')})`,
          );
      }
    }
    const activity = e.activity && parseActivity(source, [...base, 'activity'], e.activity, fields);
    if (e.numbering) {
      const at = [...base, 'numbering'];
      if (fields.find((f) => f.name === e.numbering!.field)?.type !== 'string') {
        fail(
          source,
          [...at, 'field'],
          `"${e.numbering.field}" is not a string field of ${entityName}`,
        );
      }
      if (fields.find((f) => f.name === e.numbering!.by)?.type !== 'reference') {
        fail(
          source,
          [...at, 'by'],
          `"${e.numbering.by}" is not a reference field of ${entityName}`,
        );
      }
    }
    if (e.applies) {
      const at = [...base, 'applies'];
      if (fields.find((f) => f.name === e.applies!.to)?.type !== 'reference') {
        fail(source, [...at, 'to'], `"${e.applies.to}" is not a reference field of ${entityName}`);
      }
      for (const [target, own] of Object.entries(e.applies.set)) {
        if (!fields.some((f) => f.name === own))
          fail(source, [...at, 'set', target], `"${own}" is not a field of ${entityName}`);
      }
    }
    if (e.range) {
      const at = [...base, 'range'];
      const f = fields.find((x) => x.name === e.range!.field);
      if (f?.type !== 'date' && f?.type !== 'datetime') {
        fail(source, [...at, 'field'], `"${e.range.field}" is not a date field of ${entityName}`);
      }
      if (fields.find((x) => x.name === e.range!.by)?.type !== 'reference') {
        fail(source, [...at, 'by'], `"${e.range.by}" is not a reference field of ${entityName}`);
      }
    }
    if (e.generates) {
      const at = [...base, 'generates'];
      const g = e.generates;
      if (fields.find((x) => x.name === g.when)?.type !== 'boolean') {
        fail(source, [...at, 'when'], `"${g.when}" is not a boolean field of ${entityName}`);
      }
      if (fields.find((x) => x.name === g.count)?.type !== 'integer') {
        fail(source, [...at, 'count'], `"${g.count}" is not an integer field of ${entityName}`);
      }
      for (const [to, own] of Object.entries(g.copy)) {
        if (!fields.some((x) => x.name === own))
          fail(source, [...at, 'copy', to], `"${own}" is not a field of ${entityName}`);
      }
    }
    for (const own of e.joins ? [e.joins.priority, e.joins.dialtime] : []) {
      if (!fields.some((x) => x.name === own))
        fail(source, [...base, 'joins'], `"${own}" is not a field of ${entityName}`);
    }
    for (const [to, own] of Object.entries(e.joins?.copy ?? {})) {
      if (!fields.some((x) => x.name === own))
        fail(source, [...base, 'joins', 'copy', to], `"${own}" is not a field of ${entityName}`);
    }
    const anonymize = parseAnonymize(
      source,
      [...base, 'anonymize'],
      e.anonymize,
      fields,
      e.identifiers,
    );
    for (const [i, l] of e.lookups.entries()) {
      if (!fields.some((f) => f.name === l))
        fail(source, [...base, 'lookups', i], `"${l}" is not a field of ${entityName}`);
    }
    for (const [i, id] of e.identifiers.entries()) {
      if (!fields.some((f) => f.name === id)) {
        fail(source, [...base, 'identifiers', i], `"${id}" is not a field of ${entityName}`);
      }
    }
    return {
      pack: raw.pack,
      name: entityName,
      qualified: `${raw.pack}.${entityName}`,
      table: e.table ?? `${raw.pack}_${entityName}`,
      label: e.label ?? humanize(entityName),
      description: e.description,
      fields,
      identifiers: e.identifiers,
      lookups: e.lookups,
      requireOneOf: e.requireOneOf,
      defaults: e.defaults ?? {},
      protect: e.protect,
      activity,
      numbering: e.numbering,
      anonymize,
      cascade: e.cascade.map((c) => `${raw.pack}.${c}`),
      applies: e.applies,
      range: e.range,
      generates: e.generates && { ...e.generates, entity: `${raw.pack}.${e.generates.entity}` },
      joins: e.joins && { ...e.joins, entity: `${raw.pack}.${e.joins.entity}` },
      customFields: e.customFields && {
        ...e.customFields,
        entity: `${raw.pack}.${e.customFields.entity}`,
      },
    };
  });
  for (const e of entities) {
    for (const [i, child] of e.cascade.entries()) {
      const c = entities.find((x) => x.qualified === child);
      if (!c?.fields.some((f) => f.reference?.entity === e.qualified)) {
        fail(
          source,
          ['entities', e.name, 'cascade', i],
          `"${child.split('.')[1]}" is not an entity type of this pack with a reference to ${e.name}`,
        );
      }
    }
  }
  return { name: raw.pack, description: raw.description, entities };
}

type Path = (string | number)[];

function parseActivity(
  source: string,
  at: Path,
  raw: {
    field: string;
    active: string | boolean;
    inactive: string | boolean | (string | boolean)[];
  },
  fields: FieldDef[],
): Activity {
  const f = fields.find((x) => x.name === raw.field);
  if (!f) fail(source, [...at, 'field'], `"${raw.field}" is not a field`);
  if (f.type !== 'enum' && f.type !== 'boolean' && f.type !== 'string') {
    fail(source, [...at, 'field'], `${f.name} is ${f.type}; use an enum, boolean or string field`);
  }
  const inactive = Array.isArray(raw.inactive) ? raw.inactive : [raw.inactive];
  for (const [key, v] of [
    ['active', raw.active],
    ...inactive.map((v, i) => [`inactive.${i}`, v]),
  ] as [string, string | boolean][]) {
    const ok =
      f.type === 'boolean'
        ? typeof v === 'boolean'
        : typeof v === 'string' && (!f.options || f.options.includes(v));
    if (!ok) {
      fail(
        source,
        [...at, ...key.split('.')],
        f.type === 'boolean'
          ? `${f.name} is boolean: write true or false`
          : `"${String(v)}" is not one of ${f.name}'s options (${f.options?.join(', ')})`,
      );
    }
  }
  if (inactive.includes(raw.active)) {
    fail(source, [...at, 'inactive'], 'the active value cannot also be inactive');
  }
  return { field: f.name, active: raw.active, inactive };
}

const RULE_TYPES: Record<string, string[]> = {
  year: ['date', 'datetime'],
  domain: ['email'],
  hash: ['string', 'email', 'phone'],
  text: ['string', 'enum'],
};

/** A hash is 16 hex digits; an e-mail keeps its domain after one. */
const HASH_LENGTH = 16;

function parseAnonymize(
  source: string,
  at: Path,
  raw: Record<string, 'blank' | 'hash' | 'year' | 'domain' | { text: string }>,
  fields: FieldDef[],
  identifiers: string[],
): Record<string, AnonymizeRule> {
  const out: Record<string, AnonymizeRule> = {};
  for (const [name, r] of Object.entries(raw)) {
    const f = fields.find((x) => x.name === name);
    if (!f) fail(source, [...at, name], `"${name}" is not a field`);
    const rule: AnonymizeRule =
      typeof r === 'string' ? { rule: r } : { rule: 'text', text: r.text };
    const types = RULE_TYPES[rule.rule];
    if (types && !types.includes(f.type)) {
      fail(
        source,
        [...at, name],
        `${rule.rule} does not apply to a ${f.type} field (it does to ${types.join(', ')})`,
      );
    }
    if (rule.rule === 'blank' && f.required) {
      fail(
        source,
        [...at, name],
        `${name} is required: a record cannot lose it (use hash or a text)`,
      );
    }
    if (rule.rule === 'text' && (f.unique || identifiers.includes(name))) {
      fail(
        source,
        [...at, name],
        `${name} is unique: one fixed text for every record would collide (use hash)`,
      );
    }
    if (rule.rule === 'text' && f.options && !f.options.includes(rule.text)) {
      fail(source, [...at, name], `"${rule.text}" is not one of ${name}'s options`);
    }
    if (f.maxLength !== undefined && rule.rule === 'text' && rule.text.length > f.maxLength) {
      fail(
        source,
        [...at, name],
        `"${rule.text}" is longer than ${name}'s ${f.maxLength} characters`,
      );
    }
    if (
      (rule.rule === 'hash' || rule.rule === 'domain') &&
      f.maxLength !== undefined &&
      f.maxLength < HASH_LENGTH + (rule.rule === 'domain' ? 5 : 0)
    ) {
      fail(
        source,
        [...at, name],
        `${name} holds at most ${f.maxLength} characters: too few for a ${HASH_LENGTH}-digit hash`,
      );
    }
    out[name] = rule;
  }
  return out;
}
