import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import Papa from 'papaparse';
import { IntakeError } from './core/codes.js';
import { neutralise } from './core/neutralise.js';
import type { ImportOptions } from './core/options.js';
import type { Registry } from './core/registry.js';
import type { EntityType } from './core/schema.js';
import type { Config } from './config/index.js';
import { loadRegistry } from './config/packs.js';
import { secretBox } from './config/secret-key.js';
import { redactCredentials } from './core/redact.js';
import type { SecretBox } from './jobs/secret-box.js';
import { checkReportLink } from './jobs/report-links.js';
import { runImport, type ImportRequest, type ImportResult } from './jobs/import-run.js';
import { writeTemplate, type TemplateFormat } from './jobs/templates.js';
import { withDependencies } from './jobs/import-inputs.js';
import { describe, inspectFile, readFile, type Inspection, type ReadFile } from './jobs/inspect.js';
import type { SourceOptions } from './sources/open.js';
import { openStore, type Store } from './store/connect.js';
import { ensureEntityTables } from './store/entity-tables.js';
import { ensureWorkspace } from './store/imports.js';
import { openQueue, type JobQueue } from './store/queue.js';
import {
  pageRecords,
  readRecords,
  type RecordFilter,
  type RecordPage,
  type StoredRecord,
} from './store/records.js';
import { audit, auditLog, type AuditEntry } from './store/audit.js';
import {
  getImport,
  listImports,
  type ImportFilter,
  type ImportView,
} from './store/import-queries.js';
import {
  anyToken,
  createToken,
  findToken,
  listTokens,
  revokeToken,
  type Role,
  type TokenInfo,
} from './store/tokens.js';
import { newImportId } from './jobs/import-run.js';
import {
  ownImport,
  submission,
  type DraftChange,
  type ImportSubmission,
  type LifecycleContext,
} from './jobs/lifecycle.js';
import { checkRemoteSources, startDraft, submitImport, updateDraft } from './jobs/import-submit.js';
import { runJob } from './jobs/import-jobs.js';
import {
  approveImport,
  cancelImport,
  purgeExpired,
  recoverOrphans,
  rejectImport,
  replayImport,
} from './jobs/import-decisions.js';
import { Worker } from './jobs/worker.js';
import {
  correctionRows,
  rowOutcomes,
  type CorrectionRow,
  type RowFilter,
  type RowOutcome,
} from './jobs/row-pages.js';
import { parseOptions } from './core/options.js';
import {
  deleteTemplate,
  findTemplate,
  listTemplates,
  saveTemplate,
  type Template,
  type TemplateSettings,
} from './store/templates.js';
import { checkWebhookUrl, notifyFinished } from './jobs/notify.js';
import {
  addWebhook,
  deliveries,
  removeWebhook,
  webhooks,
  type Delivery,
  type Webhook,
} from './store/webhooks.js';

/**
 * The composition root: every entry point (CLI today, HTTP API and UI later) opens
 * one Intake and calls its functions. Nothing here knows about flags or requests.
 */
export type ExportFormat = 'csv' | 'json' | 'ndjson';
export type { TemplateFormat } from './jobs/templates.js';
export { ROLES, type Role, type TokenInfo } from './store/tokens.js';

export interface ImportCall {
  files?: string[];
  inline?: string;
  entity?: string;
  workspace?: string;
  /** The user's choices; missing ones come from the entity's defaults, then Intake's. */
  options?: Partial<ImportOptions>;
  outcomes?: boolean;
  commitChunkRows?: number;
  today?: string;
  onProgress?: ImportRequest['onProgress'];
}

export class Intake {
  private constructor(
    readonly config: Config,
    readonly registry: Registry,
    readonly store: Store,
  ) {
    this.queue = openQueue(store, config.jobs, (m) => this.log(m));
    this.secrets = secretBox(config);
  }

  /** Seals kept credentials and signs report links (the configuration's secret key). */
  private readonly secrets: SecretBox;

  /** The job queue of imports: pg-boss on PostgreSQL, a table on SQLite. */
  readonly queue: JobQueue;

  static async open(config: Config): Promise<Intake> {
    const registry = loadRegistry(config.packs);
    const store = await openStore({
      databaseUrl: config.databaseUrl,
      sqlitePath: join(config.dataDir, 'intake.sqlite'),
      schema: config.databaseSchema,
    });
    return new Intake(config, registry, store);
  }

  async close(): Promise<void> {
    await this.worker?.stop();
    await this.queue.close();
    await this.store.close();
  }

  async importFiles(call: ImportCall): Promise<ImportResult> {
    const files = call.files ?? [];
    if (files.length === 0 && call.inline === undefined) {
      throw new IntakeError(
        'INTAKE_E_USAGE',
        'give at least one file to import, or --inline records',
      );
    }
    // A bare name two packs share (customer) is settled per file, by its headers.
    if (call.entity) this.registry.candidates(call.entity);
    return runImport(this.store, this.registry, {
      files,
      inline: call.inline,
      entity: call.entity,
      workspace: call.workspace ?? this.config.workspace,
      options: call.options ?? {},
      configOptions: this.config.country ? { country: this.config.country } : {},
      reportDir: this.config.reportDir,
      outcomes: call.outcomes,
      commitChunkRows: call.commitChunkRows,
      workDir: join(this.config.dataDir, 'work'),
      fetch: {
        allowHosts: this.config.allowHosts,
        maxBytes: this.config.fetchMaxBytes,
        timeoutMs: this.config.fetchTimeoutMs,
      },
      workers: this.config.workers,
      today: call.today,
      onProgress: call.onProgress,
    });
  }

  /** What a file holds: sheets or ZIP members with their entity type and rows (SPEC F3). */
  inspect(path: string, opts: SourceOptions = {}): Promise<Inspection> {
    return inspectFile(this.registry, path, opts, join(this.config.dataDir, 'work'));
  }

  /** A blank template of an entity type (SPEC F4). */
  async writeTemplate(entityName: string, format: TemplateFormat, path: string): Promise<void> {
    await writeTemplate(this.registry.get(entityName), format, path);
  }

  entities(): EntityType[] {
    return this.registry.entities;
  }

  // ---- The service: imports as durable jobs (SPEC J1, J2), tokens, audit ----

  private lifecycle(): LifecycleContext {
    return {
      store: this.store,
      queue: this.queue,
      registry: this.registry,
      reportDir: this.config.reportDir,
      workDir: join(this.config.dataDir, 'work'),
      base: {
        configOptions: this.config.country ? { country: this.config.country } : {},
        workers: this.config.workers,
        fetch: {
          allowHosts: this.config.allowHosts,
          maxBytes: this.config.fetchMaxBytes,
          timeoutMs: this.config.fetchTimeoutMs,
        },
      },
      commitChunkRows: this.config.jobs.commitChunkRows,
      duplicateWindowMs: this.config.jobs.duplicateWindowMs,
      replayDays: this.config.jobs.replayDays,
      secrets: this.secrets,
      onFinished: (id) =>
        notifyFinished(
          {
            store: this.store,
            smtp: this.config.smtp,
            publicUrl: this.config.publicUrl,
            secrets: this.secrets,
            linkDays: this.config.reportLinkDays,
            webhookAttempts: this.config.jobs.maxAttempts,
            webhookBackoffMs: this.config.jobs.backoffMs,
            webhookTimeoutMs: 10_000,
            allowHosts: this.config.allowHosts,
            log: (m) => this.log(m),
          },
          id,
        ),
    };
  }

  /** Where the service reports what it cannot tell a caller (a notification not sent). */
  log: (message: string) => void = (m) => process.stderr.write(`intake: ${redactCredentials(m)}\n`);

  /** The workspace a signed report link opens, or an error saying why it does not. */
  checkReportLink(
    importId: string,
    name: string,
    query: { w?: string; expires?: string; sig?: string },
  ): string {
    return checkReportLink(this.secrets, { importId, name }, query);
  }

  async saveTemplate(
    workspace: string,
    by: string,
    t: { name: string; entity: string; settings: TemplateSettings },
  ): Promise<'created' | 'updated'> {
    // The entity must exist and the options make sense before anyone relies on them.
    t.entity = this.registry.get(t.entity).qualified;
    t.settings.options = parseOptions(t.settings.options);
    await ensureWorkspace(this.store, workspace);
    const done = await saveTemplate(this.store, workspace, { ...t, by });
    await audit(this.store, {
      workspace,
      actor: by,
      action: `template.${done === 'created' ? 'create' : 'update'}`,
      target: t.name,
    });
    return done;
  }

  findTemplate(workspace: string, name: string): Promise<Template | undefined> {
    return findTemplate(this.store, workspace, name);
  }

  listTemplates(workspace: string): Promise<Template[]> {
    return listTemplates(this.store, workspace);
  }

  async deleteTemplate(workspace: string, by: string, name: string): Promise<boolean> {
    const done = await deleteTemplate(this.store, workspace, name);
    if (done)
      await audit(this.store, { workspace, actor: by, action: 'template.delete', target: name });
    return done;
  }

  async addWebhook(workspace: string, url: string, secret?: string): Promise<Webhook> {
    // A webhook is a request Intake makes on a user's word: the same guard as URL sources.
    await checkWebhookUrl(url, this.config.allowHosts);
    await ensureWorkspace(this.store, workspace);
    return addWebhook(this.store, { workspace, url, secret });
  }

  webhooks(workspace: string): Promise<Webhook[]> {
    return webhooks(this.store, workspace);
  }

  removeWebhook(workspace: string, id: string): Promise<boolean> {
    return removeWebhook(this.store, workspace, id);
  }

  webhookDeliveries(workspace: string, id: string): Promise<Delivery[]> {
    return deliveries(this.store, workspace, id);
  }

  /** Where the files of a new import are kept until its jobs have run. */
  uploadDir(id: string): string {
    return join(this.config.dataDir, 'uploads', id);
  }

  newImportId(): string {
    return newImportId();
  }

  /** URLs a client names over the API: http, https, ftp, sftp; never a local path. */
  checkRemoteSources(urls: string[]): void {
    checkRemoteSources(urls);
  }

  /**
   * A new import, validated then committed by jobs; returns at once with its id, or
   * with an earlier import's when this is the same submission again.
   */
  async submitImport(
    id: string,
    sub: ImportSubmission,
  ): Promise<{ id: string; duplicateOf?: 'idempotency-key' | 'same-files' }> {
    const r = await submitImport(this.lifecycle(), id, sub);
    this.worker?.poke();
    return r;
  }

  async approveImport(workspace: string, id: string, actor: string): Promise<void> {
    await approveImport(this.lifecycle(), workspace, id, actor);
    this.worker?.poke();
  }

  async replayImport(
    workspace: string,
    id: string,
    actor: string,
    change: DraftChange,
  ): Promise<void> {
    await replayImport(this.lifecycle(), workspace, id, actor, change);
    this.worker?.poke();
  }

  /** Imports whose job was lost in a crash get it back (the worker does this every minute). */
  recoverOrphans(quietMs?: number, now?: Date): Promise<string[]> {
    return recoverOrphans(this.lifecycle(), quietMs, now);
  }

  /** Remove the files and staged rows of imports past their replay time. */
  purgeExpired(now?: Date): Promise<string[]> {
    return purgeExpired(this.lifecycle(), (id) => this.uploadDir(id), now);
  }

  updateDraft(workspace: string, id: string, actor: string, change: DraftChange): Promise<void> {
    return updateDraft(this.lifecycle(), workspace, id, actor, change);
  }

  async startDraft(workspace: string, id: string, actor: string): Promise<void> {
    await startDraft(this.lifecycle(), workspace, id, actor);
    this.worker?.poke();
  }

  /** Row outcomes of an import, a page at a time (from its report folder). */
  async importRows(
    workspace: string,
    id: string,
    filter: RowFilter,
  ): Promise<{ rows: RowOutcome[]; next: number | null }> {
    await ownImport(this.store, workspace, id);
    return rowOutcomes(join(this.config.reportDir, id), filter);
  }

  /** What Intake corrected in an import's rows, a page at a time. */
  async importCorrections(
    workspace: string,
    id: string,
    offset: number,
    limit: number,
  ): Promise<{ rows: CorrectionRow[]; next: number | null }> {
    await ownImport(this.store, workspace, id);
    return correctionRows(join(this.config.reportDir, id), offset, limit);
  }

  /** The files of an import as Intake reads them: sheets and members, type or UNKNOWN. */
  async importFilesOf(workspace: string, id: string): Promise<Inspection[]> {
    await ownImport(this.store, workspace, id);
    const sub = await submission(this.store, id);
    const out: Inspection[] = [];
    for (const [i, file] of sub.files.entries()) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) continue; // URLs are fetched when validated
      const o = sub.options;
      const opts = {
        encoding: o.encoding,
        delimiter: o.delimiter,
        skipLines: o.skipLines,
        sheet: o.sheet,
      };
      const read = await this.readCached(file, opts);
      const seen = describe(this.registry, read, { entity: sub.entity, mapping: o.mapping });
      out.push({ ...seen, file: sub.names?.[i] ?? file });
    }
    return out;
  }

  /**
   * Reading a file through costs seconds for a million rows; a draft's page asks for it
   * after every change of mapping. The last few reads are kept, keyed by the file (its
   * size and time) and the options that change how it reads.
   */
  private readonly reads = new Map<string, ReadFile>();

  private async readCached(path: string, opts: SourceOptions): Promise<ReadFile> {
    const st = await stat(path);
    const key = JSON.stringify([path, st.size, st.mtimeMs, opts]);
    const hit = this.reads.get(key);
    if (hit) {
      this.reads.delete(key); // most recent last
      this.reads.set(key, hit);
      return hit;
    }
    const read = await readFile(path, opts, join(this.config.dataDir, 'work'));
    this.reads.set(key, read);
    if (this.reads.size > 32) this.reads.delete(this.reads.keys().next().value!);
    return read;
  }

  rejectImport(workspace: string, id: string, actor: string, reason: string): Promise<void> {
    return rejectImport(this.lifecycle(), workspace, id, actor, reason);
  }

  cancelImport(workspace: string, id: string, actor: string): Promise<void> {
    return cancelImport(this.lifecycle(), workspace, id, actor);
  }

  getImport(workspace: string, id: string): Promise<ImportView | undefined> {
    return getImport(this.store, workspace, id);
  }

  listImports(workspace: string, filter: ImportFilter): Promise<ImportView[]> {
    return listImports(this.store, workspace, filter);
  }

  private worker?: Worker;

  /** The job worker of this process (started by `serve` and `worker`). */
  startWorker(onError?: (message: string) => void): Worker {
    const ctx = this.lifecycle();
    this.worker ??= new Worker(this.queue, {
      leaseMs: this.config.jobs.leaseMs,
      pollMs: this.config.jobs.pollMs,
      run: (job) => runJob(ctx, job),
      onError: (job, e, outcome) =>
        onError?.(
          redactCredentials(
            `job ${job.kind} of ${job.importId} (${outcome}): ${(e as Error).message}`,
          ),
        ),
      // Now and then: give orphaned imports their job back, purge expired files.
      sweep: {
        everyMs: 60_000,
        run: async () => {
          await recoverOrphans(ctx);
          await this.purgeExpired();
        },
      },
    });
    return this.worker;
  }

  async createToken(workspace: string, name: string, role: Role): ReturnType<typeof createToken> {
    await ensureWorkspace(this.store, workspace);
    return createToken(this.store, { workspace, name, role });
  }

  hasTokens(): Promise<boolean> {
    return anyToken(this.store);
  }

  findToken(secret: string): Promise<TokenInfo | undefined> {
    return findToken(this.store, secret);
  }

  listTokens(workspace: string): Promise<TokenInfo[]> {
    return listTokens(this.store, workspace);
  }

  revokeToken(workspace: string, id: string): Promise<boolean> {
    return revokeToken(this.store, workspace, id);
  }

  auditLog(workspace: string): Promise<AuditEntry[]> {
    return auditLog(this.store, workspace);
  }

  audit(entry: Parameters<typeof audit>[1]): Promise<void> {
    return audit(this.store, entry);
  }

  /** One stored record by an identifier (default: the first), or none. */
  async getRecord(
    entityName: string,
    key: string,
    workspace: string,
    by?: string,
  ): Promise<StoredRecord | undefined> {
    const entity = this.registry.get(entityName);
    const field = by ?? entity.identifiers[0]!;
    if (!entity.identifiers.includes(field)) {
      throw new IntakeError(
        'INTAKE_E_FIELD_UNKNOWN',
        `${field} is not an identifier of ${entity.qualified} (${entity.identifiers.join(', ')})`,
      );
    }
    await this.ensureTables(entity);
    for await (const page of readRecords(this.store, entity, workspace, { [field]: key }, 1)) {
      return page[0];
    }
    return undefined;
  }

  /** Stream the stored records of an entity type (SPEC I1: export), custom fields under `custom`. */
  /** An entity type's table, and the tables it references (PostgreSQL's keys need them). */
  private ensureTables(entity: EntityType): Promise<void> {
    return ensureEntityTables(this.store, withDependencies(this.registry, [entity]));
  }

  /** How many records of each entity type the workspace holds. */
  async recordCounts(workspace: string): Promise<Record<string, number>> {
    const all = this.registry.writeOrder(this.registry.entities);
    await ensureEntityTables(this.store, all);
    const out: Record<string, number> = {};
    for (const e of all) {
      const r = await this.store.db
        .selectFrom(e.table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('workspace_id', '=', workspace)
        .executeTakeFirst();
      out[e.qualified] = Number(r?.n ?? 0);
    }
    return out;
  }

  /** A page of stored records for the record browser. */
  async browseRecords(
    entityName: string,
    workspace: string,
    opts: Parameters<typeof pageRecords>[3],
  ): Promise<RecordPage> {
    const entity = this.registry.get(entityName);
    await this.ensureTables(entity);
    return pageRecords(this.store, entity, workspace, opts);
  }

  async exportRecords(
    entityName: string,
    format: ExportFormat,
    out: Writable,
    workspace = this.config.workspace,
    where: RecordFilter = {},
  ): Promise<number> {
    const entity = this.registry.get(entityName);
    await this.ensureTables(entity);
    const write = async (s: string) => {
      if (!out.write(s)) await once(out, 'drain');
    };
    const names = entity.fields.map((f) => f.name);
    let n = 0;
    if (format === 'json') await write('[');
    if (format === 'csv') await write(Papa.unparse([[...names, 'custom']]) + '\r\n');
    for await (const page of readRecords(this.store, entity, workspace, where)) {
      let chunk = '';
      for (const r of page) {
        if (format === 'csv') {
          const cells = names.map((f) => (r[f] === null ? '' : String(r[f])));
          const custom = Object.keys(r.custom as object).length ? JSON.stringify(r.custom) : '';
          chunk += Papa.unparse([[...cells, custom].map(neutralise)]) + '\r\n';
        } else if (format === 'json') {
          chunk += (n === 0 ? '\n' : ',\n') + JSON.stringify(r);
        } else {
          chunk += JSON.stringify(r) + '\n';
        }
        n++;
      }
      await write(chunk);
    }
    if (format === 'json') await write(n === 0 ? ']\n' : '\n]\n');
    return n;
  }
}
