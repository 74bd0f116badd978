import type { Unmapped } from './pipeline/map.js';
import { z } from 'zod';
import { IntakeError } from './codes.js';
import { OPERATIONS, type Operation } from './operations.js';
import type { DateOrder, EntityDefaults } from './schema.js';
import { CHANGE_PACKAGE, DUP_DIAL_LIST, DUP_WAY, type MembershipOptions } from './memberships.js';
import { fixSchema, type Fix } from './pipeline/fixes.js';

/**
 * What a user decides per import (or per template, SPEC M3). Entry points fill these
 * from flags, requests or templates; core and store only read them.
 */
/** The import's operation: what each row does, unless its own operation column says. */
export type Mode = Operation;
export type CommitMode = 'atomic' | 'partial';
/**
 * rows: refuse every row that shares a unique value; file: refuse the whole file;
 * merge: keep the first of identical rows (the others are skipped), refuse rows that
 * share a value with different values elsewhere (Rollouter: only conflicts are errors).
 */
export const DUPLICATE_POLICIES = ['rows', 'file', 'merge'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];

export interface ImportOptions extends MembershipOptions {
  mode: Mode;
  /** The identifier that finds stored records; default: the first identifier mapped. */
  match?: string;
  commit: CommitMode;
  dryRun: boolean;
  /** Default country of national phone numbers (ISO alpha-2). */
  country?: string;
  /** Day/month order of ambiguous date columns, when the user knows it. */
  dateOrder?: DateOrder;
  duplicates: DuplicatePolicy;
  /** When set, only these fields may change on stored records. */
  updateFields?: string[];
  /** Change records in a state their entity type protects (a Suspended customer). */
  allowProtected: boolean;
  /**
   * An empty cell clears the stored value (SPEC M3): of every field (true) or of the
   * fields listed. Default: an empty cell never changes a stored value.
   */
  clearEmpty?: boolean | string[];
  /** Fields whose columns are compared with the stored record, never written. */
  verify?: string[];
  /**
   * Erase is irreversible: it runs only when this is the number of records the plan
   * erases (the dry run says it). Otherwise the import waits for that confirmation.
   */
  confirmErase?: number;
  /**
   * Reference field -> the identifier of its target the file names it by, when not the
   * one the pack declares (`join_store: external_id`).
   */
  lookup?: Record<string, string>;
  /**
   * A date checked against the dates of the record it names (pack `range`: a coupon's
   * redemption within its series' dates). False: not checked (the seed's "do not check
   * redemption range").
   */
  checkRanges: boolean;
  /**
   * Fields that must be unique for this import, stored records included, though the
   * pack does not say so (the seed's "validate transaction number").
   */
  unique?: string[];
  /**
   * A value outside the options of a field whose options are records (`optionsFrom`)
   * adds it to them instead of refusing the row (Rollouter's "Create option if not
   * exists"); each new option is a created row of the import.
   */
  createMissingOptions?: boolean;
  /** field -> identifier used instead of an unknown reference (the seed's "replace invalid store"). */
  referenceDefaults: Record<string, string>;
  validateEmail: boolean;
  validatePhone: boolean;
  trueWords: string[];
  falseWords: string[];
  /**
   * header -> field name, null to ignore the column, or `*custom` to keep it as a custom
   * field. Overrides automatic mapping.
   */
  mapping: Record<string, string | null>;
  /** Columns no field takes: kept as custom fields (the default), or ignored. */
  unmapped?: Unmapped;
  /** Physical lines to drop before the header. */
  skipLines: number;
  encoding?: string;
  delimiter?: string;
  /** Workbooks: the sheet to read (name or 1-based index) and its header row. */
  sheet?: string;
  headerRow?: number;
  /** The header row of a file, archive member or workbook sheet, by the name it goes by. */
  headerRows?: Record<string, number>;
  /** Rows hidden in a workbook (by hand or by a filter): import them, or skip them. */
  hiddenRows?: 'import' | 'skip';
  /** Archive members to import, or to leave out. */
  only?: string[];
  exclude?: string[];
  /** The user's fixes of cells, made in the review (pipeline/fixes.ts). */
  fixes?: Fix[];
}

export const DEFAULT_OPTIONS: ImportOptions = {
  mode: 'upsert',
  commit: 'atomic',
  dryRun: false,
  duplicates: 'rows',
  allowProtected: false,
  referenceDefaults: {},
  checkRanges: true,
  validateEmail: true,
  validatePhone: true,
  trueWords: [],
  falseWords: [],
  mapping: {},
  skipLines: 0,
};

/**
 * Options in force: Intake's defaults < the entity type's declared defaults (when
 * the import holds one entity type) < configuration < the user's choices.
 */
export function resolveOptions(
  entity: EntityDefaults | undefined,
  config: Partial<ImportOptions>,
  user: Partial<ImportOptions>,
): ImportOptions {
  const defined = <T extends object>(o: T): Partial<T> =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return { ...DEFAULT_OPTIONS, ...defined(entity ?? {}), ...defined(config), ...defined(user) };
}

const optionsSchema = z.strictObject({
  mode: z.enum(OPERATIONS).optional(),
  match: z.string().min(1).optional(),
  commit: z.enum(['atomic', 'partial']).optional(),
  dryRun: z.boolean().optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'a two-letter country code such as FR')
    .optional(),
  dateOrder: z.enum(['dmy', 'mdy']).optional(),
  duplicates: z.enum(DUPLICATE_POLICIES).optional(),
  updateFields: z.array(z.string().min(1)).optional(),
  allowProtected: z.boolean().optional(),
  clearEmpty: z.union([z.boolean(), z.array(z.string().min(1))]).optional(),
  verify: z.array(z.string().min(1)).optional(),
  confirmErase: z.number().int().min(0).optional(),
  referenceDefaults: z.record(z.string(), z.string()).optional(),
  checkRanges: z.boolean().optional(),
  createMissingOptions: z.boolean().optional(),
  unique: z.array(z.string().min(1)).optional(),
  lookup: z.record(z.string(), z.string().min(1)).optional(),
  validateEmail: z.boolean().optional(),
  validatePhone: z.boolean().optional(),
  trueWords: z.array(z.string().min(1)).optional(),
  falseWords: z.array(z.string().min(1)).optional(),
  mapping: z.record(z.string(), z.string().nullable()).optional(),
  unmapped: z.enum(['custom', 'ignore']).optional(),
  skipLines: z.number().int().min(0).optional(),
  encoding: z.string().min(1).optional(),
  delimiter: z.string().min(1).max(1).optional(),
  sheet: z.string().min(1).optional(),
  headerRow: z.number().int().min(1).optional(),
  headerRows: z.record(z.string(), z.number().int().min(1)).optional(),
  hiddenRows: z.enum(['import', 'skip']).optional(),
  only: z.array(z.string().min(1)).optional(),
  exclude: z.array(z.string().min(1)).optional(),
  fixes: z.array(fixSchema).max(10_000).optional(),
  list: z.string().min(1).optional(),
  phoneField: z.string().min(1).optional(),
  priorityField: z.string().min(1).optional(),
  dialtimeField: z.string().min(1).optional(),
  emptyagent: z.boolean().optional(),
  resetstatus: z.boolean().optional(),
  dupway: z.enum(DUP_WAY).optional(),
  dupdiallist: z.enum(DUP_DIAL_LIST).optional(),
  changepackage: z.enum(CHANGE_PACKAGE).optional(),
});

/**
 * The options as a JSON schema, for the API's description (/openapi.json) and the
 * types generated from it: one truth, the schema above.
 */
export function optionsJsonSchema(): Record<string, unknown> {
  const schema: Record<string, unknown> = z.toJSONSchema(optionsSchema, { target: 'draft-7' });
  delete schema.$schema;
  return { ...schema, description: 'import options (docs/configuration.md, intake import --help)' };
}

/**
 * Options that come as data (an API request, a template) are checked here, so a
 * mistake is named before anything runs: `options.commit: Invalid option...`.
 */
export function parseOptions(input: unknown): Partial<ImportOptions> {
  return checked(optionsSchema, input, 'options');
}

/** `input` as `schema` reads it, or INTAKE_E_REQUEST naming the first mistake's path. */
export function checked<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const r = schema.safeParse(input ?? {});
  if (!r.success) {
    const first = r.error.issues[0]!;
    throw new IntakeError(
      'INTAKE_E_REQUEST',
      `${what}${first.path.length ? `.${first.path.join('.')}` : ''}: ${first.message}`,
      { path: first.path.join('.') },
    );
  }
  return r.data;
}
