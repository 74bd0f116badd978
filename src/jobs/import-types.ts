import type { ColumnFacts } from '../core/pipeline/clean.js';
import type { Mapping } from '../core/pipeline/map.js';
import type { EntityType } from '../core/schema.js';
import type { SkippedSource } from '../sources/open.js';
import type { Sheet, SheetFacts } from '../sources/sheet.js';
import type { Code } from '../core/codes.js';
import type { ImportStatus } from '../core/import-status.js';
import type { Counts } from '../store/row-results.js';

export type { Counts } from '../store/row-results.js';

/** The words of one import: what it found, what it did, what it reports. */
export interface Progress {
  phase: 'scan' | 'stage' | 'plan' | 'commit' | 'report' | 'undo';
  rows: number;
  total: number;
}

export type Timings = Record<'scan' | 'stage' | 'plan' | 'commit' | 'report', number>;

/**
 * When an import ends without writing some of the rows it planned, why: every row so
 * refused carries this reason (in reports and pages). `all`: every row of the import,
 * as an atomic import that writes nothing refuses even its good ones.
 */
export interface AbortReason {
  code: string;
  message: string;
  all: boolean;
}

/** What validation found, kept on the import: everything a report says beyond its rows. */
export interface ImportPlan {
  files: FileResult[];
  skipped: SkippedMember[];
  planned: Counts;
  order: WriteStep[];
  /** The match key each entity type's rows used (undo finds created records by it). */
  keys: Record<string, string | null>;
  /** Per entity type, the highest record id the plan saw (the commit looks at newer ones). */
  plannedUpTo: Record<string, number>;
  timings: Timings;
  abort?: AbortReason;
  /**
   * The files' rows as this validation staged them, for a validation again after fixes
   * only (import-recheck.ts). Absent when the staging was split among workers.
   */
  staged?: StagedFile[];
  /** Rows cleaned again by a validation after fixes only; the others were kept as staged. */
  rechecked?: number;
}

/** One file's staged rows, and a fingerprint of what they were cleaned with. */
export interface StagedFile {
  fileNo: number;
  name: string;
  entity: string;
  rows: number;
  reads: string;
}

/**
 * A file or archive member not imported: left out (INTAKE_W_MEMBER_SKIPPED), or refused
 * whole for what is wrong with it (its INTAKE_E_ code) while the other files went on.
 */
export interface SkippedMember extends SkippedSource {
  code: Code;
}

export interface FileResult {
  name: string;
  entity: string;
  rows: number;
  encoding: string;
  delimiter: string;
  headerLine: number;
  warnings: string[];
  mapping: { header: string; field: string | null; method: string; confidence: number }[];
  unmapped: string[];
  dateOrders: Record<string, string | null>;
}

/**
 * One step of the commit, in order: the rows of an entity type, or of one depth of a
 * tree (user accounts with no imported parent are depth 0, their children 1...).
 */
export interface WriteStep {
  step: number;
  entity: string;
  depth: number | null;
  /** Rows this step creates or updates. */
  rows: number;
}

/** An import as its summary tells it (`summary.json`, the CLI's `--json`). */
export interface ImportResult {
  import: { id: string; status: ImportStatus };
  files: FileResult[];
  /** Archive members that were not imported, and why. */
  skipped: SkippedMember[];
  counts: Counts;
  /** What the plan said before commit (equals counts unless an atomic import failed). */
  planned: Counts;
  issues: Record<string, number>;
  corrections: Record<string, number>;
  /** The order in which the commit writes (or, on a dry run, would write) the rows. */
  order: WriteStep[];
  /** Milliseconds spent per phase, for people tuning large imports. */
  timings: Timings;
  /** Rows cleaned again by a validation after the user's fixes alone (the others kept). */
  rechecked?: number;
  /** Where the CLI wrote the reports (the service serves them from the database). */
  reports?: {
    dir: string;
    summary: string;
    rejections: string;
    rejectionFiles: string[];
    /** Refused rows in each rejection file (same order). */
    rejectedPerFile: number[];
    corrections: string;
    outcomes?: string[];
  };
  /** Why the CLI could not write its report folder (the import is as its status says). */
  reportError?: string;
  error?: string;
}

export interface Input {
  fileNo: number;
  sheet: Sheet;
  entity: EntityType;
  mapping: Mapping;
  rows: number;
  facts: SheetFacts;
  columns: ColumnFacts;
}
