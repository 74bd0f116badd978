import { Command } from 'commander';
import { collect, openIntake, withCommonOptions, type CommonFlags } from './context.js';

interface InspectFlags extends CommonFlags {
  json?: boolean;
  sheet?: string;
  encoding?: string;
  delimiter?: string;
  only: string[];
  exclude: string[];
}

const show = (d: string) => (d === '\t' ? 'tab' : d);

export function inspectCommand(): Command {
  const cmd = new Command('inspect')
    .description(
      'list what files hold: ZIP members and workbook sheets, each with its entity type (or UNKNOWN) and row count',
    )
    .argument('<files...>', 'CSV, XLSX, JSON or ZIP files')
    .option('--sheet <name|index>', 'workbook sheet to read')
    .option('--encoding <name>', 'force the encoding of text files')
    .option('--delimiter <char>', 'force the delimiter of CSV files')
    .option('--only <member>', 'only these ZIP members (repeatable)', collect, [])
    .option('--exclude <member>', 'leave these ZIP members out (repeatable)', collect, [])
    .option('--json', 'print JSON')
    .action(async (files: string[], flags: InspectFlags) => {
      const intake = await openIntake(flags);
      try {
        const results = [];
        for (const f of files) {
          results.push(
            await intake.records.inspect(f, {
              sheet: flags.sheet,
              encoding: flags.encoding,
              delimiter: flags.delimiter,
              only: flags.only,
              exclude: flags.exclude,
            }),
          );
        }
        if (flags.json) {
          process.stdout.write(JSON.stringify(results, null, 2) + '\n');
          return;
        }
        for (const r of results) {
          process.stdout.write(`${r.file}\n`);
          for (const s of r.sheets) {
            const where = s.sheet
              ? `sheet "${s.sheet}" of ${s.sheets!.length}`
              : `${s.encoding}, delimiter "${show(s.delimiter)}"`;
            const best =
              s.entity === 'UNKNOWN'
                ? ` (best: ${s.candidates.map((c) => `${c.entity} ${Math.round(c.score * 100)}%`).join(', ')})`
                : '';
            process.stdout.write(`  ${s.name}: ${s.entity}${best}, ${s.rows} rows, ${where}\n`);
            for (const w of s.warnings) process.stdout.write(`    warning: ${w}\n`);
          }
          for (const s of r.skipped) process.stdout.write(`  ${s.name}: not read: ${s.reason}\n`);
          if (r.ignored.length) process.stdout.write(`  ignored: ${r.ignored.join(', ')}\n`);
        }
      } finally {
        await intake.close();
      }
    });
  return withCommonOptions(cmd);
}
