import type { ImportOptions } from '../core/options.js';
import type { ColumnFacts } from '../core/pipeline/clean.js';
import type { Mapping } from '../core/pipeline/map.js';
import type { EntityType } from '../core/schema.js';
import type { FetchPolicy } from '../sources/fetch/index.js';
import type { SkippedSource } from '../sources/open.js';
import type { Sheet, SheetFacts } from '../sources/sheet.js';
import type { ImportStatus } from '../store/imports.js';

/** The words of one import run: what is asked, what comes back. */
export interface ImportRequest {
  files: string[];
  /** Inline records, `field=value||field=value` per line (SPEC F5). */
  inline?: string;
  /** Entity type for every file; detected from the headers when absent. */
  entity?: string;
  workspace: string;
  /** The user's choices; the rest comes from the entity type's defaults, then Intake's. */
  options: Partial<ImportOptions>;
  /** Defaults from the configuration (e.g. the country). */
  configOptions?: Partial<ImportOptions>;
  reportDir: string;
  /** Write the per-row outcome file even for a real run (always written for dry runs). */
  outcomes?: boolean;
  /** Worker threads that clean rows (0: clean on the calling thread). */
  workers?: number;
  /** Limits and allowed hosts for files given as URLs. */
  fetch?: FetchPolicy;
  /** Scratch space (archives are unpacked here); cleared when the import ends. */
  workDir: string;
  /** Rows per transaction of a partial commit (default 50,000). */
  commitChunkRows?: number;
  /** The import record made by the service when the files arrived (else a new one). */
  importId?: string;
  /** Stop after the plan and keep the staged rows for a later commit (validation). */
  hold?: boolean;
  /** YYYY-MM-DD; injected so that tests can fix "today". */
  today?: string;
  onProgress?: (p: Progress) => void;
}

export interface Progress {
  phase: 'scan' | 'stage' | 'plan' | 'commit' | 'report';
  rows: number;
  total: number;
}

export interface Counts {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  rejected: number;
}

export interface SkippedMember extends SkippedSource {
  code: 'INTAKE_W_MEMBER_SKIPPED';
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
  timings: Record<Progress['phase'], number>;
  reports: {
    dir: string;
    summary: string;
    rejections: string;
    rejectionFiles: string[];
    /** Refused rows in each rejection file (same order). */
    rejectedPerFile: number[];
    corrections: string;
    outcomes?: string[];
  };
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
