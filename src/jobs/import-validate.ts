import { rememberMapping } from '../store/mapping-memory.js';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { IntakeError } from '../core/codes.js';
import { resolveOptions, type ImportOptions } from '../core/options.js';
import { checkClearEmpty } from '../store/plan/clear.js';
import { checkVerifyOption } from '../store/plan/verify.js';
import { checkUniqueOption } from '../store/plan/identifiers.js';
import { checkLookups } from '../store/plan/lookup.js';
import { ColumnProfiler } from '../core/pipeline/profile.js';
import type { Registry } from '../core/registry.js';
import { selfReference, withUnique, type EntityType } from '../core/schema.js';
import { importOperationProblem } from '../store/plan/operations.js';
import type { FetchPolicy } from '../sources/fetch/index.js';
import type { ReaderLimits } from '../sources/limits.js';
import type { Store } from '../store/connect.js';
import { ensureEntityTables } from '../store/entity-tables.js';
import { withWorkspaceValues } from '../store/labels.js';
import { addImportFile, clearValidation, ensureWorkspace, savePlan } from '../store/imports.js';
import { planEntity } from '../store/plan/index.js';
import { plannedCounts, recordPlan, writtenRanges } from '../store/row-results.js';
import { writesByDepth } from '../store/stage.js';
import type { JobQueue } from '../store/queue.js';
import type { CleanTask } from './clean-pool.js';
import { othersStopped, splits, stageInChunks } from './stage-chunks.js';
import { stageRows } from './stage-rows.js';
import { generateRecords } from './import-generate.js';
import { createMissingOptions } from './new-options.js';
import { joinedTypes, joinLists, withMembershipOptions } from './import-joins.js';
import {
  fileProblem,
  lookupsOf,
  matchField,
  openInputs,
  withDependencies,
} from './import-inputs.js';
import { isUrl } from './import-context.js';
import { readsOf, recheckFrom, rowsToClean } from './import-recheck.js';
import type {
  FileResult,
  ImportPlan,
  Input,
  Progress,
  StagedFile,
  Timings,
  WriteStep,
} from './import-types.js';

/**
 * Validation, as DESIGN.md draws it: read -> map -> clean -> stage -> set checks ->
 * plan. The staged rows wait for the commit; the plan and every row's result go into
 * the database, where any process reports on them. A dry run is this, and no commit
 * (STYLE.md 13).
 */
export interface ValidateRequest {
  importId: string;
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
  /** Worker threads that clean rows (0: clean on the calling thread). */
  workers?: number;
  /** Limits and allowed hosts for files given as URLs. */
  fetch?: FetchPolicy;
  /** What the readers refuse (the configuration's `limits`). */
  limits?: ReaderLimits;
  /** Scratch space (archives are unpacked here); cleared when the validation ends. */
  workDir: string;
  /** YYYY-MM-DD; injected so that tests can fix "today". */
  today?: string;
  onProgress?: (p: Progress) => void;
  /** Stops the reading between chunks (a cancel, a worker shutting down). */
  signal?: AbortSignal;
  /**
   * Run from a job of a queue: a large import's rows are staged by chunks that other
   * workers share (stage-chunks.ts). Absent (the CLI): every row here.
   */
  scaleOut?: {
    queue: JobQueue;
    job: { id: string; attempts: number };
    chunkRows: number;
    helpers: number;
  };
}

export interface Validated {
  plan: ImportPlan;
  options: ImportOptions;
  entities: EntityType[];
}

export async function validateImport(
  store: Store,
  registry: Registry,
  req: ValidateRequest,
): Promise<Validated> {
  await mkdir(req.workDir, { recursive: true });
  const workDir = await mkdtemp(join(req.workDir, 'import-'));
  try {
    return await validateIn(store, registry, req, workDir);
  } catch (e) {
    // Whatever broke, nothing half-staged stays behind.
    await clearValidation(store, req.importId).catch(() => {});
    throw e;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function validateIn(
  store: Store,
  registry: Registry,
  req: ValidateRequest,
  workDir: string,
): Promise<Validated> {
  const id = req.importId;
  const today = req.today ?? new Date().toISOString().slice(0, 10);
  const progress = req.onProgress ?? (() => {});
  const timings: Timings = { scan: 0, stage: 0, plan: 0, commit: 0, report: 0 };
  let clock = performance.now();
  const lap = (phase: keyof Timings) => {
    const now = performance.now();
    timings[phase] += Math.round(now - clock);
    clock = now;
  };

  // A retried validation starts from nothing, once the workers still staging chunks of
  // the one before (when it was split) have stopped.
  if (req.scaleOut) await othersStopped(store, req.scaleOut.queue, id, req.signal);
  const opened = await openInputs(registry, req, workDir);
  const { skipped, refused } = opened;
  let inputs = opened.inputs;
  const given = registry.writeOrder([...new Set(inputs.map((i) => i.entity))]);
  const resolved = resolveOptions(
    given.length === 1 ? given[0]!.defaults : undefined,
    req.configOptions ?? {},
    req.options,
  );
  // An import that names a list writes memberships too (the campaign pack).
  const memberships = joinedTypes(registry, given, resolved);
  const options = withMembershipOptions(
    resolved,
    given.filter((e) => e.joins),
    req.options.mode,
  );
  // Types whose records the given ones generate (a card series' cards, new options)
  // are imported too.
  const types = registry.writeOrder([
    ...given,
    ...given.flatMap((e) => (e.generates ? [registry.get(e.generates.entity)] : [])),
    ...memberships,
    ...(options.createMissingOptions
      ? given.flatMap((e) =>
          e.fields.flatMap((f) => (f.optionsFrom ? [registry.get(f.optionsFrom.entity)] : [])),
        )
      : []),
  ]);
  checkUniqueOption(types, options);
  // Fields the import makes unique are checked as the pack's unique fields are.
  const entities = types.map((e) => withUnique(e, options.unique));
  const lookups = new Map(
    entities.map((e) => [
      e.qualified,
      lookupsOf(
        e,
        inputs.filter((i) => i.entity.qualified === e.qualified).map((i) => i.mapping),
        options,
      ),
    ]),
  );
  // Generated records have no file: their first identifier finds them.
  const matches = new Map(
    entities.map((e) => [
      e.qualified,
      given.some((g) => g.qualified === e.qualified)
        ? matchField(e, inputs, options)
        : e.fields.find((f) => f.name === e.identifiers[0]),
    ]),
  );
  for (const [field] of Object.entries(options.referenceDefaults)) {
    if (!entities.some((e) => e.fields.some((f) => f.name === field && f.reference))) {
      throw new IntakeError(
        'INTAKE_E_FIELD_UNKNOWN',
        `--reference-default ${field}: no imported entity type has a reference field "${field}"`,
      );
    }
  }
  const cannot = importOperationProblem(entities, options.mode);
  if (cannot) throw new IntakeError('INTAKE_E_OPERATION_UNSUPPORTED', cannot);
  checkClearEmpty(entities, options, matches);
  checkLookups(registry, entities, options);
  checkVerifyOption(entities, options);
  // One file that cannot be read: an atomic import fails whole (nothing would be
  // written anyway); a partial one goes on with the other files and reports it.
  const partial = options.commit === 'partial';
  if (refused.length > 0 && !partial) throw refused[0]!.error;
  await ensureWorkspace(store, req.workspace);
  // Tables as the packs declare them (not with the import's own unique fields).
  await ensureEntityTables(store, withDependencies(registry, types));
  // Only the user's fixes changed since the last validation: its staged rows are kept,
  // and only the rows a changed fix touches are cleaned again (import-recheck.ts). Not
  // for files at a URL: what they hold may have changed since.
  const recheck = req.files.some(isUrl)
    ? undefined
    : await recheckFrom(store, id, {
        options,
        inputs,
        entities,
        lookups: [...lookups.values()].flatMap((l) => Object.keys(l)),
      });
  if (!recheck) await clearValidation(store, id);

  // Pass one: count rows and learn column facts (date order) from whole columns. A
  // file that breaks while read is refused here, before any of its rows is staged.
  // Kept from the last validation when it is only checked again.
  let total = 0;
  recheck?.files.forEach((f, k) => {
    inputs[k]!.rows = f.rows;
    inputs[k]!.columns = recheck.facts[k]!;
    total += f.rows;
  });
  for (const input of recheck ? [] : inputs) {
    const profiler = new ColumnProfiler(input.entity, input.mapping, today);
    try {
      for await (const chunk of input.sheet.chunks()) {
        req.signal?.throwIfAborted();
        for (const row of chunk.rows) profiler.add(row);
        input.rows += chunk.rows.length;
        progress({ phase: 'scan', rows: total + input.rows, total: 0 });
      }
    } catch (e) {
      if (!partial || inputs.length + refused.length < 2 || !fileProblem(e)) throw e;
      refused.push({ name: input.facts.name, error: e });
      input.rows = -1;
      continue;
    }
    total += input.rows;
    input.columns = profiler.facts();
  }
  inputs = inputs.filter((i) => i.rows >= 0);
  if (inputs.length === 0) throw refused[0]!.error;
  lap('scan');

  // Pass two: clean and stage. A large import on a queue is split into chunks that any
  // worker stages (stage-chunks.ts); otherwise each file in turn, here.
  const tasks = new Map<number, CleanTask>();
  for (const input of inputs) {
    tasks.set(input.fileNo, {
      file: input.facts.name,
      // The workspace's labels and options, with those of files staged before.
      entity: input.entity,
      mapping: input.mapping,
      options: {
        ...options,
        match: matches.get(input.entity.qualified)?.name,
        lookup: lookups.get(input.entity.qualified),
      },
      facts: input.columns,
      today,
    });
  }
  const split = !recheck && req.scaleOut && splits(req, total);
  if (split) {
    await stageInChunks(store, registry, {
      importId: id,
      workspace: req.workspace,
      inputs,
      tasks,
      chunkRows: req.scaleOut!.chunkRows,
      helpers: req.scaleOut!.helpers,
      queue: req.scaleOut!.queue,
      me: req.scaleOut!.job,
      workers: req.workers ?? 0,
      signal: req.signal,
      onStaged: (rows) => progress({ phase: 'stage', rows, total }),
    });
  }
  let rowNo = 0;
  const staged: StagedFile[] = [];
  for (const [k, input] of inputs.entries()) {
    if (!split) {
      const base = rowNo;
      const task = {
        ...tasks.get(input.fileNo)!,
        entity: await withWorkspaceValues(store, req.workspace, id, input.entity, input.fileNo),
      };
      const reads = readsOf(task);
      await stageRows(store, {
        importId: id,
        fileNo: input.fileNo,
        entity: input.entity,
        task,
        workers: req.workers ?? 0,
        chunks: input.sheet.chunks(),
        firstRowNo: base + 1,
        signal: req.signal,
        onStaged: (n) => progress({ phase: 'stage', rows: base + n, total }),
        only: recheck && rowsToClean(recheck, k, task, reads),
      });
      staged.push({
        fileNo: input.fileNo,
        name: input.facts.name,
        entity: input.entity.qualified,
        rows: input.rows,
        reads,
      });
    }
    rowNo += input.rows;
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
  const asking = {
    importId: id,
    workspace: req.workspace,
    types: inputs
      .filter((i, n) => inputs.findIndex((x) => x.entity.qualified === i.entity.qualified) === n)
      .map((i) => ({ entity: i.entity, fileName: i.facts.name })),
    firstRowNo: rowNo + 1,
    firstFileNo: Math.max(0, ...inputs.map((i) => i.fileNo)) + 1,
  };
  const generated = await generateRecords(store, registry, asking);
  /** Rows the import made itself so far: they are numbered after the files' rows. */
  const generatedRows = () => generated.reduce((n, g) => n + g.rows, 0);
  if (options.createMissingOptions) {
    generated.push(
      ...(await createMissingOptions(store, registry, {
        ...asking,
        firstRowNo: asking.firstRowNo + generatedRows(),
        firstFileNo: asking.firstFileNo + generated.length,
      })),
    );
  }
  const joined = await joinLists(store, registry, options, {
    ...asking,
    firstRowNo: asking.firstRowNo + generatedRows(),
    firstFileNo: asking.firstFileNo + generated.length,
  });
  generated.push(...joined);
  lap('stage');

  // Set checks and plan, referenced types first; then every row's result is kept.
  progress({ phase: 'plan', rows: 0, total });
  const plannedUpTo = await highestIds(store, entities);
  const imported = new Set(entities.map((e) => e.qualified));
  const tables = await store.db.selectFrom('intake_entity_table').select('table_name').execute();
  const existing = new Set(tables.map((t) => t.table_name));
  for (const entity of entities) {
    await planEntity({
      referencing: registry.referencing(entity).filter(([o]) => existing.has(o.table)),
      store,
      importId: id,
      workspace: req.workspace,
      entity,
      options: { ...options, lookup: lookups.get(entity.qualified) },
      match: matches.get(entity.qualified),
      imported,
    });
  }
  const keepWritten = (await writtenRanges(store.db, id)).length > 0;
  for (const entity of entities) {
    await recordPlan(store, entity, id, matches.get(entity.qualified), keepWritten);
  }
  // Row results, problems and corrections of a large import were just written: without
  // statistics that say so, PostgreSQL plans the reports' keyset pages as for an empty
  // table, a sort of the whole import per page (1M rows with 1.9M corrections: 140 s of
  // reports; a few seconds with them).
  const written = rowNo + generatedRows();
  for (const table of ['intake_row', 'intake_issue', 'intake_correction']) {
    await store.profile.refreshStatistics(store.db, table, written);
  }
  const order = await writeOrder(store, entities, id);
  lap('plan');
  const plan: ImportPlan = {
    files: [...inputs.map(fileResult), ...generated.map((g) => g.file)],
    skipped: [
      ...skipped,
      ...refused.map((r) => ({ name: r.name, reason: r.error.message, code: r.error.code })),
    ],
    planned: await plannedCounts(store, id),
    order,
    keys: Object.fromEntries(
      entities.map((e) => [e.qualified, matches.get(e.qualified)?.name ?? null]),
    ),
    plannedUpTo,
    timings,
    ...(split ? {} : { staged }),
    ...(recheck ? { rechecked: recheck.cleaned } : {}),
  };
  await savePlan(store, id, {
    entities: entities.map((e) => e.qualified),
    options,
    plan,
    counts: plan.planned,
  });
  // The mapping and options that read these columns, offered to the next file like them.
  for (const i of inputs) {
    await rememberMapping(store, {
      workspace: req.workspace,
      entity: i.entity.qualified,
      header: i.sheet.header,
      options: req.options,
      importId: id,
    });
  }
  return { plan, options, entities };
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

/** The highest record id of each entity type, when the plan is made. */
async function highestIds(store: Store, entities: EntityType[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const e of entities) {
    const r = await store.db
      .selectFrom(e.table)
      .select((eb) => eb.fn.max('id').as('m'))
      .executeTakeFirst();
    out[e.qualified] = Number(r?.m ?? 0);
  }
  return out;
}

/** The commit's steps: entity types in write order, trees depth by depth. */
async function writeOrder(store: Store, entities: EntityType[], id: string): Promise<WriteStep[]> {
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
