import { Command, Option } from 'commander';
import { ROLES, type Role } from '../service.js';
import { openIntake, withCommonOptions, type CommonFlags } from './context.js';

/** The password, read from standard input (a pipe or a prompt): never from the command line. */
async function readPassword(): Promise<string> {
  if (process.env.INTAKE_PASSWORD) return process.env.INTAKE_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write('password: ');
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) {
    text += chunk as string;
    if (process.stdin.isTTY && text.includes('\n')) break;
  }
  return text.replace(/\r?\n$/, '');
}

/**
 * `intake user add`: a person who signs in to the web UI with a name and a password
 * (the first admin of a fresh install, typically). The password comes from standard
 * input or INTAKE_PASSWORD, so it stays out of the shell's history.
 */
export function userCommand(): Command {
  const add = new Command('add')
    .description('add a user of the web UI; the password is read from stdin (or INTAKE_PASSWORD)')
    .requiredOption('--name <name>', 'the name they sign in with')
    .addOption(
      new Option('--role <role>', 'what they may do').choices([...ROLES]).makeOptionMandatory(),
    )
    .action(async (flags: CommonFlags & { name: string; role: Role }) => {
      const password = await readPassword();
      const intake = await openIntake(flags);
      try {
        const workspace = intake.config.workspace;
        const u = await intake.access.createUser(workspace, 'cli', {
          name: flags.name,
          role: flags.role,
          password,
        });
        process.stderr.write(
          `intake: user "${u.name}" (${u.role}) for workspace ${workspace}; they sign in at /ui/\n`,
        );
      } finally {
        await intake.close();
      }
    });
  return new Command('user')
    .description('people who sign in to the web UI with a password')
    .addCommand(withCommonOptions(add).exitOverride());
}
