import type { Store } from './connect.js';
import { NO_COUNTS } from './row-results.js';
import { importEvents, type ImportEvent } from './import-status.js';
import { readJson } from './json.js';

/** Imports as the API shows them: one with its history and progress, or a filtered list. */
export interface ImportView {
  id: string;
  workspace: string;
  status: string;
  entities: string[];
  createdBy: string | null;
  approval: string | null;
  counts: unknown;
  progress: unknown;
  error: string | null;
  /** The code of `error` (INTAKE_E_...). */
  errorCode: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** What was asked: entity type, options, file names (never the server's paths). */
  settings: { entity: string | null; options: Record<string, unknown>; files: string[] };
  /** The last undo: who asked, forced or not, and once done its counts. */
  undo: Record<string, unknown> | null;
  events?: ImportEvent[];
  /** The steps people may take now (cancel, approve, undo...), whatever their role. */
  steps?: string[];
}

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

function view(r: Record<string, unknown>): ImportView {
  return {
    id: r.id as string,
    workspace: r.workspace_id as string,
    status: r.status as string,
    entities: String(r.entities || '')
      .split(',')
      .filter(Boolean),
    createdBy: (r.created_by as string) ?? null,
    approval: (r.approval as string) ?? null,
    // Counts kept before an outcome existed lack it: it is 0.
    counts: r.counts ? { ...NO_COUNTS, ...readJson<object>(r.counts) } : null,
    progress: readJson(r.progress),
    error: (r.error as string) ?? null,
    errorCode: (r.error_code as string) ?? null,
    createdAt: iso(r.created_at)!,
    finishedAt: iso(r.finished_at),
    settings: settings(readJson(r.request)),
    undo: readJson(r.undo),
  };
}

function settings(
  req: {
    entity?: string;
    options?: Record<string, unknown>;
    names?: string[];
    files?: string[];
  } | null,
): ImportView['settings'] {
  return {
    entity: req?.entity ?? null,
    options: req?.options ?? {},
    files: req?.names ?? (req?.files ?? []).map((f) => f.split(/[\\/]/).pop()!),
  };
}

const COLUMNS = [
  'id',
  'workspace_id',
  'status',
  'entities',
  'created_by',
  'approval',
  'counts',
  'progress',
  'error',
  'error_code',
  'undo',
  'created_at',
  'finished_at',
  'request',
] as const;

export async function getImport(
  store: Store,
  workspace: string,
  id: string,
): Promise<ImportView | undefined> {
  const row = await store.db
    .selectFrom('intake_import')
    .select([...COLUMNS])
    .where('id', '=', id)
    .where('workspace_id', '=', workspace)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...view(row), events: await importEvents(store, id) };
}

export interface ImportFilter {
  status?: string;
  entity?: string;
  user?: string;
  from?: string;
  to?: string;
  limit: number;
  /** Newest first; skip this many. */
  offset?: number;
}

export async function listImports(
  store: Store,
  workspace: string,
  f: ImportFilter,
): Promise<ImportView[]> {
  let q = store.db
    .selectFrom('intake_import')
    .select([...COLUMNS])
    .where('workspace_id', '=', workspace);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.user) q = q.where('created_by', '=', f.user);
  if (f.entity) q = q.where('entities', 'like', `%${f.entity}%`);
  if (f.from) q = q.where('created_at', '>=', f.from);
  if (f.to) q = q.where('created_at', '<=', f.to);
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit)
    .offset(f.offset ?? 0)
    .execute();
  return rows.map(view);
}
