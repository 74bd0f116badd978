import { IntakeError } from '../core/codes.js';
import type { ImportOptions } from '../core/options.js';
import type { Registry } from '../core/registry.js';
import { OPERATION_OUTCOMES, RECORD_OPERATIONS } from '../core/operations.js';
import type { EntityType, FieldDef } from '../core/schema.js';
import { commitImport } from '../store/commit.js';
import type { Store } from '../store/connect.js';
import { readJson } from '../store/json.js';
import { writes } from '../store/row-results.js';
import type { ImportPlan, Progress } from './import-types.js';

/**
 * The second step of a validated import (SPEC J1, C1): its rows wait in staging with
 * their plan; this writes them. It is safe to run twice: an atomic commit marks the
 * import in its own transaction, and a partial one records each chunk it wrote in the
 * chunk's transaction, so a retry after a crash writes nothing twice. What was written
 * is read back from the database afterwards (counts), never assumed.
 */
export interface HeldCommit {
  importId: string;
  /** Key of the stable hashes anonymize writes (from the secret key). */
  hashKey: string;
  commitChunkRows?: number;
  onProgress?: (p: Progress) => void;
}

export interface StoredImport {
  workspace: string;
  entities: string[];
  options: ImportOptions;
  plan: ImportPlan;
  committed: boolean;
}

export async function storedImport(store: Store, id: string): Promise<StoredImport> {
  const row = await store.db
    .selectFrom('intake_import')
    .select(['workspace_id', 'entities', 'options', 'plan', 'committed_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new IntakeError('INTAKE_E_NOT_FOUND', `no import ${id}`);
  return {
    workspace: row.workspace_id,
    entities: String(row.entities).split(',').filter(Boolean),
    options: readJson<ImportOptions>(row.options),
    plan: readJson<ImportPlan>(row.plan),
    committed: row.committed_at !== null,
  };
}

/** The types whose records referencing a record of `e` go with it, with that field. */
export function cascadesOf(registry: Registry, e: EntityType): [EntityType, FieldDef][] {
  return e.cascade.map((q) => {
    const child = registry.get(q);
    return [child, child.fields.find((f) => f.reference?.entity === e.qualified)!];
  });
}

export async function commitHeld(
  store: Store,
  registry: Registry,
  req: HeldCommit,
): Promise<{ ms: number }> {
  const id = req.importId;
  const stored = await storedImport(store, id);
  const started = performance.now();
  if (!(stored.options.commit === 'atomic' && stored.committed)) {
    const total = writes(stored.plan.planned);
    let written = 0;
    req.onProgress?.({ phase: 'commit', rows: 0, total });
    await commitImport(store, {
      importId: id,
      workspace: stored.workspace,
      entities: stored.entities.map((e) => registry.get(e)),
      mode: stored.options.commit,
      options: stored.options,
      keys: stored.plan.keys ?? {},
      plannedUpTo: stored.plan.plannedUpTo ?? {},
      hashKey: req.hashKey,
      operations: new Set(
        RECORD_OPERATIONS.filter((op) => (stored.plan.planned[OPERATION_OUTCOMES[op]] ?? 0) > 0),
      ),
      referencing: Object.fromEntries(
        stored.entities.map((q) => [
          q,
          [...new Set(registry.referencing(registry.get(q)).map(([o]) => o.qualified))],
        ]),
      ),
      targets: Object.fromEntries(
        stored.entities.flatMap((q) => {
          const target = registry.appliesTo(registry.get(q));
          return target ? [[q, target]] : [];
        }),
      ),
      cascades: Object.fromEntries(
        stored.entities.map((q) => [q, cascadesOf(registry, registry.get(q))]),
      ),
      chunkRows: req.commitChunkRows,
      cancellable: true,
      onChunk: (n) => req.onProgress?.({ phase: 'commit', rows: (written += n), total }),
    });
  }
  return { ms: Math.round(performance.now() - started) };
}
