import { Command } from 'commander';
import { openIntake, withCommonOptions, type CommonFlags } from './context.js';

/**
 * `intake report IMPORT_ID`: the reports of any import (one of the CLI, of the service,
 * of another machine), rendered from the database into a folder: they never have to
 * exist before.
 */
export function reportCommand(): Command {
  const cmd = new Command('report')
    .description('write the reports of an import (summary, rejections, outcomes, corrections)')
    .argument('<import-id>', 'the import, e.g. imp-20261122-002050-e8f3b4')
    .option('--report-dir <dir>', 'where to write them (default <data-dir>/reports/<id>)')
    .action(async (id: string, flags: CommonFlags & { reportDir?: string }) => {
      const intake = await openIntake({ ...flags, reportDir: undefined });
      try {
        const r = await intake.imports.renderReports(intake.config.workspace, id, {
          dir: flags.reportDir,
        });
        process.stdout.write(`${r.dir}\n`);
      } finally {
        await intake.close();
      }
    });
  return withCommonOptions(cmd);
}
