import type { paths } from './api.gen';

/**
 * The shapes of the API's answers that the UI reads: taken from the types generated
 * from /openapi.json (api.gen.ts, `npm run api-types`), never copied by hand. A test
 * fails when api.gen.ts is not what the server describes.
 */
type Json<
  P extends keyof paths,
  M extends 'get' | 'post' | 'patch' | 'put',
  S extends number,
> = paths[P][M] extends { responses: Record<S, { content: { 'application/json': infer T } }> }
  ? T
  : never;

export type EntityInfo = Json<'/entity-types', 'get', 200>[number];
export type UserInfo = Json<'/users', 'get', 200>[number];
export type FieldInfo = EntityInfo['fields'][number];
export type ImportView = Json<'/imports/{id}', 'get', 200>;
export type ImportEvent = NonNullable<ImportView['events']>[number];
export type Counts = NonNullable<ImportView['counts']>;
export type Inspection = Json<'/imports/{id}/files', 'get', 200>[number];
export type InspectedSheet = Inspection['sheets'][number];
export type MappedColumn = InspectedSheet['mapping'][number];
export type RowPage = Json<'/imports/{id}/rows', 'get', 200>;
export type RowOutcome = RowPage['rows'][number];
export type CorrectionPage = Json<'/imports/{id}/corrections', 'get', 200>;
export type Correction = CorrectionPage['rows'][number];
export type Template = Json<'/templates', 'get', 200>[number];
export type UndoPreview = Json<'/imports/{id}/undo', 'post', 200>;
export type Me = Json<'/me', 'get', 200>;
export type ProblemCount = Json<'/imports/{id}/problems', 'get', 200>[number];
export type Fix = NonNullable<ImportView['settings']['options']['fixes']>[number];

/** Options of an import as the UI sets them; null in a change takes one back to its default. */
export interface ImportOptions {
  mode?: string | null;
  match?: string | null;
  commit?: string | null;
  country?: string | null;
  dateOrder?: string | null;
  mapping?: Record<string, string | null>;
  exclude?: string[];
  headerRows?: Record<string, number>;
  verify?: string[];
  lookup?: Record<string, string>;
  [key: string]: unknown;
}

/**
 * A change of a draft's options, made to the options as the previous change left them
 * (never to what the page last showed: that may be older).
 */
export type OptionsChange = (current: ImportOptions) => ImportOptions;

/** What Review reads of summary.json (a report file, not a route of its own). */
export interface Summary {
  issues: Record<string, number>;
  /** Rows checked again after the user's last fixes, when only those were (the others kept). */
  rechecked?: number;
  files: { name: string; entity: string; mapping: MappedColumn[] }[];
}
