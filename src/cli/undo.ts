import { Command } from 'commander';
import { openIntake, withCommonOptions, type CommonFlags } from './context.js';
import { EXIT } from './errors.js';

/**
 * `intake undo IMPORT_ID`: take an import back (SPEC C4) through the same steps as
 * `POST /imports/{id}/undo`, run here. `--dry-run` says what it would do.
 */
export function undoCommand(): Command {
  const cmd = new Command('undo')
    .description(
      'undo an import: delete the records it created, give those it updated their values back',
    )
    .argument('<import-id>', 'the import, e.g. imp-20261122-002050-e8f3b4')
    .option('--dry-run', 'say what would be deleted, restored and refused; change nothing')
    .option('--force', 'undo records changed since by later imports all the same')
    .option('--json', 'print one JSON object with the result')
    .action(
      async (
        id: string,
        flags: CommonFlags & { dryRun?: boolean; force?: boolean; json?: boolean },
      ) => {
        const intake = await openIntake(flags);
        try {
          const workspace = intake.config.workspace;
          const force = flags.force === true;
          if (flags.dryRun) {
            const p = await intake.imports.previewUndo(workspace, id, force);
            if (flags.json) process.stdout.write(JSON.stringify(p, null, 2) + '\n');
            else {
              const lines = [
                `Undo of ${id} (dry run): would delete ${p.deleted}, restore ${p.restored}, refuse ${p.refused}`,
                ...p.refusals.map((r) => `  row ${r.row}: ${r.code}: ${r.message}`),
              ];
              process.stdout.write(lines.join('\n') + '\n');
            }
            process.exitCode = p.refused > 0 ? EXIT.issues : EXIT.ok;
            return;
          }
          const { view, reports } = await intake.imports.undoHere(workspace, id, force);
          const u = (view.undo ?? {}) as { deleted?: number; restored?: number; refused?: number };
          if (flags.json) {
            process.stdout.write(
              JSON.stringify({ import: { id, status: view.status }, undo: view.undo }, null, 2) +
                '\n',
            );
          } else {
            process.stdout.write(
              `Import ${id}: ${view.status}: ${u.deleted ?? 0} deleted, ${u.restored ?? 0} restored, ${u.refused ?? 0} refused\n` +
                `  report: ${reports}/undo.csv\n`,
            );
          }
          process.exitCode = (u.refused ?? 0) > 0 ? EXIT.issues : EXIT.ok;
        } finally {
          await intake.close();
        }
      },
    );
  return withCommonOptions(cmd);
}
