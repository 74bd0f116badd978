/**
 * The entity model: what a pack declares, after validation and defaults.
 *
 * - An entity type has fields, identifiers (natural keys that can match a stored
 *   record, each unique within a workspace) and references (fields whose value is an
 *   identifier of another entity type).
 * - Names are qualified by pack (`loyalty.customer`); `table` is the real table.
 */
export const FIELD_TYPES = [
  'string',
  'integer',
  'decimal',
  'boolean',
  'date',
  'datetime',
  'email',
  'phone',
  'enum',
  'multienum',
  'reference',
  'json',
] as const;

export type FieldKind = (typeof FIELD_TYPES)[number];

/** A cleaned value as it is staged and stored. Dates are ISO strings, decimals canonical strings. */
export type Value = string | number | boolean;

export interface ReferenceDef {
  /** Qualified entity name, e.g. `loyalty.store`. */
  entity: string;
  /** The identifier field of that entity the value names. */
  field: string;
  /** Table of that entity; set when the registry resolves the reference. */
  table?: string;
  /**
   * The target's identifiers with the header names that mean each (its name, label and
   * aliases), set by the registry: a column headed "Mobile" names a customer by mobile.
   */
  identifiers?: { field: string; names: string[]; type: FieldKind }[];
  /** Fields of that entity, not unique, by which a lookup may name it (set by the registry). */
  lookups?: string[];
}

export interface FieldDef {
  name: string;
  type: FieldKind;
  label: string;
  description?: string;
  required: boolean;
  unique: boolean;
  maxLength?: number;
  pattern?: string;
  /** multienum: what separates the values of a cell (default `,`). */
  separator?: string;
  /** enum: the allowed values, in their canonical spelling. */
  options?: string[];
  /** enum: known misspellings, keyed by the canonical option. */
  synonyms?: Record<string, string[]>;
  /** Other header names that mean this field. */
  aliases: string[];
  /** Used when a new record is created with this cell empty. */
  default?: Value;
  /** date/datetime: refuse dates after today. */
  notInFuture: boolean;
  /** date/datetime: the day/month order, when the pack knows it. */
  dateOrder?: DateOrder;
  /** boolean: extra words for true and false (the defaults stay accepted). */
  trueWords?: string[];
  falseWords?: string[];
  reference?: ReferenceDef;
  /**
   * reference: the field of the target the file names it by, unless an import says
   * otherwise (a workflow status by its name).
   */
  lookup?: string;
  /**
   * reference: a field of this type that the named record must share (an account of
   * the row's channel); the reference is required when several records share the row's.
   */
  scopedBy?: string;
  /** enum: `exact` takes only the options as written (no case, synonym or typo rewrite). */
  match?: 'exact' | 'loose';
  /** The template's example value, when the type's generic one would not pass the checks. */
  example?: string;
  /** phone: default country of national numbers, when the import gives none. */
  country?: string;
  /** enum: the workspace's own names for the options, kept as records of another type. */
  labels?: Labels;
  /**
   * enum, multienum: more options, kept as records of another type (a selection whose
   * options the user adds: Rollouter's "Create option if not exists").
   */
  optionsFrom?: OptionsFrom;
  /**
   * enum with labels: the labels stored in the workspace when the import began (set by
   * the import for its cleaners; never declared).
   */
  labelValues?: string[];
}

/**
 * Options kept as records: each record of `entity` adds its `value` (an identifier of
 * that type) to the options.
 */
export interface OptionsFrom {
  /** Qualified entity name. */
  entity: string;
  value: string;
  /** Table of that entity; set when the registry resolves it. */
  table?: string;
}

/**
 * User-defined labels over an enum's standard options (Capillary's status labels): a
 * record of `entity` names a label (`label`, an identifier) and the standard option it
 * means (`means`, an enum). A field with labels takes a label as well as an option and
 * stores it as written; states the pack declares (protect, activity) hold for the
 * labels that mean them.
 */
export interface Labels {
  /** Qualified entity name. */
  entity: string;
  label: string;
  means: string;
  /** Table of that entity; set when the registry resolves it. */
  table?: string;
}

export type DateOrder = 'dmy' | 'mdy';

export interface EntityType {
  pack: string;
  name: string;
  /** `pack.name` */
  qualified: string;
  table: string;
  label: string;
  description?: string;
  fields: FieldDef[];
  identifiers: string[];
  /**
   * Fields, not unique, by which a reference may name a record when an import asks
   * (`--lookup join_store=name`); a value several records share is refused as ambiguous.
   */
  lookups: string[];
  /** Groups of fields of which a new record must fill at least one. */
  requireOneOf: string[][];
  /** Import options this entity type suggests; the user's choices override them. */
  defaults: EntityDefaults;
  /** Stored states that refuse changes (SPEC V3), unless an import allows it. */
  protect: ProtectedState[];
  /** A number that must fit the series it references (a loyalty card and its card series). */
  numbering?: Numbering;
  /** The field and values that make a record active or inactive (inactivate, reactivate). */
  activity?: Activity;
  /** How the anonymize operation replaces each personal field (field -> rule). */
  anonymize: Record<string, AnonymizeRule>;
  /**
   * Entity types (qualified) whose records referencing a deleted or erased record go
   * with it. A record referenced by any other type refuses deletion.
   */
  cascade: string[];
  /** An event that changes the record it names (a customer status change, a fraud mark). */
  applies?: Applies;
  /** A date that must lie within the dates of the record it names (a coupon's series). */
  range?: DateRange;
  /** Records this type's rows make (a card series' cards). */
  generates?: Generates;
  /** The list memberships this type's rows make when an import names a list. */
  joins?: Joins;
  /** Fields users declare as records, per value of a field (an inventory's fields). */
  customFields?: CustomFields;
  /**
   * Set for an import (store/labels.ts): the declared fields, by the value of
   * `customFields.by` (an inventory's name), each as a field its cleaner checks.
   */
  customDefs?: Record<string, FieldDef[]>;
}

/**
 * Fields declared as data (Rollouter's inventory fields): records of `entity` (an
 * inventory field) with a reference field named `by` (their inventory), a `name`, a
 * `type` (one of CUSTOM_TYPES), `options` and `separator` (selections) and `required`.
 * A row's columns named after the fields of its own `by` value (its inventory) are
 * checked as that type and kept, canonical, among its custom fields.
 */
export interface CustomFields {
  entity: string;
  by: string;
  /** Table of that entity; set when the registry resolves it. */
  table?: string;
}

/** The types of declared fields, as users write them, and the field types they are. */
export const CUSTOM_TYPES: Record<string, FieldKind> = {
  text: 'string',
  number: 'decimal',
  date: 'date',
  selection: 'enum',
  'multi-selection': 'multienum',
};

/**
 * A row of this type (a contact) joins the list an import names (`--list`): a record
 * of `entity` (a list membership) references the row's record by `member` and the
 * list by `list`. Lists that share the named list's `within` field (its campaign) are
 * the "other lists" of the import's policies (options.ts `MembershipOptions`). The
 * membership's own fields: `agent` (emptied by `emptyagent`), `status` (set back to
 * its default by `resetstatus`; `success` is the status `ignoreSuccess` keeps),
 * `phone` (the number the dialler calls, from the row's `phoneField`), `placement` and
 * `from` (what the import did: Added, Readded, Moved, Kept, and the list it left), and
 * `copy` (membership field <- the row's field: the dial priority and schedule).
 */
export interface Joins {
  entity: string;
  member: string;
  list: string;
  within: string;
  agent: string;
  status: string;
  success: string;
  phone: string;
  placement: string;
  from: string;
  copy: Record<string, string>;
  /** The row's fields that `priorityField` and `dialtimeField` map a column to. */
  priority: string;
  dialtime: string;
}

/**
 * A row of this type (a card series) with `when` true and a `count` makes records of
 * `entity` (cards) until the series has that many: numbered by the entity's
 * `numbering` from this row's prefix, suffix and length, never a number taken; with
 * `copy` (their field <- this row's field) and `set` (their field <- a value).
 */
export interface Generates {
  entity: string;
  when: string;
  count: string;
  copy: Record<string, string>;
  set: Record<string, string>;
}

/**
 * `field` (a date or datetime) lies between the `from` and `to` dates of the record
 * that reference field `by` names, each when that record has one.
 */
export interface DateRange {
  field: string;
  by: string;
  from?: string;
  to?: string;
}

/**
 * `field` must start with the referenced record's `prefix`, end with its `suffix` and
 * have its `length`, each when the series has one (`by`: the reference to the series).
 */
export interface Numbering {
  field: string;
  by: string;
  prefix?: string;
  suffix?: string;
  length?: string;
}

/**
 * Each record of the type, once created, writes its own fields into the record its
 * reference field `to` names: `set` maps the target's field to this type's field. The
 * last row of an import for one target wins; undo gives the target its values back.
 */
export interface Applies {
  to: string;
  set: Record<string, string>;
}

/** `field` holds `active` on an active record, one of `inactive` on an inactive one. */
export interface Activity {
  field: string;
  active: string | boolean;
  /** The first is what inactivate writes. */
  inactive: (string | boolean)[];
}

/**
 * blank: empty; text: a fixed text; hash: a stable keyed hash (the same value gives
 * the same hash, so anonymized records can still be told apart); year: a date keeps
 * its year (1 January); domain: an e-mail keeps its domain, its local part hashed.
 */
export type AnonymizeRule =
  | { rule: 'blank' }
  | { rule: 'text'; text: string }
  | { rule: 'hash' }
  | { rule: 'year' }
  | { rule: 'domain' };

/** Records whose stored `field` holds one of `values` refuse changes by import. */
export interface ProtectedState {
  field: string;
  values: string[];
}

export interface EntityDefaults {
  mode?: 'create' | 'update' | 'upsert';
  commit?: 'atomic' | 'partial';
  duplicates?: 'rows' | 'file' | 'merge';
  match?: string;
  dateOrder?: DateOrder;
  /** Default country of national phone numbers. */
  country?: string;
  hiddenRows?: 'import' | 'skip';
}

export interface Pack {
  name: string;
  description?: string;
  entities: EntityType[];
}

export function fieldOf(entity: EntityType, name: string): FieldDef | undefined {
  return entity.fields.find((f) => f.name === name);
}

/** The entity type with these fields unique too (an import's `unique` option). */
export function withUnique(entity: EntityType, names: string[] = []): EntityType {
  if (!entity.fields.some((f) => names.includes(f.name) && !f.unique)) return entity;
  return {
    ...entity,
    fields: entity.fields.map((f) => (names.includes(f.name) ? { ...f, unique: true } : f)),
  };
}

/** Identifiers and unique fields: the values that must be unique within a workspace. */
export function uniqueFields(entity: EntityType): FieldDef[] {
  return entity.fields.filter((f) => f.unique || entity.identifiers.includes(f.name));
}

/** The field by which records of this type name a parent of the same type, if any. */
export function selfReference(entity: EntityType): FieldDef | undefined {
  return entity.fields.find((f) => f.reference?.entity === entity.qualified);
}
