import { sql, type RawBuilder } from 'kysely';

/** Naming of generated tables and indexes, in one place. */
export const stageTable = (e: { table: string }): string => `intake_stage_${e.table}`;

export const id = (name: string): RawBuilder<unknown> => sql.id(name);

/** Columns a staging table has besides the entity's fields. */
export const STAGE_META = ['import_id', 'row_no', 'file_no', 'line'] as const;
