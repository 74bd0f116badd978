import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { TemplateFormat } from '../service.js';
import { openIntake, withCommonOptions, type CommonFlags } from './context.js';

export function templateCommand(): Command {
  const cmd = new Command('template')
    .description(
      'write a blank template of an entity type: its columns, one example row, and (XLSX) what each column accepts',
    )
    .argument('<entity>', 'entity type, e.g. customer')
    .addOption(
      new Option('--format <format>', 'file format').choices(['csv', 'xlsx']).default('csv'),
    )
    .option('-o, --output <file>', 'where to write it (default: <entity>-template.<format> here)')
    .action(
      async (entity: string, flags: CommonFlags & { format: TemplateFormat; output?: string }) => {
        const intake = await openIntake(flags);
        try {
          const type = intake.records.entity(entity);
          const path = resolve(flags.output ?? `${type.name}-template.${flags.format}`);
          await intake.records.writeTemplate(type.qualified, flags.format, path);
          process.stdout.write(`${path}\n`);
        } finally {
          await intake.close();
        }
      },
    );
  return withCommonOptions(cmd);
}
