/** The shapes of the API's answers that the UI reads (see /openapi.json). */
export interface FieldInfo {
  name: string;
  type: string;
  label: string;
  required: boolean;
  references: string | null;
}

export interface EntityInfo {
  name: string;
  label: string;
  identifiers: string[];
  count: number;
  /** What an import of this type does unless told otherwise. */
  defaults: {
    mode: string;
    commit: string;
    match: string | null;
    dateOrder: string | null;
    country: string | null;
  };
  fields: FieldInfo[];
}

export interface ImportEvent {
  at: string;
  actor: string;
  from: string | null;
  to: string;
  note: string | null;
}

export interface Counts {
  rows?: number;
  created?: number;
  updated?: number;
  unchanged?: number;
  skipped?: number;
  rejected?: number;
}

export interface ImportView {
  id: string;
  status: string;
  entities: string[];
  createdBy: string | null;
  approval: string | null;
  counts: Counts | null;
  progress: { phase?: string; rows?: number; total?: number; at?: string; since?: string } | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  settings: { entity: string | null; options: ImportOptions; files: string[] };
  events?: ImportEvent[];
}

/** Options of an import; null in a change takes one back to its default. */
export interface ImportOptions {
  mode?: string | null;
  match?: string | null;
  commit?: string | null;
  country?: string | null;
  dateOrder?: string | null;
  mapping?: Record<string, string | null>;
  exclude?: string[];
  [key: string]: unknown;
}

export interface MappedColumn {
  header: string;
  field: string | null;
  method: string;
  confidence: number;
}

export interface InspectedSheet {
  name: string;
  entity: string;
  candidates: { entity: string; score: number }[];
  rows: number;
  encoding: string;
  delimiter: string;
  header: string[];
  mapping: MappedColumn[];
  samples: string[][];
  warnings: string[];
}

export interface Inspection {
  file: string;
  sheets: InspectedSheet[];
  skipped: { name: string; reason: string }[];
  ignored: string[];
}

export interface RowOutcome {
  file: string;
  line: number;
  outcome: string;
  /** Updates: the fields that change, joined by ", ". */
  changed: string;
  code: string;
  message: string;
  problems: { field: string; code: string; message: string }[];
  values: Record<string, string>;
}

export interface Summary {
  issues: Record<string, number>;
  files: { name: string; entity: string; mapping: MappedColumn[] }[];
}

export interface Template {
  name: string;
  entity: string | null;
  options: ImportOptions;
  approval?: boolean;
}

export interface Correction {
  file: string;
  line: number;
  field: string;
  from: string;
  to: string;
  rule: string;
}
