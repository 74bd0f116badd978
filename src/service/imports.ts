import { rememberedMapping } from '../store/mapping-memory.js';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { IntakeError } from '../core/codes.js';
import type { ImportOptions } from '../core/options.js';
import type { Config } from '../config/index.js';
import {
  isUrl,
  ownImport,
  submission,
  type DraftChange,
  type ImportContext,
  type ImportSubmission,
} from '../jobs/import-context.js';
import {
  approveImport,
  cancelImport,
  purgeExpired,
  recoverOrphans,
  rejectImport,
  reopenImport,
  replayImport,
} from '../jobs/import-decisions.js';
import { importSummary, openReport, renderReports, reportNames } from '../jobs/import-report.js';
import { newImportId, runHere, type ImportResult, type Progress } from '../jobs/import-run.js';
import {
  checkRemoteSources,
  startDraft,
  submitImport,
  updateDraft,
  settleDraft,
} from '../jobs/import-submit.js';
import { mappingGaps } from '../jobs/draft-gaps.js';
import { undoJob } from '../jobs/import-undo.js';
import { previewUndo, requestUndo, type UndoPreview } from '../jobs/import-undo.js';
import { DraftReads } from '../jobs/draft-reads.js';
import { firstRows } from '../jobs/first-rows.js';
import { describe, type Inspection } from '../jobs/inspect.js';
import { checkReportLink } from '../jobs/report-links.js';
import { correctionRows, problemRows, rowOutcomes, type RowFilter } from '../jobs/row-pages.js';
import { stepsAllowed } from '../store/import-status.js';
import type { Role } from '../store/tokens.js';
import {
  getImport,
  listImports,
  type ImportFilter,
  type ImportView,
} from '../store/import-queries.js';

/**
 * Imports, from every entry point (SPEC J1, I1, I2): submitted and run as jobs by the
 * service, or run here by the CLI through the same steps; read, paged, reported on,
 * decided about and undone. One service: the HTTP routes and the CLI both call it.
 */
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
  onProgress?: (p: Progress) => void;
}

export type LocalResult = ImportResult & { reports: NonNullable<ImportResult['reports']> };

export class ImportService {
  /** Draft files as read, for their pages: large ones answered from their first rows. */
  private readonly reads: DraftReads;

  constructor(
    private readonly ctx: ImportContext,
    private readonly config: Config,
    /** Tells the worker of this process that a job waits (none in the CLI). */
    private readonly poke: () => void,
  ) {
    this.reads = new DraftReads(ctx.workDir, ctx.base.limits);
  }

  /** Background reads of large drafts stop. */
  close(): Promise<void> {
    return this.reads.close();
  }

  /** Large drafts' files have been read through (their rows counted, not estimated). */
  draftsRead(): Promise<void> {
    return this.reads.settled();
  }

  /** Who runs what the CLI runs: the CLI and the operating system's user. */
  private static cliActor(): string {
    try {
      return `cli:${userInfo().username}`;
    } catch {
      return 'cli';
    }
  }

  newId(): string {
    return newImportId();
  }

  /** Where the files of a new import are kept until its jobs have run. */
  uploadDir(id: string): string {
    return join(this.ctx.uploadRoot, id);
  }

  /** The largest file the HTTP API takes. */
  get uploadMaxBytes(): number {
    return this.config.uploadMaxBytes;
  }

  /** URLs a client names over the API: http, https, ftp, sftp; never a local path. */
  checkRemoteSources(urls: string[]): void {
    checkRemoteSources(urls);
  }

  /**
   * A new import, validated then committed by jobs; returns at once with its id, or
   * with an earlier import's when this is the same submission again.
   */
  async submit(
    id: string,
    sub: ImportSubmission,
  ): Promise<{ id: string; duplicateOf?: 'idempotency-key' | 'same-files' }> {
    const r = await submitImport(this.ctx, id, sub);
    if (sub.draft && !r.duplicateOf) await this.settleDraft(sub.workspace, r.id);
    this.poke();
    return r;
  }

  /**
   * An import run here, start to end (the CLI): created, validated, decided and
   * committed through the service's own steps, then its reports rendered into
   * `<reportDir>/<id>`.
   */
  async run(call: ImportCall): Promise<LocalResult> {
    const files = call.files ?? [];
    if (files.length === 0 && call.inline === undefined) {
      throw new IntakeError(
        'INTAKE_E_USAGE',
        'give at least one file to import, or --inline records',
      );
    }
    // A bare name two packs share (customer) is settled per file, by its headers.
    if (call.entity) this.ctx.registry.candidates(call.entity);
    const ctx: ImportContext = {
      ...this.ctx,
      base: { ...this.ctx.base, ...(call.today ? { today: call.today } : {}) },
      commitChunkRows: call.commitChunkRows ?? this.ctx.commitChunkRows,
    };
    return (await runHere(ctx, {
      files,
      inline: call.inline,
      entity: call.entity,
      workspace: call.workspace ?? this.config.workspace,
      actor: ImportService.cliActor(),
      options: call.options ?? {},
      outcomes: call.outcomes,
      reportDir: this.config.reportDir,
      onProgress: call.onProgress,
      backoffMs: this.config.jobs.backoffMs,
      maxAttempts: this.config.jobs.maxAttempts,
    })) as LocalResult;
  }

  async get(workspace: string, id: string): Promise<ImportView | undefined> {
    const view = await getImport(this.ctx.store, workspace, id);
    return view && { ...view, steps: await stepsAllowed(this.ctx.store, id) };
  }

  list(workspace: string, filter: ImportFilter): Promise<ImportView[]> {
    return listImports(this.ctx.store, workspace, filter);
  }

  /** What an import's summary says (summary.json). */
  async summary(workspace: string, id: string): Promise<ImportResult> {
    await ownImport(this.ctx.store, workspace, id);
    return importSummary(this.ctx.store, id);
  }

  async approve(
    workspace: string,
    id: string,
    actor: string,
    confirmErase?: number,
    role?: Role,
  ): Promise<void> {
    await approveImport(this.ctx, workspace, id, actor, confirmErase, role);
    this.poke();
  }

  reject(workspace: string, id: string, actor: string, reason: string): Promise<void> {
    return rejectImport(this.ctx, workspace, id, actor, reason);
  }

  cancel(workspace: string, id: string, actor: string): Promise<void> {
    return cancelImport(this.ctx, workspace, id, actor);
  }

  async replay(workspace: string, id: string, actor: string, change: DraftChange): Promise<void> {
    await replayImport(this.ctx, workspace, id, actor, change);
    this.poke();
  }

  /** A validated import back to its mapping, a draft again (issue 17). */
  async reopen(workspace: string, id: string, actor: string): Promise<void> {
    await reopenImport(this.ctx, workspace, id, actor);
    await this.settleDraft(workspace, id);
  }

  async updateDraft(
    workspace: string,
    id: string,
    actor: string,
    change: DraftChange,
  ): Promise<void> {
    await updateDraft(this.ctx, workspace, id, actor, change);
    await this.settleDraft(workspace, id);
  }

  /** A draft is incomplete, or a draft again, as its mapping now says (SPEC J1). */
  private async settleDraft(workspace: string, id: string): Promise<void> {
    const sub = await submission(this.ctx.store, id);
    let files;
    try {
      files = await this.files(workspace, id);
    } catch (e) {
      // A file that cannot be read is said where its files are read (and by validation);
      // the draft stays as it is.
      if (e instanceof IntakeError) return;
      throw e;
    }
    await settleDraft(this.ctx, id, mappingGaps(this.ctx.registry, files, sub.options));
  }

  async startDraft(workspace: string, id: string, actor: string): Promise<void> {
    await startDraft(this.ctx, workspace, id, actor);
    this.poke();
  }

  /** What an undo would do, without doing it. */
  previewUndo(workspace: string, id: string, force = false): Promise<UndoPreview> {
    return previewUndo(this.ctx, workspace, id, force);
  }

  /** An approver takes an import back: the undo runs as a job (SPEC C4). */
  async undo(workspace: string, id: string, actor: string, force = false): Promise<void> {
    await requestUndo(this.ctx, workspace, id, actor, force);
    this.poke();
  }

  /**
   * The CLI's undo: the same steps, run here; the import's reports (with undo.csv) are
   * rendered again into its report folder.
   */
  async undoHere(
    workspace: string,
    id: string,
    force = false,
  ): Promise<{ view: ImportView; reports: string }> {
    await requestUndo(this.ctx, workspace, id, ImportService.cliActor(), force, {
      inProcess: true,
    });
    await undoJob(this.ctx, id, { n: 1, max: 1 }, { inProcess: true, rethrow: true });
    const dir = join(this.config.reportDir, id);
    await renderReports(this.ctx.store, id, dir, { outcomes: false });
    return { view: (await this.get(workspace, id))!, reports: dir };
  }

  /** Row outcomes of an import, a page at a time, from its row results. */
  async rows(workspace: string, id: string, filter: RowFilter) {
    await ownImport(this.ctx.store, workspace, id);
    return rowOutcomes(this.ctx.store, id, filter);
  }

  /** The problems of an import's rows, by code and field, with their row counts. */
  async problems(workspace: string, id: string) {
    await ownImport(this.ctx.store, workspace, id);
    return problemRows(this.ctx.store, id);
  }

  /** What Intake corrected in an import's rows, a page at a time. */
  async corrections(
    workspace: string,
    id: string,
    page: { offset?: number; after?: string; limit: number },
  ) {
    await ownImport(this.ctx.store, workspace, id);
    return correctionRows(this.ctx.store, id, page);
  }

  /** Every report of an import, rendered from the database into a folder (the CLI). */
  async renderReports(
    workspace: string,
    id: string,
    opts: { dir?: string; outcomes?: boolean } = {},
  ): Promise<NonNullable<ImportResult['reports']>> {
    await ownImport(this.ctx.store, workspace, id);
    const dir = opts.dir ?? join(this.config.reportDir, id);
    return renderReports(this.ctx.store, id, dir, { outcomes: opts.outcomes ?? true });
  }

  /** The reports an import has now (rendered from the database when asked). */
  async reports(workspace: string, id: string): Promise<string[]> {
    await ownImport(this.ctx.store, workspace, id);
    return reportNames(this.ctx.store, id);
  }

  /** One report of an import: NOT_FOUND at once, else a writer of it to a stream. */
  async report(
    workspace: string,
    id: string,
    name: string,
  ): Promise<(out: Writable) => Promise<void>> {
    await ownImport(this.ctx.store, workspace, id);
    return openReport(this.ctx.store, id, name);
  }

  /** The workspace a signed report link opens, or an error saying why it does not. */
  checkReportLink(
    importId: string,
    name: string,
    query: { w?: string; expires?: string; sig?: string },
  ): string {
    return checkReportLink(this.ctx.secrets, { importId, name }, query);
  }

  /** The files of an import as Intake reads them: sheets and members, type or UNKNOWN. */
  async files(workspace: string, id: string): Promise<Inspection[]> {
    await ownImport(this.ctx.store, workspace, id);
    const sub = await submission(this.ctx.store, id);
    const out: Inspection[] = [];
    for (const [i, file] of sub.files.entries()) {
      if (isUrl(file)) continue; // URLs are fetched when validated
      const o = sub.options;
      const opts = {
        encoding: o.encoding,
        delimiter: o.delimiter,
        skipLines: o.skipLines,
        sheet: o.sheet,
        headerRow: o.headerRow,
        headerRows: o.headerRows,
      };
      const read = await this.reads.get(file, opts);
      const seen = await describe(
        this.ctx.registry,
        read,
        { entity: sub.entity, mapping: o.mapping, unmapped: o.unmapped },
        (entity, mapping, head) =>
          firstRows(this.ctx, { workspace, importId: id, options: o }, entity, mapping, head),
      );
      for (const sheet of seen.sheets) {
        if (sheet.entity === 'UNKNOWN') continue;
        const remembered = await rememberedMapping(
          this.ctx.store,
          workspace,
          sheet.entity,
          sheet.header,
        );
        // The import's own validation is no offer; another's is.
        if (remembered && remembered.importId !== id) sheet.remembered = remembered;
      }
      out.push({ ...seen, file: sub.names?.[i] ?? file });
    }
    return out;
  }

  /** Imports whose job was lost in a crash get it back (the worker does this every minute). */
  recoverOrphans(quietMs?: number, now?: Date): Promise<string[]> {
    return recoverOrphans(this.ctx, quietMs, now);
  }

  /** Remove the files and staged rows of imports past their replay time, row results later. */
  purgeExpired(now?: Date): Promise<string[]> {
    return purgeExpired(this.ctx, (id) => this.uploadDir(id), now);
  }
}
