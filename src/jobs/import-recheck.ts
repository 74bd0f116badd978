import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { ColumnFacts } from '../core/pipeline/clean.js';
import { fileFixes, fixCells, type Fix } from '../core/pipeline/fixes.js';
import type { ImportOptions } from '../core/options.js';
import type { EntityType } from '../core/schema.js';
import type { Store } from '../store/connect.js';
import { readJson } from '../store/json.js';
import { forgetPlan, rewrittenRows, rowsWithProblemsOf, stagedFileRows } from '../store/recheck.js';
import { writtenRanges } from '../store/row-results.js';
import type { CleanTask } from './clean-pool.js';
import type { ImportPlan, Input, StagedFile } from './import-types.js';

/**
 * A validation again after the user's fixes only (issue 17: "only the edited rows
 * re-checked, fast"). When nothing but `options.fixes` changed since the last validation,
 * and its staging is whole, the rows it staged are kept: the files are read again (cheap)
 * but only the rows a changed fix touches are cleaned and staged again, then the set
 * checks and the plan run over every row as they always do (they are global: a fixed
 * e-mail can make another row a duplicate). The result is the one a whole validation
 * would give; tests compare the two.
 *
 * A file is cleaned again whole when what its rows were read with changed: the entity
 * type, the workspace's labels and options (or those an earlier file of the import
 * declares), the mapping, the column facts or the day (`reads`).
 */
export interface Recheck {
  files: StagedFile[];
  /** Column facts of each file, as the last validation learnt them (no scan again). */
  facts: ColumnFacts[];
  /** The rows to clean again, whatever their file: rewritten by the plan, or a problem fix's. */
  rows: Set<number>;
  /** Fixes added, taken back or changed since the last validation. */
  changed: Fix[];
  before: Fix[];
  /** Rows cleaned again so far. */
  cleaned: number;
}

/** A fingerprint of what a file's rows are cleaned with. */
export function readsOf(task: CleanTask): string {
  const { entity, mapping, facts, today } = task;
  return createHash('sha256')
    .update(JSON.stringify({ entity, mapping, facts, today }, sortedKeys))
    .digest('hex');
}

/** Objects with their keys in one order: the facts come back from JSON (jsonb) reordered. */
function sortedKeys(_key: string, value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The last validation's staging, when this validation can keep it: only the fixes
 * differ, the same files give the same inputs, nothing is written, every row is staged.
 * Then what its plan made is forgotten (the plan runs again) and the import's plan is
 * cleared first, so that a validation that stops half-way is never taken for whole.
 */
export async function recheckFrom(
  store: Store,
  id: string,
  now: { options: ImportOptions; inputs: Input[]; entities: EntityType[]; lookups: string[] },
): Promise<Recheck | undefined> {
  const row = await store.db
    .selectFrom('intake_import')
    .select(['options', 'plan'])
    .where('id', '=', id)
    .executeTakeFirst();
  const plan = row?.plan ? readJson<ImportPlan>(row.plan) : undefined;
  const files = plan?.staged;
  if (!files || !row?.options) return undefined;
  const before = readJson<ImportOptions>(row.options);
  const same =
    isDeepStrictEqual(withoutFixes(before), withoutFixes(now.options)) &&
    files.length === now.inputs.length &&
    files.every(
      (f, k) =>
        f.fileNo === now.inputs[k]!.fileNo &&
        f.name === now.inputs[k]!.facts.name &&
        f.entity === now.inputs[k]!.entity.qualified,
    );
  if (!same || (await writtenRanges(store.db, id)).length > 0) return undefined;
  const fileRows = files.reduce((n, f) => n + f.rows, 0);
  if ((await stagedFileRows(store, id, now.entities, fileRows)) !== fileRows) return undefined;

  const changed = difference(before.fixes ?? [], now.options.fixes ?? []);
  const problems = changed.flatMap((f) => (f.kind === 'problem' ? [f.field] : []));
  const rows = new Set([
    ...(await rewrittenRows(store, id, now.lookups)),
    ...(await rowsWithProblemsOf(store, id, [...new Set(problems)])),
  ]);
  await store.db.updateTable('intake_import').set({ plan: null }).where('id', '=', id).execute();
  await forgetPlan(store, id, now.entities, fileRows);
  return {
    files,
    facts: plan.files.slice(0, files.length).map((f) => ({
      dateOrders: Object.fromEntries(
        Object.entries(f.dateOrders).map(([k, v]) => [k, v ?? undefined]),
      ) as ColumnFacts['dateOrders'],
    })),
    rows,
    changed,
    before: before.fixes ?? [],
    cleaned: 0,
  };
}

/**
 * Which rows of one file to clean again: all of them when what they are read with
 * changed; else those `r.rows` names and those whose cells a changed edit or replacement
 * makes different.
 */
export function rowsToClean(
  r: Recheck,
  k: number,
  task: CleanTask,
  /** readsOf(task) */
  reads: string,
): (rowNo: number, line: number, cells: string[]) => boolean {
  const count = (yes: boolean) => {
    if (yes) r.cleaned++;
    return yes;
  };
  if (reads !== r.files[k]!.reads) return () => count(true);
  const cellsChanged = r.changed.some((f) => f.kind !== 'problem');
  const was = fileFixes(r.before, task.file, task.mapping);
  const now = fileFixes(task.options.fixes, task.file, task.mapping);
  return (rowNo, line, cells) => {
    if (r.rows.has(rowNo)) return count(true);
    if (!cellsChanged) return false;
    const a = [...cells];
    const b = [...cells];
    if (was) fixCells(was, line, a);
    if (now) fixCells(now, line, b);
    return count(a.length !== b.length || a.some((c, i) => c !== b[i]));
  };
}

function withoutFixes(o: ImportOptions): unknown {
  // As saved: through JSON, which drops what is undefined.
  const plain = JSON.parse(JSON.stringify(o)) as Partial<ImportOptions>;
  delete plain.fixes;
  return plain;
}

/** Fixes in one list and not the other, either way. */
function difference(a: Fix[], b: Fix[]): Fix[] {
  const key = (f: Fix) => JSON.stringify(f, sortedKeys);
  const inA = new Set(a.map(key));
  const inB = new Set(b.map(key));
  return [...a.filter((f) => !inB.has(key(f))), ...b.filter((f) => !inA.has(key(f)))];
}
