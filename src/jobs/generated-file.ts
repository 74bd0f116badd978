import type { Issue } from '../core/pipeline/clean.js';
import type { EntityType, Value } from '../core/schema.js';
import type { Store } from '../store/connect.js';
import { addImportFile } from '../store/imports.js';
import { stageChunk, type StagedRow } from '../store/stage.js';
import type { FileResult } from './import-types.js';

/** What makes generated files: the import, its types with their files, where numbering goes on. */
export interface GenerateRequest {
  importId: string;
  workspace: string;
  /** The import's types, with the file name of their rows. */
  types: { entity: EntityType; fileName: string }[];
  firstRowNo: number;
  firstFileNo: number;
}

/** A row an import makes. */
export interface GeneratedRow {
  line: number;
  cells: Record<string, Value | null>;
  op?: 'create' | 'update';
  issues?: Issue[];
}

/** A generated file of an import, as its plan lists it. */
export interface Generated {
  entity: EntityType;
  file: FileResult;
  rows: number;
}

/**
 * Rows an import makes itself (a series' cards, new options of a selection), staged
 * as rows of their type in a file of their own, named after the file that asked for
 * them (`card-series.generated-card.csv`): the plan checks them and every report lists
 * them, row by row, like the rows of any file. Each has its own operation, whatever
 * the import's.
 */
export class GeneratedFile {
  private made = 0;
  readonly header: string[];

  constructor(
    private readonly store: Store,
    private readonly importId: string,
    readonly entity: EntityType,
    /** The file that asked for the rows. */
    private readonly from: string,
    readonly fileNo: number,
    /** The fields the rows fill, in this order. */
    header: string[],
    private rowNo: number,
  ) {
    this.header = header;
  }

  get rows(): number {
    return this.made;
  }

  get nextRowNo(): number {
    return this.rowNo;
  }

  /**
   * Stage rows (field -> value), each at the line of the row that asked for it; made
   * to be created unless a row says otherwise (a membership moved is an update), with
   * the reasons it is skipped, if any.
   */
  async add(rows: GeneratedRow[]): Promise<void> {
    if (rows.length === 0) return;
    const staged = rows.map(({ line, cells, op, issues }): StagedRow => ({
      rowNo: this.rowNo++,
      fileNo: this.fileNo,
      line,
      values: this.entity.fields.map((f) => cells[f.name] ?? null),
      custom: null,
      raw: this.header.map((h) => (cells[h] == null ? '' : String(cells[h]))),
      missing: [],
      op: op ?? 'create',
      issues: issues ?? [],
      corrections: [],
    }));
    await stageChunk(this.store, this.entity, this.importId, staged);
    this.made += rows.length;
  }

  /** The file's record, once its rows are staged; undefined when it has none. */
  async close(): Promise<FileResult | undefined> {
    if (this.made === 0) return undefined;
    const name = `${this.from.replace(/\.[^.]*$/, '')}.generated-${this.entity.name.replace(/_/g, '-')}.csv`;
    const mapping = this.header.map((h) => ({
      header: h,
      field: h,
      method: 'exact',
      confidence: 1,
    }));
    const facts = { name, encoding: 'utf-8', delimiter: ',', headerLine: 1, warnings: [] };
    await addImportFile(this.store, {
      importId: this.importId,
      fileNo: this.fileNo,
      name,
      entity: this.entity.qualified,
      facts,
      header: this.header,
      mapping: { columns: mapping.map((m, index) => ({ ...m, index })), custom: [] },
      rows: this.made,
    });
    return {
      ...facts,
      entity: this.entity.qualified,
      rows: this.made,
      mapping,
      unmapped: [],
      dateOrders: {},
    };
  }
}
