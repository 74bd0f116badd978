import type { Writable } from 'node:stream';
import { once } from 'node:events';
import Papa from 'papaparse';
import { IntakeError } from '../core/codes.js';
import { neutralise } from '../core/neutralise.js';
import type { Registry } from '../core/registry.js';
import type { EntityType } from '../core/schema.js';
import { withDependencies } from '../jobs/import-inputs.js';
import { inspectFile, type Inspection } from '../jobs/inspect.js';
import type { ReaderLimits } from '../sources/limits.js';
import { writeTemplate, type TemplateFormat } from '../jobs/templates.js';
import type { SourceOptions } from '../sources/open.js';
import type { Store } from '../store/connect.js';
import { ensureEntityTables } from '../store/entity-tables.js';
import {
  pageRecords,
  readRecords,
  type RecordFilter,
  type RecordPage,
  type StoredRecord,
} from '../store/records.js';

export type ExportFormat = 'csv' | 'json' | 'ndjson';
export type { TemplateFormat } from '../jobs/templates.js';

/**
 * Entity types and their records (SPEC E1, F4, I1): what packs declare, blank
 * templates, what a file holds before it is imported, and the stored records: one,
 * a page, or all of them streamed.
 */
export class RecordService {
  constructor(
    private readonly store: Store,
    private readonly registry: Registry,
    private readonly scratch: string,
    private readonly defaultWorkspace: string,
    private readonly limits?: ReaderLimits,
  ) {}

  entities(): EntityType[] {
    return this.registry.entities;
  }

  entity(name: string): EntityType {
    return this.registry.get(name);
  }

  /** What a file holds: sheets or ZIP members with their entity type and rows (SPEC F3). */
  inspect(path: string, opts: SourceOptions = {}): Promise<Inspection> {
    return inspectFile(this.registry, path, opts, this.scratch, {}, this.limits);
  }

  /** A blank template of an entity type (SPEC F4). */
  async writeTemplate(entityName: string, format: TemplateFormat, path: string): Promise<void> {
    await writeTemplate(this.registry.get(entityName), format, path, (q) => this.registry.get(q));
  }

  /** An entity type's table, and the tables it references (PostgreSQL's keys need them). */
  private ensureTables(entity: EntityType): Promise<void> {
    return ensureEntityTables(this.store, withDependencies(this.registry, [entity]));
  }

  /** One stored record by an identifier (default: the first), or none. */
  async get(
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

  /** How many records of each entity type the workspace holds. */
  async counts(workspace: string): Promise<Record<string, number>> {
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
  async browse(
    entityName: string,
    workspace: string,
    opts: Parameters<typeof pageRecords>[3],
  ): Promise<RecordPage> {
    const entity = this.registry.get(entityName);
    await this.ensureTables(entity);
    return pageRecords(this.store, entity, workspace, opts);
  }

  /** Stream the stored records of an entity type (SPEC I1: export), custom fields under `custom`. */
  async export(
    entityName: string,
    format: ExportFormat,
    out: Writable,
    workspace = this.defaultWorkspace,
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
