import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { IntakeError } from '../core/codes.js';
import { resolveOptions } from '../core/options.js';
import type { CleanRow } from '../core/pipeline/clean.js';
import { ColumnProfiler } from '../core/pipeline/profile.js';
import type { Registry } from '../core/registry.js';
import { selfReference, type EntityType } from '../core/schema.js';
import { DELIMITERS } from '../sources/csv/detect.js';
import type { RowChunk } from '../sources/sheet.js';
import { createChunkCleaner } from './clean-pool.js';
import { commitImport } from '../store/commit.js';
import type { Store } from '../store/connect.js';
import { ensureEntityTables } from '../store/entity-tables.js';
import {
  addImportFile,
  clearImportRows,
  createImport,
  ensureWorkspace,
  finishImport,
  saveCounts,
  setImportPlan,
  type ImportStatus,
} from '../store/imports.js';
import { planEntity } from '../store/plan/index.js';
import { dropStaging, outcomeCounts, writesByDepth } from '../store/report-rows.js';
import { stageChunk, type StagedRow } from '../store/stage.js';
import type { AbortReason, ReportFile } from './reports.js';
import { allRefused, writeReports } from './import-report.js';

export type * from './import-types.js';
import type {
  Counts,
  FileResult,
  ImportRequest,
  ImportResult,
  Input,
  Progress,
  WriteStep,
} from './import-types.js';
import { matchField, openInputs, withDependencies } from './import-inputs.js';

/**
 * One import, start to end, as DESIGN.md draws it:
 * read -> map -> clean -> stage -> set checks -> plan -> [commit] -> reports.
 * A dry run is the same run stopped before commit (STYLE.md 13).
 */
export function newImportId(): string {
  const t = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `imp-${t}-${randomBytes(3).toString('hex')}`;
}

export async function runImport(
  store: Store,
  registry: Registry,
  req: ImportRequest,
): Promise<ImportResult> {
  await mkdir(req.workDir, { recursive: true });
  const workDir = await mkdtemp(join(req.workDir, 'import-'));
  try {
    return await runImportIn(store, registry, req, workDir);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function runImportIn(
  store: Store,
  registry: Registry,
  req: ImportRequest,
  workDir: string,
): Promise<ImportResult> {
  const user = req.options;
  const today = req.today ?? new Date().toISOString().slice(0, 10);
  const progress = req.onProgress ?? (() => {});
  const id = req.importId ?? newImportId();
  const timings: ImportResult['timings'] = { scan: 0, stage: 0, plan: 0, commit: 0, report: 0 };
  let clock = performance.now();
  const lap = (phase: Progress['phase']) => {
    const now = performance.now();
    timings[phase] += Math.round(now - clock);
    clock = now;
  };

  const { inputs, skipped } = await openInputs(registry, req, workDir);
  const entities = registry.writeOrder([...new Set(inputs.map((i) => i.entity))]);
  const options = resolveOptions(
    entities.length === 1 ? entities[0]!.defaults : undefined,
    req.configOptions ?? {},
    user,
  );
  const matches = new Map(entities.map((e) => [e.qualified, matchField(e, inputs, options)]));
  for (const [field] of Object.entries(options.referenceDefaults)) {
    if (!entities.some((e) => e.fields.some((f) => f.name === field && f.reference))) {
      throw new IntakeError(
        'INTAKE_E_FIELD_UNKNOWN',
        `--reference-default ${field}: no imported entity type has a reference field "${field}"`,
      );
    }
  }

  await ensureWorkspace(store, req.workspace);
  await ensureEntityTables(store, withDependencies(registry, entities));
  const record = {
    id,
    workspace: req.workspace,
    entities: entities.map((e) => e.qualified),
    options,
  };
  if (req.importId) {
    // An import of the service, created when its files arrived; a retried validation
    // starts from nothing.
    await clearImportRows(store, id);
    await setImportPlan(store, record);
  } else {
    await createImport(store, record);
  }
  try {
    // Pass one: count rows and learn column facts (date order) from whole columns.
    let total = 0;
    for (const input of inputs) {
      const profiler = new ColumnProfiler(input.entity, input.mapping, today);
      for await (const chunk of input.sheet.chunks()) {
        for (const row of chunk.rows) profiler.add(row);
        input.rows += chunk.rows.length;
        progress({ phase: 'scan', rows: total + input.rows, total: 0 });
      }
      total += input.rows;
      input.columns = profiler.facts();
    }

    lap('scan');

    // Pass two: clean (on worker threads when there are cores for it) and stage, chunk
    // by chunk, in file order. A few chunks are in flight so that reading, cleaning and
    // writing overlap; memory stays bounded by that depth.
    let rowNo = 0;
    for (const input of inputs) {
      const match = matches.get(input.entity.qualified)?.name;
      const cleaner = createChunkCleaner(
        {
          entity: input.entity,
          mapping: input.mapping,
          options: { ...options, match },
          facts: input.columns,
          today,
        },
        req.workers ?? 0,
      );
      const stageResults = async (chunk: RowChunk, first: number, results: CleanRow[]) => {
        const staged: StagedRow[] = results.map((r, i) => {
          const problem = chunk.problems.get(i);
          // A row the reader could not read well (a stray quote, a line that is not
          // JSON) is refused for that reason alone: its cells cannot be trusted.
          const cleaned = problem
            ? {
                values: r.values.map(() => null),
                custom: null,
                issues: [problem],
                corrections: [],
                missing: [],
              }
            : r;
          return {
            rowNo: first + i,
            fileNo: input.fileNo,
            line: chunk.lines[i]!,
            raw: chunk.rows[i]!,
            ...cleaned,
          };
        });
        await stageChunk(store, input.entity, id, staged);
        progress({ phase: 'stage', rows: first + results.length - 1, total });
      };
      const inflight: Promise<() => Promise<void>>[] = [];
      try {
        for await (const chunk of input.sheet.chunks()) {
          const first = rowNo + 1;
          rowNo += chunk.rows.length;
          const cleaned = cleaner
            .clean(chunk.rows)
            .then((results) => () => stageResults(chunk, first, results));
          cleaned.catch(() => {}); // handled when its turn comes; never an unhandled rejection
          inflight.push(cleaned);
          if (inflight.length >= cleaner.depth) await (await inflight.shift()!)();
        }
        while (inflight.length > 0) await (await inflight.shift()!)();
      } finally {
        await Promise.allSettled(inflight);
        await cleaner.close();
      }
      await addImportFile(store, {
        importId: id,
        fileNo: input.fileNo,
        name: input.facts.name,
        entity: input.entity.qualified,
        facts: input.facts,
        header: input.sheet.header,
        mapping: input.mapping,
        rows: input.rows,
      });
    }

    lap('stage');

    // Set checks and plan, referenced types first.
    progress({ phase: 'plan', rows: 0, total });
    const imported = new Set(entities.map((e) => e.qualified));
    for (const entity of entities) {
      await planEntity({
        store,
        importId: id,
        workspace: req.workspace,
        entity,
        options,
        match: matches.get(entity.qualified),
        imported,
      });
    }
    const planned = await countOutcomes(store, entities, id);
    const order = await writeOrder(store, entities, id);

    lap('plan');
    let status: ImportStatus;
    let abort: AbortReason | undefined;
    let error: string | undefined;
    let counts = planned;
    if (options.dryRun) {
      status = 'dry_run';
    } else if (req.hold && !(options.commit === 'atomic' && planned.rejected > 0)) {
      status = 'validating';
    } else if (options.commit === 'atomic' && planned.rejected > 0) {
      status = 'failed';
      error = `${planned.rejected} of ${planned.rows} rows were refused; atomic commit: nothing was written`;
      abort = {
        code: 'INTAKE_E_COMMIT_ABORTED',
        message: 'not written: other rows of this atomic import were refused',
      };
    } else {
      progress({ phase: 'commit', rows: 0, total });
      try {
        await commitImport(store, {
          importId: id,
          workspace: req.workspace,
          entities,
          mode: options.commit,
          chunkRows: req.commitChunkRows,
        });
        counts = await countOutcomes(store, entities, id);
        status = counts.rejected > 0 ? 'completed_with_issues' : 'completed';
      } catch (e) {
        status = 'failed';
        error = `the database refused the atomic commit, nothing was written: ${(e as Error).message}`;
        abort = { code: 'INTAKE_E_COMMIT_FAILED', message: error };
      }
    }
    lap('commit');
    if (abort) counts = allRefused(planned);

    progress({ phase: 'report', rows: 0, total });
    const files: ReportFile[] = inputs.map((i) => ({
      fileNo: i.fileNo,
      name: i.facts.name,
      entity: i.entity,
      header: i.sheet.header,
      // Reports are CSV whatever the source: JSON and inline sources get commas.
      delimiter: DELIMITERS.includes(i.facts.delimiter) ? i.facts.delimiter : ',',
    }));
    const result = await writeReports(store, {
      id,
      workspace: req.workspace,
      dir: join(req.reportDir, id),
      files,
      fileResults: inputs.map(fileResult),
      skipped,
      status,
      counts,
      planned,
      order,
      options,
      outcomes: options.dryRun || req.outcomes === true || req.hold === true,
      abort,
      error,
      timings,
    });
    lap('report');
    result.timings = timings;
    if (req.hold && status !== 'failed') {
      // Validated and held: staging stays for the commit step; the caller moves the status.
      await saveCounts(store, id, { counts, error });
      return result;
    }
    if (req.importId) await saveCounts(store, id, { counts, error });
    else await finishImport(store, id, { status, counts, error });
    await dropStaging(store, entities, id);
    return result;
  } catch (e) {
    // Whatever broke, the import is not left "running" and its staging is cleared.
    // (An import of the service is moved by its job, which may retry it.)
    const message = e instanceof Error ? e.message : String(e);
    if (!req.importId) {
      await finishImport(store, id, { status: 'failed', counts: null, error: message }).catch(
        () => {},
      );
    }
    await dropStaging(store, entities, id).catch(() => {});
    throw e;
  }
}

function fileResult(i: Input): FileResult {
  return {
    name: i.facts.name,
    entity: i.entity.qualified,
    rows: i.rows,
    encoding: i.facts.encoding,
    delimiter: i.facts.delimiter,
    headerLine: i.facts.headerLine,
    warnings: [
      ...i.facts.warnings,
      ...Object.entries(i.columns.dateOrders)
        .filter(([, o]) => o === 'ambiguous')
        .map(
          ([f]) =>
            `column of ${f}: day and month order cannot be told from the data; pass --date-order dmy or mdy`,
        ),
      ...i.mapping.missingRequired.map((f) => `no column maps to the required field ${f}`),
    ],
    mapping: i.mapping.columns.map((c) => ({
      header: c.header,
      field: c.field ?? null,
      method: c.method,
      confidence: c.confidence,
    })),
    unmapped: i.mapping.custom,
    dateOrders: Object.fromEntries(
      Object.entries(i.columns.dateOrders).map(([k, v]) => [k, v ?? null]),
    ),
  };
}

/** The commit's steps: entity types in write order, trees depth by depth. */
export async function writeOrder(
  store: Store,
  entities: EntityType[],
  id: string,
): Promise<WriteStep[]> {
  const order: WriteStep[] = [];
  for (const e of entities) {
    const tree = selfReference(e) !== undefined;
    for (const level of await writesByDepth(store, e, id)) {
      order.push({
        step: order.length + 1,
        entity: e.qualified,
        depth: tree ? level.depth : null,
        rows: level.rows,
      });
    }
  }
  return order;
}

export async function countOutcomes(
  store: Store,
  entities: EntityType[],
  id: string,
): Promise<Counts> {
  const c: Counts = { rows: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, rejected: 0 };
  for (const e of entities) {
    const o = await outcomeCounts(store, e, id);
    c.created += o.create ?? 0;
    c.updated += o.update ?? 0;
    c.unchanged += o.unchanged ?? 0;
    c.skipped += o.skip ?? 0;
    c.rejected += o.error ?? 0;
  }
  c.rows = c.created + c.updated + c.unchanged + c.skipped + c.rejected;
  return c;
}
