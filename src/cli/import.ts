import { Command, Option, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { DUPLICATE_POLICIES, type ImportOptions } from '../core/options.js';
import { OPERATIONS } from '../core/operations.js';
import {
  CHANGE_PACKAGE,
  DUP_DIAL_LIST,
  DUP_WAY,
  MEMBERSHIP_FLAGS,
  type MembershipOptions,
} from '../core/memberships.js';
import type { LocalResult, Progress } from '../service.js';
import { collect, openIntake, withCommonOptions, type CommonFlags } from './context.js';
import { EXIT } from './errors.js';
import { printSummary } from './summary.js';

/** The membership options (--list, --dupdiallist...) are flags of the same names. */
interface ImportFlags extends CommonFlags, MembershipOptions {
  inline?: string;
  only: string[];
  exclude: string[];
  sheet?: string;
  headerRow?: number;
  unmapped?: 'custom' | 'ignore';
  hiddenRows?: 'import' | 'skip';
  entity?: string;
  mode?: ImportOptions['mode'];
  operation?: ImportOptions['mode'];
  confirmErase?: number;
  match?: string;
  commit?: ImportOptions['commit'];
  dryRun?: boolean;
  encoding?: string;
  delimiter?: string;
  skipLines?: number;
  dateOrder?: ImportOptions['dateOrder'];
  duplicates?: ImportOptions['duplicates'];
  updateFields?: string;
  allowProtected?: boolean;
  verify?: string;
  clearEmpty?: boolean | string;
  referenceDefault: string[];
  lookup: string[];
  unique?: string;
  checkRanges: boolean;
  createMissingOptions?: boolean;
  map: string[];
  validateEmail: boolean;
  validatePhone: boolean;
  trueWords?: string;
  falseWords?: string;
  outcomes?: boolean;
  json?: boolean;
}

const count = (v: string): number => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('expected a whole number');
  return Number(v);
};

const pairs = (list: string[], flag: string, allowEmpty: boolean): Record<string, string | null> =>
  Object.fromEntries(
    list.map((p) => {
      const i = p.lastIndexOf('=');
      if (i <= 0 || (!allowEmpty && i === p.length - 1)) {
        throw new InvalidArgumentError(`${flag} expects NAME=VALUE, got "${p}"`);
      }
      return [p.slice(0, i), p.slice(i + 1) || null];
    }),
  );

const words = (s: string | undefined): string[] | undefined =>
  s
    ?.split(',')
    .map((w) => w.trim())
    .filter(Boolean);

export function importCommand(): Command {
  const cmd = new Command('import')
    .description('import CSV files into an entity type, with a report of every refused row')
    .argument('[files...]', 'CSV, JSON or NDJSON files (CSV: any common encoding and delimiter)')
    .option(
      '--inline <records>',
      'records as field=value||field=value, one per line; - reads them from stdin',
    )
    .option(
      '--entity <type>',
      'entity type, e.g. customer or loyalty.customer (default: detected from the headers)',
    )
    .addOption(
      new Option(
        '--operation <op>',
        "what every row does, unless an operation column says: create, update, upsert (default: the entity's, else upsert), or inactivate, reactivate, delete, anonymize, erase a stored record",
      ).choices(OPERATIONS),
    )
    .addOption(new Option('--mode <op>', 'the same as --operation').choices(OPERATIONS).hideHelp())
    .option(
      '--confirm-erase <n>',
      'erase cannot be undone: the number of records the dry run said the import erases',
      count,
    )
    .option(
      '--match <field>',
      'identifier that finds stored records (default: the first identifier mapped)',
    )
    .addOption(
      new Option('--commit <mode>', 'atomic: all or nothing; partial: good rows land').choices([
        'atomic',
        'partial',
      ]),
    )
    .option('--dry-run', 'run every check and write the reports, but write no record')
    .option('--country <CC>', 'country of national phone numbers, e.g. FR')
    .option(
      '--encoding <name>',
      'force the encoding (utf-8, utf-16le, utf-16be, windows-1252, latin1)',
    )
    .option('--delimiter <char>', 'force the delimiter: , ; | or \\t')
    .option('--skip-lines <n>', 'lines to skip before the header', count)
    .option('--only <member>', 'import only these members of a ZIP (repeatable)', collect, [])
    .option(
      '--exclude <member>',
      'leave these members of a ZIP or sheets of a workbook ("book.xlsx › Notes") out (repeatable)',
      collect,
      [],
    )
    .option('--sheet <name|index>', 'the one workbook sheet to read (default: every visible one)')
    .option(
      '--header-row <n>',
      'workbook row that holds the header (default: the first with a value that is not a title)',
      count,
    )
    .addOption(
      new Option(
        '--hidden-rows <what>',
        'rows hidden in a workbook: import or skip them (reported either way)',
      ).choices(['import', 'skip']),
    )
    .addOption(
      new Option(
        '--unmapped <what>',
        'columns no field takes: keep them as custom fields (default) or ignore them',
      ).choices(['custom', 'ignore']),
    )
    .option('--report-dir <dir>', 'where to write the reports (default <data-dir>/reports)')
    .addOption(
      new Option('--date-order <order>', 'day/month order of ambiguous dates').choices([
        'dmy',
        'mdy',
      ]),
    )
    .addOption(
      new Option(
        '--duplicates <policy>',
        'rows sharing a unique value: refuse them (rows), the whole file (file), or keep the first of identical rows and refuse only those that differ (merge)',
      ).choices(DUPLICATE_POLICIES),
    )
    .option('--update-fields <list>', 'comma-separated fields that may change on stored records')
    .option(
      '--verify <list>',
      'comma-separated fields whose columns are compared with the stored record, never written',
    )
    .option(
      '--clear-empty [fields]',
      'an empty cell clears the stored value: of every field, or of the comma-separated fields',
    )
    .option(
      '--allow-protected',
      'change records in a state their entity type protects (a Suspended customer)',
    )
    .option(
      '--reference-default <field=code>',
      'use this record instead of an unknown reference (repeatable)',
      collect,
      [],
    )
    .option(
      '--lookup <field=identifier>',
      "name a reference's target by another of its identifiers, e.g. join_store=external_id (repeatable)",
      collect,
      [],
    )
    .option(
      '--unique <list>',
      'comma-separated fields that must be unique, stored records included, e.g. transaction_number',
    )
    .option(
      '--create-missing-options',
      'a value outside the options of a selection whose options are records adds it to them',
    )
    .option(
      '--no-check-ranges',
      'do not check that a date lies within the dates of the record it names (a coupon and its series)',
    )
    .option('--list <code>', 'contacts join this dial list (importWS model_id); docs/packs.md')
    .option('--phone-field <field>', 'the phone field the dialler calls (importWS phone_field)')
    .option('--priority-field <column>', 'the column of the dial priority (priority_field)')
    .option('--dialtime-field <column>', 'the column of the dial schedule (dialtime_field)')
    .option('--emptyagent', 'a contact already in a list loses its agent (emptyagent yes)')
    .option(
      '--resetstatus',
      'a contact already in a list goes back to status New (resetstatus yes)',
    )
    .addOption(
      new Option('--dupway <way>', 'stored contacts: update their details, or skip').choices(
        DUP_WAY,
      ),
    )
    .addOption(
      new Option('--dupdiallist <policy>', 'a contact already in the list').choices(DUP_DIAL_LIST),
    )
    .addOption(
      new Option(
        '--changepackage <policy>',
        'a stored contact in another list of the campaign, or in none',
      ).choices(CHANGE_PACKAGE),
    )
    .option(
      '--map <header=field>',
      'map a column by hand; "header=" ignores it (repeatable)',
      collect,
      [],
    )
    .option('--no-validate-email', 'store e-mail addresses without checking them')
    .option('--no-validate-phone', 'store phone numbers as given, without checking them')
    .option('--true-words <list>', 'extra words that mean true, comma-separated')
    .option('--false-words <list>', 'extra words that mean false, comma-separated')
    .option('--outcomes', 'also write the per-row outcome file on a real run (always on a dry run)')
    .option('--json', 'print one JSON object with the result')
    .action(async (files: string[], flags: ImportFlags) => {
      const options: Partial<ImportOptions> = {
        mode: flags.operation ?? flags.mode,
        confirmErase: flags.confirmErase,
        match: flags.match,
        commit: flags.commit,
        dryRun: flags.dryRun ?? false,
        country: flags.country?.toUpperCase(),
        encoding: flags.encoding,
        delimiter: flags.delimiter,
        skipLines: flags.skipLines,
        sheet: flags.sheet,
        only: flags.only,
        exclude: flags.exclude,
        headerRow: flags.headerRow,
        hiddenRows: flags.hiddenRows,
        unmapped: flags.unmapped,
        dateOrder: flags.dateOrder,
        duplicates: flags.duplicates,
        updateFields: words(flags.updateFields),
        allowProtected: flags.allowProtected,
        verify: words(flags.verify),
        clearEmpty:
          typeof flags.clearEmpty === 'string' ? words(flags.clearEmpty) : flags.clearEmpty,
        referenceDefaults: pairs(flags.referenceDefault, '--reference-default', false) as Record<
          string,
          string
        >,
        mapping: pairs(flags.map, '--map', true),
        lookup: pairs(flags.lookup, '--lookup', false) as Record<string, string>,
        unique: words(flags.unique),
        checkRanges: flags.checkRanges,
        createMissingOptions: flags.createMissingOptions,
        ...Object.fromEntries(
          (Object.keys(MEMBERSHIP_FLAGS) as (keyof MembershipOptions)[]).map((k) => [k, flags[k]]),
        ),
        validateEmail: flags.validateEmail,
        validatePhone: flags.validatePhone,
        trueWords: words(flags.trueWords),
        falseWords: words(flags.falseWords),
      };
      const inline = flags.inline === '-' ? await readStdin() : flags.inline;
      const intake = await openIntake(flags);
      const bar = !flags.json && process.stderr.isTTY ? progressBar() : undefined;
      let result: LocalResult;
      try {
        result = await intake.imports.run({
          files,
          inline,
          entity: flags.entity,
          options,
          outcomes: flags.outcomes,
          onProgress: bar?.update,
        });
      } finally {
        bar?.stop();
        await intake.close();
      }
      if (flags.json) {
        process.stdout.write(JSON.stringify(jsonResult(result), null, 2) + '\n');
      } else {
        printSummary(result, process.stdout);
      }
      process.exitCode = exitCode(result);
    });
  return withCommonOptions(cmd);
}

/** The `--json` contract: import, files, counts, reports (and more, never less). */
function jsonResult(r: LocalResult) {
  return {
    import: r.import,
    skipped: r.skipped,
    files: r.files.map((f) => ({
      name: f.name,
      entity: f.entity,
      rows: f.rows,
      encoding: f.encoding,
      delimiter: f.delimiter,
      headerLine: f.headerLine,
      warnings: f.warnings,
      unmapped: f.unmapped,
      mapping: f.mapping,
    })),
    counts: r.counts,
    planned: r.planned,
    issues: r.issues,
    corrections: r.corrections,
    order: r.order,
    reports: r.reports,
    ...(r.reportError ? { reportError: r.reportError } : {}),
    timings: r.timings,
    ...(r.error ? { error: r.error } : {}),
  };
}

export function exitCode(r: LocalResult): number {
  switch (r.import.status) {
    case 'completed':
      return EXIT.ok;
    case 'dry_run':
      return r.counts.rejected > 0 ? EXIT.issues : EXIT.ok;
    case 'completed_with_issues':
      return EXIT.issues;
    default:
      return EXIT.failed;
  }
}

function progressBar() {
  const bar = new cliProgress.SingleBar(
    {
      format: '{phase} [{bar}] {value}/{total} rows',
      stream: process.stderr,
      clearOnComplete: true,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p: Progress) {
      if (!started) {
        bar.start(Math.max(p.total, 1), 0, { phase: p.phase });
        started = true;
      }
      if (p.total > 0) bar.setTotal(p.total);
      bar.update(p.rows, { phase: p.phase.padEnd(6) });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}
