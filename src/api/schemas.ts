/**
 * The shapes the API answers with, in one place: the routes validate and serialise
 * with them, /openapi.json publishes them, and the web UI's types are generated from
 * that (`npm run api-types`). A property is required unless named optional.
 */
import { optionsJsonSchema } from '../core/options.js';
import { OUTCOMES, type Outcome } from '../core/outcomes.js';

type Props = Record<string, object>;

/** Import options as they are stored and shown (validated by core/options.ts). */
const OPTIONS = optionsJsonSchema();

export function record<P extends Props, O extends keyof P = never>(
  properties: P,
  optional: readonly O[] = [],
) {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((k) => !optional.includes(k as O)),
  } as const;
}

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const bool = { type: 'boolean' } as const;
const strOrNull = { type: 'string', nullable: true } as const;
const strings = { type: 'array', items: str } as const;

export const ERROR_SCHEMA = record({
  code: str,
  message: str,
  details: { type: 'object', additionalProperties: true },
});

export const COUNTS = record({
  rows: int,
  ...(Object.fromEntries(OUTCOMES.map((o) => [o, int])) as Record<Outcome, typeof int>),
});

const PROGRESS = record(
  {
    phase: { type: 'string', enum: ['scan', 'stage', 'plan', 'commit', 'report', 'undo'] },
    rows: int,
    total: int,
    at: str,
    since: str,
  },
  ['at', 'since'],
);

const EVENT = record({
  at: str,
  actor: str,
  from: strOrNull,
  to: str,
  note: strOrNull,
});

export const IMPORT_VIEW = record(
  {
    id: str,
    workspace: str,
    status: str,
    entities: strings,
    createdBy: strOrNull,
    approval: strOrNull,
    counts: { ...COUNTS, nullable: true },
    progress: { ...PROGRESS, nullable: true },
    error: strOrNull,
    errorCode: strOrNull,
    createdAt: str,
    finishedAt: strOrNull,
    undo: {
      type: 'object',
      nullable: true,
      additionalProperties: true,
      description: 'the last undo: who asked, forced or not, and once done its counts',
    },
    steps: { ...strings, description: 'the steps people may take now (roles: docs/service.md)' },
    settings: record({ entity: strOrNull, options: OPTIONS, files: strings }),
    events: { type: 'array', items: EVENT },
  },
  ['events', 'steps'],
);

const PROBLEM = record({ field: str, code: str, message: str });

export const ROW_PAGE = record({
  rows: {
    type: 'array',
    items: record({
      row: int,
      file: str,
      line: int,
      outcome: str,
      step: str,
      changed: str,
      code: str,
      message: str,
      problems: { type: 'array', items: PROBLEM },
      corrections: {
        type: 'array',
        items: record({ field: str, from: str, to: str, rule: str }),
        description: 'what was corrected in the row, field by field (by Intake or a fix)',
      },
      values: { type: 'object', additionalProperties: str },
    }),
  },
  next: { type: 'integer', nullable: true },
  cursor: strOrNull,
});

export const CORRECTION_PAGE = record({
  rows: {
    type: 'array',
    items: record({ file: str, line: int, field: str, from: str, to: str, rule: str }),
  },
  next: { type: 'integer', nullable: true },
  cursor: strOrNull,
});

export const PROBLEM_COUNTS = {
  type: 'array',
  items: record(
    {
      code: str,
      field: str,
      rows: int,
      fixable: { type: 'boolean' },
      values: {
        type: 'array',
        items: record({ value: str, rows: int }),
        description:
          'a value not in the list: the refused values, most rows first (up to 50), for a fix of kind `value`',
      },
    },
    ['values'],
  ),
};

export const UNDO_PREVIEW = record({
  deleted: int,
  restored: int,
  refused: int,
  refusals: { type: 'array', items: record({ row: int, code: str, message: str }) },
});

const MAPPED = record(
  {
    header: str,
    field: strOrNull,
    method: str,
    confidence: { type: 'number' },
    alternatives: {
      type: 'array',
      items: record({ field: str, confidence: { type: 'number' } }),
      description: 'the fields the column could also be, closest first (a draft only)',
    },
  },
  ['alternatives'],
);

export const INSPECTION = record({
  file: str,
  sheets: {
    type: 'array',
    items: record(
      {
        name: str,
        entity: str,
        candidates: { type: 'array', items: record({ entity: str, score: { type: 'number' } }) },
        rows: { ...int, description: 'data rows; estimated from the size when rowsEstimated' },
        rowsEstimated: {
          ...bool,
          description: 'a large file answered from its first rows while it is read through',
        },
        encoding: str,
        delimiter: str,
        headerLine: int,
        header: strings,
        mapping: { type: 'array', items: MAPPED },
        samples: { type: 'array', items: strings },
        sheet: str,
        sheets: strings,
        top: {
          type: 'array',
          items: record({ line: int, cells: strings }),
          description:
            "a workbook sheet's first rows as they are, above the header too (to choose the header row: options.headerRows)",
        },
        titleRows: {
          type: 'array',
          items: int,
          description: "a workbook sheet's rows above its header found to be titles, and skipped",
        },
        warnings: strings,
        remembered: {
          ...record({
            importId: str,
            at: str,
            options: { type: 'object', additionalProperties: true },
          }),
          description:
            'the mapping and options the last import of the same columns and entity type used in this workspace (offered, not applied)',
        },
        firstRows: {
          ...record({
            rows: int,
            refused: int,
            corrected: int,
            problems: {
              type: 'array',
              items: record(
                {
                  line: int,
                  column: strOrNull,
                  field: strOrNull,
                  code: str,
                  message: str,
                  value: str,
                },
                ['value'],
              ),
            },
            more: int,
          }),
          description:
            'the problems of the first 1,000 rows as validation would find them (matching, duplicates and references wait for validation)',
        },
      },
      ['sheet', 'sheets', 'top', 'titleRows', 'rowsEstimated', 'firstRows', 'remembered'],
    ),
  },
  skipped: { type: 'array', items: record({ name: str, reason: str }) },
  ignored: strings,
});

export const ENTITY_TYPE = record({
  name: str,
  label: str,
  identifiers: strings,
  count: { ...int, description: 'records of the workspace' },
  defaults: {
    ...record({
      mode: str,
      commit: str,
      match: strOrNull,
      dateOrder: strOrNull,
      country: strOrNull,
    }),
    description: 'the options an import of this type takes unless told otherwise',
  },
  fields: {
    type: 'array',
    items: record(
      {
        name: str,
        type: str,
        label: str,
        required: bool,
        references: strOrNull,
        options: { ...strings, description: 'a selection: the values it accepts' },
      },
      ['options'],
    ),
  },
});

export const ME = record({ name: str, workspace: str, role: str });

/** A template's recurring source, as shown: the URL redacted, the next due time. */
const SCHEDULE = record({ url: str, cron: str, timezone: str, since: str, next: str });

export const TEMPLATE = record(
  {
    name: str,
    entity: str,
    options: OPTIONS,
    approval: bool,
    notify: strings,
    schedule: SCHEDULE,
    updatedBy: str,
    updatedAt: str,
  },
  ['updatedBy', 'updatedAt', 'schedule'],
);

export const SCHEDULE_RUN = record({
  template: str,
  dueAt: str,
  outcome: { type: 'string', enum: ['running', 'imported', 'skipped', 'failed'] },
  importId: strOrNull,
  hash: strOrNull,
  message: strOrNull,
});

export const TOKEN = record({ id: str, workspace: str, name: str, role: str });
export const USER = record({ id: str, workspace: str, name: str, role: str, createdAt: str });
export const WEBHOOK = record({ id: str, workspace: str, url: str });
export const DELIVERY = record({
  webhookId: str,
  importId: str,
  event: str,
  attempt: int,
  statusCode: { type: 'integer', nullable: true },
  error: strOrNull,
  at: str,
});
export const AUDIT = record({ at: str, actor: str, action: str, target: str, details: {} });
