import { Command, CommanderError } from 'commander';
import { entitiesCommand } from './entities.js';
import { describe, EXIT } from './errors.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { templateCommand } from './template.js';
import { inspectCommand } from './inspect.js';
import { serveCommand, tokenCommand, workerCommand } from './serve.js';
import { userCommand } from './user.js';
import { undoCommand } from './undo.js';
import { reportCommand } from './report.js';

/** `intake`: the command line. Thin: it parses flags and calls the service. */
export async function main(argv: string[]): Promise<number> {
  // `intake export ... | head`: the reader has what it wanted and closed the pipe.
  // That is how command-line tools end, not an error: stop at once, quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT.ok);
    throw e;
  });
  const program = new Command('intake')
    .description(
      'Bulk import of customer data: messy files in, typed records out, every refused row explained.',
    )
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .addCommand(importCommand().exitOverride())
    .addCommand(undoCommand().exitOverride())
    .addCommand(reportCommand().exitOverride())
    .addCommand(exportCommand().exitOverride())
    .addCommand(entitiesCommand().exitOverride())
    .addCommand(templateCommand().exitOverride())
    .addCommand(inspectCommand().exitOverride())
    .addCommand(serveCommand().exitOverride())
    .addCommand(workerCommand().exitOverride())
    .addCommand(tokenCommand().exitOverride())
    .addCommand(userCommand().exitOverride());
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? EXIT.ok);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are not errors; commander already printed its one-line message.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const d = describe(e);
    if (argv.includes('--json'))
      process.stdout.write(JSON.stringify({ error: { code: d.code, message: d.message } }) + '\n');
    process.stderr.write(`intake: ${d.code}: ${d.message}\n`);
    if (process.env.INTAKE_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return d.exit;
  }
}
