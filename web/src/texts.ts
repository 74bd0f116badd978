import { fr } from './texts-fr.js';

/**
 * Every English text of the UI, in one place: a translation is another object of the
 * same shape (texts-fr.ts), chosen at start (language()).
 */
export const en = {
  app: 'Intake',
  locale: 'en',
  stepsLabel: 'Steps of the import',
  nav: {
    label: 'Main',
    home: 'Data',
    imports: 'Imports',
    newImport: 'New import',
    signOut: 'Sign out',
    language: 'Language',
    account: 'Account',
    viewerOnly:
      'Your role lets you look at data and imports, not import: an admin can give you the importer role.',
  },
  signIn: {
    title: 'Sign in',
    name: 'Name',
    password: 'Password',
    token: 'API token',
    submit: 'Sign in',
    useToken: 'Sign in with an API token instead',
    usePassword: 'Sign in with a name and password',
    withProvider: (label: string) => `Sign in with ${label}`,
    or: 'or',
  },
  whoami: (name: string, role: string, workspace: string) =>
    `${name} · ${role} · workspace ${workspace}`,
  home: {
    title: 'Your data',
    records: (n: number) => `${n.toLocaleString('en')} record${n === 1 ? '' : 's'}`,
    browse: 'Browse',
    import: 'Import',
    template: 'Blank template',
    empty: 'No entity types are declared: add a pack to the configuration.',
    waiting: (n: number) =>
      `${n.toLocaleString('en')} import${n === 1 ? '' : 's'} waiting for your approval`,
  },
  records: {
    title: (label: string) => `${label}: records`,
    search: 'Search',
    searchHint: 'Text found in any text field',
    filterField: 'Field',
    filterValue: 'equals',
    none: 'No records match.',
    noneYet: 'No records yet. Import some.',
  },
  pager: {
    range: (from: number, to: number, total?: number) =>
      total === undefined
        ? `${from.toLocaleString('en')}–${to.toLocaleString('en')}`
        : `${from.toLocaleString('en')}–${to.toLocaleString('en')} of ${total.toLocaleString('en')}`,
    prev: 'Previous page',
    next: 'Next page',
    label: 'Pages',
    page: 'Page',
    of: (n: number) => `of ${n.toLocaleString('en')}`,
    go: 'Go',
  },
  history: {
    title: 'Imports',
    status: 'Status',
    all: 'All statuses',
    who: 'Who',
    when: 'When',
    entities: 'Entity types',
    counts: 'Rows',
    open: 'Open',
    empty: 'No imports yet.',
    start: 'Start an import',
  },
  steps: { upload: 'Upload', map: 'Map', review: 'Review', run: 'Run' },
  upload: {
    title: 'Upload files',
    drop: 'Drop CSV, Excel (XLSX), JSON or ZIP files here',
    pick: 'or choose files',
    uploading: 'Uploading and reading…',
    member: 'File or member',
    entity: 'Entity type',
    unknown: 'UNKNOWN',
    rows: 'Rows',
    aboutRows: (n: string) => `about ${n} (still counting)`,
    encoding: 'Encoding',
    remove: 'Remove',
    putBack: 'Put back',
    removed: 'removed',
    skipped: (name: string, reason: string) => `${name}: not read (${reason})`,
    templates: 'Blank templates',
    back: 'Back',
    reset: 'Reset',
    import: 'Import',
    unknownLeft: 'Remove the UNKNOWN members, or choose an entity type on the next step.',
    headerRow: 'Header row',
    titleRows: (name: string, header: number, rows: number[]) =>
      `${name}: the column names are in row ${header}; ${rows.length === 1 ? `row ${rows[0]} above it is a title` : `rows ${rows.join(', ')} above it are titles`}, skipped.`,
    row: (n: number) => `Row ${n}`,
    changeHeader: (name: string) => `change the header row of ${name}`,
    headerQuestion: (name: string) => `Which row of ${name} holds the column names?`,
    headerHint: 'The rows above the one you choose are skipped.',
    headerDone: 'Done',
  },
  map: {
    columnsOf: (sheet: string) => `Columns of ${sheet}`,
    reportColumn: 'Written by Intake in an earlier report: not imported',
    moved: (field: string, from: string, to: string, ignored: boolean) =>
      `${field} now comes from “${to}”; “${from}” no longer fills it (it is ${ignored ? 'not imported' : 'kept as a custom field'} unless you choose otherwise).`,
    or: 'or:',
    useAlternative: (header: string, field: string) => `${header}: use ${field} instead`,
    keepUnmapped: 'Keep columns that match no field, as custom fields',
    remembered: (day: string, id: string) =>
      `Files with these columns were imported on ${day} (${id}) with their own mapping and options.`,
    useRemembered: 'Use the same mapping and options',
    check: 'a guess: check it',
    title: 'Map columns',
    entity: 'Entity type for every file',
    detect: 'Detect per file',
    column: 'Column',
    sample: 'Sample values',
    field: 'Field',
    confidence: 'Confidence',
    custom: 'keep as custom field',
    ignore: 'ignore this column',
    missing: (fields: string) => `Required fields without a column: ${fields}`,
    firstClean: (rows: number) =>
      `No problem in the first ${rows.toLocaleString('en')} ${rows === 1 ? 'row' : 'rows'} (the whole file is checked at validation).`,
    firstRefused: (rows: number, refused: number) =>
      `In the first ${rows.toLocaleString('en')} rows, ${refused.toLocaleString('en')} ${refused === 1 ? 'row would be' : 'rows would be'} refused as mapped now:`,
    firstProblem: (line: number, column: string | null) =>
      column ? `Line ${line}, ${column}` : `Line ${line}`,
    firstMore: (n: number) => `and ${n.toLocaleString('en')} more`,
    unmapped: (headers: string) => `Columns not mapped to a field: ${headers}`,
    options: 'Options',
    mode: 'Operation',
    modes: {
      upsert: 'create or update',
      create: 'create only',
      update: 'update only',
      inactivate: 'inactivate stored records',
      reactivate: 'reactivate stored records',
      delete: 'delete stored records',
      anonymize: 'anonymize stored records',
      erase: 'erase stored records (cannot be undone)',
    } as Record<string, string>,
    lookup: 'Find by',
    lookupBy: (identifier: string) => `found by ${identifier}`,
    lookupDefault: 'found by its usual key',
    /** The pseudo-field of a column that gives each row its own operation. */
    operationColumn: 'Operation of the row',
    packDefault: "the entity type's default",
    /** The default option, named when one entity type is imported: "default: partial". */
    byDefault: (what: string) => `default: ${what}`,
    match: 'Match key',
    matchAuto: 'first identifier mapped',
    commit: 'On a refused row',
    commits: {
      atomic: 'write nothing (atomic)',
      partial: 'write the good rows (partial)',
    } as Record<string, string>,
    country: 'Country of national phone numbers',
    dateOrder: 'Day and month order',
    allowProtected: 'Also change records in a protected state (a Suspended customer)',
    clearEmpty: 'Empty cells clear stored values (of the columns in the file)',
    createMissingOptions: 'Create option if not exists (selections whose options you keep)',
    duplicates: 'Rows that share a key',
    duplicatePolicies: {
      rows: 'refuse them (rows)',
      file: 'refuse the whole file (file)',
      merge: 'keep one of identical rows, refuse the others (merge)',
    } as Record<string, string>,
    verify: 'Verify only',
    dateOrders: {
      auto: 'tell from the data',
      dmy: 'day/month/year',
      mdy: 'month/day/year',
    } as Record<string, string>,
    template: 'Start from a saved template',
    noTemplate: '(none)',
    saveAs: 'Save these settings as a template',
    templateName: 'Template name',
    save: 'Save',
    saved: (name: string) => `Saved as template "${name}".`,
    templateNeedsEntity: 'To save a template, choose one entity type for every file.',
    back: 'Back',
    validate: 'Validate',
    incomplete: 'The mapping leaves out what this import needs; map these before you validate:',
  },
  review: {
    corrected: (rules: string) => `Corrected (${rules})`,
    title: 'Review',
    validating: 'Validating…',
    outcomes: 'Outcomes',
    problems: 'Problems',
    noProblems: 'No problems: every row can be written.',
    rechecked: (n: number) =>
      `After your fixes, ${n.toLocaleString('en')} row${n === 1 ? ' was' : 's were'} checked again; the others were kept as checked before.`,
    all: 'all rows',
    grid: 'Rows',
    line: 'Line',
    outcome: 'Outcome',
    reason: 'Reason',
    file: 'File',
    changed: (fields: string) => `changes ${fields}`,
    corrections: 'Corrections made',
    noCorrections: 'Nothing needed correcting.',
    correction: (from: string, to: string) => `${from} → ${to}`,
    dates: 'Some date columns could be read day-first or month-first. Which order do they use?',
    revalidate: 'Validate again',
    failed: 'The import could not be validated',
    next: 'Next',
    back: 'Change the mapping or options',
    country: (n: number) =>
      `${n.toLocaleString('en')} phone number${n === 1 ? ' has' : 's have'} no country code (like +33). Which country are they from?`,
    chooseCountry: 'Choose a country',
  },
  fix: {
    values: 'Values not in the list',
    valuesHint: 'Say which option each value of the file means; every row that has it is read so.',
    inFile: 'In the file',
    readAs: 'Read as',
    readAsLabel: (field: string, value: string) => `${field}: read “${value}” as`,
    leave: 'leave it refused',
    applyValues: (n: number) => `Read ${n} value${n === 1 ? '' : 's'} so, and validate again`,
    mappedValue: (field: string, from: string, to: string) => `${field}: “${from}” read as “${to}”`,
    title: 'Fix a cell',
    where: (file: string, line: number, column: string) => `${file}, line ${line}, ${column}`,
    value: 'New value',
    saveCell: 'Save this cell and validate again',
    sameValue: (was: string) => `Every “${was}” in this column`,
    setAll: (n: number, value: string) =>
      value === ''
        ? `Empty all ${n.toLocaleString('en')} cells with this problem`
        : `Set all ${n.toLocaleString('en')} cells with this problem to “${value}”`,
    clearAll: (n: number) => `Clear all ${n.toLocaleString('en')} cells with this problem`,
    close: 'Close',
    edit: (line: number, column: string) => `Fix line ${line}, ${column}`,
    findReplace: 'Find and replace in a column',
    column: 'Column',
    chooseColumn: 'Choose a column',
    find: 'Find',
    replaceWith: 'Replace with',
    replaceAll: 'Replace everywhere and validate again',
    yours: (n: number) => `Your fixes (${n})`,
    remove: 'Take back',
    onlyRefused: 'Only refused rows',
    edited: (file: string, line: number, column: string, value: string) =>
      `${file} line ${line}, ${column}: “${value}”`,
    replaced: (column: string, find: string, replace: string, whole: boolean) =>
      `${column}: ${whole ? 'cells reading ' : ''}“${find}” → “${replace}”`,
    fixedAll: (field: string, problem: string, value: string | null) =>
      `${field}, every ${problem}: ${value === null ? 'cleared' : `“${value}”`}`,
  },
  run: {
    title: 'Run',
    approve: 'Approve and write',
    write: 'Write the records',
    eraseWarning: (n: number) =>
      `This import erases ${n.toLocaleString('en')} record${n === 1 ? '' : 's'} for good: erase cannot be undone.`,
    eraseType: (n: number) => `Type ${n} to confirm`,
    reject: 'Reject',
    rejectReason: 'Why is it rejected?',
    waiting:
      'Waiting for an approver. Anyone with the approver role can open this import and approve it:',
    progress: (rows: number, total: number) =>
      total > 0
        ? `${rows.toLocaleString('en')} of ${total.toLocaleString('en')} rows`
        : `${rows.toLocaleString('en')} rows`,
    phase: {
      scan: 'Reading the files',
      stage: 'Cleaning and checking rows',
      plan: 'Planning what to write',
      commit: 'Writing records',
      report: 'Writing the reports',
      undo: 'Undoing',
    } as Record<string, string>,
    rate: (n: number) => `${Math.round(n).toLocaleString('en')} rows/s`,
    step: (k: number, n: number, what: string) => `Step ${k} of ${n}: ${what}`,
    working: 'Working…',
    left: (seconds: number) =>
      seconds < 60
        ? `about ${Math.max(1, Math.round(seconds))} s left`
        : `about ${Math.round(seconds / 60)} min left`,
    result: 'Result',
    downloads: 'Reports',
    perFile: (n: number) => `Rejections and outcomes of each file (${n} reports)`,
    cancel: 'Cancel import',
    cancelConfirm:
      'Cancel this import? Nothing more of it will be written; rows a partial commit already wrote stay until undone.',
    replay: 'Run again',
    history: 'History',
    undone: (deleted: number, restored: number, refused: number) =>
      `Undone: ${deleted.toLocaleString('en')} records deleted, ${restored.toLocaleString('en')} restored` +
      (refused ? `, ${refused.toLocaleString('en')} refused (see undo.csv)` : ''),
  },
  undo: {
    open: 'Undo this import…',
    title: 'Undo this import',
    would: (deleted: number, restored: number, refused: number) =>
      `Undo would delete ${deleted.toLocaleString('en')} records this import created, give ${restored.toLocaleString('en')} records it changed their values back, and refuse ${refused.toLocaleString('en')}.`,
    row: (n: number) => `Row ${n.toLocaleString('en')}`,
    force: 'Also undo records changed since by later imports',
    confirm: 'Undo',
    keep: 'Keep the import',
  },
  outcome: {
    created: 'created',
    updated: 'updated',
    inactivated: 'inactivated',
    reactivated: 'reactivated',
    anonymized: 'anonymized',
    deleted: 'deleted',
    erased: 'erased',
    unchanged: 'unchanged',
    skipped: 'skipped',
    rejected: 'refused',
  } as Record<string, string>,
  status: {
    draft: 'draft',
    incomplete: 'incomplete',
    validating: 'validating',
    awaiting_approval: 'awaiting approval',
    queued: 'queued',
    running: 'running',
    completed: 'completed',
    completed_with_issues: 'completed with issues',
    failed: 'failed',
    cancelled: 'cancelled',
    dry_run: 'dry run',
    undoing: 'undoing',
    undone: 'undone',
  } as Record<string, string>,
  /** Problem kinds, as a count reads them: "412 invalid phone numbers". */
  problem: {
    INTAKE_E_PHONE: 'invalid phone numbers',
    INTAKE_E_EMAIL: 'invalid e-mail addresses',
    INTAKE_E_DATE: 'unreadable dates',
    INTAKE_E_DATE_AMBIGUOUS: 'dates whose day and month order is unclear',
    INTAKE_E_DATE_FUTURE: 'dates in the future',
    INTAKE_E_REQUIRED: 'missing required values',
    INTAKE_E_ENUM: 'values not in the list',
    INTAKE_E_PATTERN: 'values of the wrong form',
    INTAKE_E_REFERENCE: 'references to records that do not exist',
    INTAKE_E_REFERENCE_REFUSED: 'references to refused rows',
    INTAKE_E_REFERENCE_CYCLE: 'rows in a loop of parents',
    INTAKE_E_DUPLICATE_IN_FILE: 'rows repeated in the file',
    INTAKE_E_TYPE: 'values of the wrong type',
    INTAKE_E_MAX_LENGTH: 'values too long',
    INTAKE_E_RECORD_NOT_FOUND: 'rows to update with no stored record',
    INTAKE_E_MATCH_KEY_MISSING: 'rows without a match key',
    INTAKE_E_IDENTIFIER_CONFLICT: 'identifiers that belong to another record',
  } as Record<string, string>,
  /** The same, for a count of one: "1 date in the future". */
  problemOne: {
    INTAKE_E_PHONE: 'invalid phone number',
    INTAKE_E_EMAIL: 'invalid e-mail address',
    INTAKE_E_DATE: 'unreadable date',
    INTAKE_E_DATE_AMBIGUOUS: 'date whose day and month order is unclear',
    INTAKE_E_DATE_FUTURE: 'date in the future',
    INTAKE_E_REQUIRED: 'missing required value',
    INTAKE_E_ENUM: 'value not in the list',
    INTAKE_E_PATTERN: 'value of the wrong form',
    INTAKE_E_REFERENCE: 'reference to a record that does not exist',
    INTAKE_E_REFERENCE_REFUSED: 'reference to a refused row',
    INTAKE_E_REFERENCE_CYCLE: 'row in a loop of parents',
    INTAKE_E_DUPLICATE_IN_FILE: 'row repeated in the file',
    INTAKE_E_TYPE: 'value of the wrong type',
    INTAKE_E_MAX_LENGTH: 'value too long',
    INTAKE_E_RECORD_NOT_FOUND: 'row to update with no stored record',
    INTAKE_E_MATCH_KEY_MISSING: 'row without a match key',
    INTAKE_E_IDENTIFIER_CONFLICT: 'identifier that belongs to another record',
  } as Record<string, string>,
  account: {
    title: 'Account',
    password: 'Your password',
    current: 'Current password',
    new: 'New password',
    rule: 'At least 10 characters, without your name. Your other sessions end.',
    change: 'Change the password',
    changed: 'Your password is changed.',
    users: 'People of the workspace',
    noUsers: 'Nobody signs in with a password yet.',
    name: 'Name',
    role: 'Role',
    since: 'Since',
    actions: 'Actions',
    roles: {
      viewer: 'viewer (reads)',
      importer: 'importer',
      approver: 'approver',
      admin: 'admin',
    } as Record<string, string>,
    disable: 'Disable',
    confirmDisable: (name: string) =>
      `Disable ${name}? They can no longer sign in, and their sessions end now.`,
    add: 'Add someone',
    firstPassword: 'First password',
    addButton: 'Add',
  },
  error: {
    title: 'Something went wrong',
    network: 'The server does not answer. Is Intake running (intake serve)?',
    retry: 'Try again',
  },
  loading: 'Loading…',
  importTitle: 'Import',
};

export type Texts = typeof en;

/** The languages of the UI, by their code. */
export const LANGUAGES: Record<string, { name: string; texts: Texts }> = {
  en: { name: 'English', texts: en },
  fr: { name: 'Français', texts: fr },
};
const CHOSEN = 'intake.language';

/** What of the browser this file uses (the tests read these texts in Node, without it). */
const browser = globalThis as unknown as {
  localStorage?: { getItem(k: string): string | null; setItem(k: string, v: string): void };
  navigator?: { languages?: readonly string[]; language?: string };
  location?: { reload(): void };
};

/**
 * The user's choice (kept in this browser), else the first of the browser's languages
 * Intake speaks, else English.
 */
function language(): string {
  const kept = browser.localStorage?.getItem(CHOSEN);
  if (kept && LANGUAGES[kept]) return kept;
  const nav = browser.navigator;
  const spoken = (nav?.languages ?? [nav?.language ?? 'en']).map((l) => l.slice(0, 2));
  return spoken.find((l) => LANGUAGES[l]) ?? 'en';
}

/** A language chosen by the user: kept, and the page drawn again in it. */
export function chooseLanguage(code: string): void {
  browser.localStorage?.setItem(CHOSEN, code);
  browser.location?.reload();
}

export const t: Texts = LANGUAGES[language()]!.texts;
