import { Option, type Command } from 'commander';
import { resolveConfig, type ConfigInput } from '../config/index.js';
import { Intake } from '../service.js';

/** Options every command shares: where the data and packs are. */
export function withCommonOptions(cmd: Command): Command {
  return cmd
    .option(
      '--config <file>',
      'configuration file (default: intake.config.yaml in the current directory)',
    )
    .option(
      '--data-dir <dir>',
      'where the embedded database and reports live (default ./data; env INTAKE_DATA_DIR)',
    )
    .option('--workspace <name>', 'workspace (tenant) to work in', undefined)
    .addOption(
      new Option('--pack <file>', 'extra pack file or directory (repeatable)')
        .argParser(collect)
        .default([]),
    );
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export interface CommonFlags {
  config?: string;
  dataDir?: string;
  workspace?: string;
  pack: string[];
  reportDir?: string;
  country?: string;
}

export async function openIntake(flags: CommonFlags): Promise<Intake> {
  const input: ConfigInput & { packs?: string[] } = {
    dataDir: flags.dataDir,
    workspace: flags.workspace,
    reportDir: flags.reportDir,
    packs: flags.pack.length ? flags.pack : undefined,
    country: flags.country,
  };
  const config = resolveConfig({
    cwd: process.cwd(),
    env: process.env,
    configFile: flags.config,
    flags: Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
  });
  return Intake.open(config);
}
