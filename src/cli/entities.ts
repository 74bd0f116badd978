import { Command } from 'commander';
import { openIntake, withCommonOptions, type CommonFlags } from './context.js';

export function entitiesCommand(): Command {
  const cmd = new Command('entities')
    .description('list the entity types of the loaded packs, with their fields')
    .option('--json', 'print JSON')
    .action(async (flags: CommonFlags & { json?: boolean }) => {
      const intake = await openIntake(flags);
      try {
        const entities = intake.records.entities();
        if (flags.json) {
          process.stdout.write(JSON.stringify(entities, null, 2) + '\n');
          return;
        }
        for (const e of entities) {
          process.stdout.write(
            `${e.qualified} (${e.label}) table ${e.table}; identifiers: ${e.identifiers.join(', ')}\n`,
          );
          for (const f of e.fields) {
            const notes = [
              f.required && 'required',
              (f.unique || e.identifiers.includes(f.name)) && 'unique',
              f.reference && `-> ${f.reference.entity}.${f.reference.field}`,
              f.options && `one of ${f.options.join('|')}`,
              f.aliases.length > 0 && `aliases: ${f.aliases.join(', ')}`,
            ].filter(Boolean);
            process.stdout.write(
              `  ${f.name.padEnd(20)} ${f.type.padEnd(9)} ${notes.join('; ')}\n`,
            );
          }
        }
      } finally {
        await intake.close();
      }
    });
  return withCommonOptions(cmd);
}
