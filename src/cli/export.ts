import { Command, Option } from 'commander';
import type { ExportFormat } from '../service.js';
import { openIntake, withCommonOptions, type CommonFlags } from './context.js';

export function exportCommand(): Command {
  const cmd = new Command('export')
    .description('print the stored records of an entity type')
    .argument('<entity>', 'entity type, e.g. customer')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['csv', 'json', 'ndjson'])
        .default('csv'),
    )
    .action(async (entity: string, flags: CommonFlags & { format: ExportFormat }) => {
      const intake = await openIntake(flags);
      try {
        await intake.records.export(entity, flags.format, process.stdout);
      } finally {
        await intake.close();
      }
    });
  return withCommonOptions(cmd);
}
