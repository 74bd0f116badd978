import type { ColumnType, Generated, Kysely } from 'kysely';

/**
 * The system tables, typed for Kysely (as Kysely's own tests declare theirs), so that a
 * misspelt column of an import, a row result or a job is a compile error. Entity tables
 * and their staging are declared by packs at run time: any other table name is allowed,
 * untyped. The migrations in `migrations/` are what creates these.
 *
 * JSON columns are jsonb on PostgreSQL (read back as values) and text on SQLite (read
 * back as text): read them with `readJson` (json.ts), write them with `writeJson`.
 * Timestamps are Date on PostgreSQL and ISO text on SQLite.
 */
export type Json = ColumnType<unknown, unknown, unknown>;
export type Timestamp = Date | string;
/** bigint and count(*) come back as text from node-postgres. */
export type Big = ColumnType<number | string, number | string, number | string>;

export interface WorkspaceTable {
  id: string;
  created_at: Generated<Timestamp>;
  /** The workspace's settings as JSON (core/workspace-settings.ts); null: none set. */
  settings: string | null;
}

export interface ImportTable {
  id: string;
  workspace_id: string;
  status: string;
  entities: string;
  options: Json;
  counts: Json | null;
  error: string | null;
  error_code: string | null;
  created_at: Generated<Timestamp>;
  finished_at: Timestamp | null;
  created_by: string | null;
  request: Json | null;
  progress: Json | null;
  approval: string | null;
  committed_at: Timestamp | null;
  updated_at: Timestamp | null;
  fingerprint: string | null;
  idempotency_key: string | null;
  job_id: string | null;
  /** What validation found: files, skipped members, planned counts, write order, timings. */
  plan: Json | null;
  /** The last undo's counts, when there was one. */
  undo: Json | null;
}

export interface ImportFileTable {
  import_id: string;
  file_no: number;
  name: string;
  entity: string;
  facts: Json;
  header: Json;
  mapping: Json;
  rows: Generated<number>;
}

export interface ImportEventTable {
  import_id: string;
  at: Generated<Timestamp>;
  actor: string;
  from_status: string | null;
  to_status: string;
  note: string | null;
}

/** One row result per source row, kept for `rowRetentionDays`. */
export interface RowTable {
  import_id: string;
  row_no: number;
  file_no: number;
  line: number;
  entity: string;
  depth: Generated<number>;
  outcome: string;
  /** The match key's value, when the row has one. */
  record_key: string | null;
  /** The stored record an update matched. */
  record_id: Big | null;
  /** Fields the row changes: `email, slab, ` (the trailing separator is part of it). */
  changed: string | null;
  /** The source row's cells as read, JSON text. */
  raw: string;
}

/** The stored record before the import's row changed it (fields, custom, provenance). */
export interface BeforeTable {
  import_id: string;
  row_no: number;
  image: Json;
}

/** Ranges of rows a commit wrote, each in the transaction that wrote it. */
export interface CommitChunkTable {
  import_id: string;
  entity: string;
  depth: number | null;
  from_row: number;
  to_row: number;
  /** Rows the database took: inserted, updated, and by each record operation. */
  created: number;
  updated: number;
  inactivated: Generated<number>;
  reactivated: Generated<number>;
  anonymized: Generated<number>;
  deleted: Generated<number>;
  erased: Generated<number>;
  at: Generated<Timestamp>;
}

/** A record deleted because the record it references was (cascade), for undo. */
export interface CascadeTable {
  import_id: string;
  row_no: number;
  entity: string;
  record_id: number;
  image: unknown;
}

/** Imports whose kept rows held records an erase removed: their files go too. */
export interface ErasedFromTable {
  import_id: string;
  other_import: string;
}

/** What an undo did to each row it touched. */
export interface UndoTable {
  import_id: string;
  row_no: number;
  result: string;
  code: string | null;
  message: string | null;
}

export interface IssueTable {
  import_id: string;
  row_no: number;
  field: string | null;
  code: string;
  message: string;
  value: string | null;
  /** 1: found by the cleaner as the row was staged; 0: by the plan or the commit. */
  staged: Generated<number>;
}

export interface CorrectionTable {
  import_id: string;
  row_no: number;
  /** Order among the corrections of its row (keyset paging). */
  seq: number;
  file_no: number;
  line: number;
  field: string;
  from_value: string;
  to_value: string;
  rule: string;
}

export interface EntityTableTable {
  table_name: string;
  entity: string;
  columns: Json;
  updated_at: Generated<Timestamp>;
}

export interface JobTable {
  id: string;
  kind: string;
  import_id: string;
  status: string;
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: number;
  locked_by: string | null;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: Generated<Timestamp>;
}

export interface TokenTable {
  id: string;
  workspace_id: string;
  name: string;
  role: string;
  hash: string;
  created_at: Generated<Timestamp>;
  revoked_at: Timestamp | null;
}

export interface UserTable {
  id: string;
  workspace_id: string;
  name: string;
  role: string;
  password_hash: string;
  created_at: Generated<Timestamp>;
  disabled_at: Timestamp | null;
}

export interface SessionTable {
  id: string;
  hash: string;
  user_id: string | null;
  token_id: string | null;
  created_at: Generated<Timestamp>;
  expires_at: Timestamp;
  ended_at: Timestamp | null;
}

export interface MappingMemoryTable {
  workspace_id: string;
  entity: string;
  columns: string;
  options: string;
  import_id: string;
  updated_at: Generated<Timestamp>;
}

export interface BlobTable {
  import_id: string;
  file_no: number;
  chunk_no: number;
  data: Buffer | Uint8Array;
}

export interface TemplateTable {
  workspace_id: string;
  name: string;
  entity: string;
  settings: Json;
  updated_by: string;
  updated_at: Generated<Timestamp>;
}

export interface ScheduleRunTable {
  workspace_id: string;
  template: string;
  /** ISO time the run was due. */
  due_at: string;
  outcome: 'running' | 'imported' | 'skipped' | 'failed';
  import_id: string | null;
  hash: string | null;
  message: string | null;
  at: Generated<Timestamp>;
}

export interface StageChunkTable {
  import_id: string;
  chunk_no: number;
  file_no: number;
  first_row: number;
  last_row: number;
  skip: number;
  state: 'pending' | 'taken' | 'done';
  job_id: string | null;
  attempt: number;
  worker: string | null;
  /** Times it was taken: more than once when a worker died holding it. */
  takes: Generated<number>;
}

export interface StagePlanTable {
  import_id: string;
  plan: string;
}

export interface WebhookTable {
  id: string;
  workspace_id: string;
  url: string;
  secret: string;
  created_at: Generated<Timestamp>;
}

export interface WebhookDeliveryTable {
  webhook_id: string;
  import_id: string;
  event: string;
  attempt: number;
  status_code: number | null;
  error: string | null;
  at: Generated<Timestamp>;
}

export interface AuditTable {
  workspace_id: string;
  at: Generated<Timestamp>;
  actor: string;
  action: string;
  target: string;
  details: Json | null;
}

export interface SystemTables {
  intake_workspace: WorkspaceTable;
  intake_import: ImportTable;
  intake_import_file: ImportFileTable;
  intake_import_event: ImportEventTable;
  intake_row: RowTable;
  intake_before: BeforeTable;
  intake_commit_chunk: CommitChunkTable;
  intake_undo: UndoTable;
  intake_cascade: CascadeTable;
  intake_erased_from: ErasedFromTable;
  intake_issue: IssueTable;
  intake_correction: CorrectionTable;
  intake_entity_table: EntityTableTable;
  intake_job: JobTable;
  intake_token: TokenTable;
  intake_user: UserTable;
  intake_session: SessionTable;
  intake_mapping_memory: MappingMemoryTable;
  intake_blob: BlobTable;
  intake_template: TemplateTable;
  intake_schedule_run: ScheduleRunTable;
  intake_stage_chunk: StageChunkTable;
  intake_stage_plan: StagePlanTable;
  intake_webhook: WebhookTable;
  intake_webhook_delivery: WebhookDeliveryTable;
  intake_audit: AuditTable;
}

/** Entity and staging tables, named by packs at run time. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DynamicTables = { [table: string]: Record<string, any> };

export type Database = SystemTables & DynamicTables;
export type Db = Kysely<Database>;
