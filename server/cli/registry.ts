// Every `dangan` subcommand: its usage line and how it runs. Add a command here and in its own file.
import { parseArgs } from 'node:util';
import { configFilePath, loadConfig, type Config } from '../config.js';
import { requireArchive } from './start-guard.js';
import { runDemo, runMigrate, runServe } from './commands.js';
import { HARDWARE_COMMANDS } from './hardware-commands.js';
import { LABEL_COMMANDS } from './label-commands.js';
import { LOG_COMMANDS } from './log-commands.js';
import type { Command } from './command.js';

type Flags = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** A command that takes only flags mapped onto configuration values. */
function configCommand(
  usage: string,
  summary: string,
  flags: Flags,
  /** Flags as typed, by setting path (validated like the environment), and typed overrides. */
  toSources: (values: Record<string, string | boolean | undefined>) => {
    flags?: Record<string, string | undefined>;
    overrides?: Record<string, unknown>;
  },
  run: (config: Config, values: Record<string, string | boolean | undefined>) => Promise<number>,
  /** Works on an existing archive only: refused, creating nothing, when there is none (start-guard.ts). */
  existingArchive = false,
): Command {
  return {
    usage,
    summary,
    run: (args, env) => {
      const { values } = parseArgs({ args, options: flags, strict: true, allowPositionals: false });
      const flagValues = values as Record<string, string | boolean | undefined>;
      const config = loadConfig({ env, ...toSources(flagValues) });
      if (existingArchive) requireArchive(config, configFilePath({ env }));
      return run(config, flagValues);
    },
  };
}

const text = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

export const COMMANDS: Record<string, Command> = {
  serve: configCommand(
    'serve [--port N] [--host H] [--no-demo] [--init]',
    'run the server (the demo loads into a new data directory; --init: new empty archive)',
    {
      port: { type: 'string' },
      host: { type: 'string' },
      'no-demo': { type: 'boolean' },
      init: { type: 'boolean' },
    },
    (v) => ({
      flags: { port: text(v.port), host: text(v.host) },
      overrides: v['no-demo'] ? { demo: { loadOnFirstStart: false } } : {},
    }),
    (config, v) => runServe(config, { init: v.init === true }),
  ),
  migrate: configCommand('migrate', 'bring the database schema up to date', {}, () => ({}), runMigrate, true),
  demo: configCommand(
    'demo [--households N] [--seed S] [--file F]',
    'fill an empty database with a generated demo archive',
    { households: { type: 'string' }, seed: { type: 'string' }, file: { type: 'string' } },
    (v) => ({
      flags: { 'demo.households': text(v.households), 'demo.seed': text(v.seed) },
      overrides: v.file ? { database: { client: 'sqlite', filename: v.file } } : {},
    }),
    runDemo,
  ),
  ...LOG_COMMANDS,
  ...HARDWARE_COMMANDS,
  ...LABEL_COMMANDS,
};

export function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  dangan ${c.usage.padEnd(48)} ${c.summary}`);
  return [
    'dangan — 档案 custody server',
    '',
    'Usage:',
    ...lines,
    '  dangan help'.padEnd(57) + ' this text',
    '',
    'Configuration: dangan.config.json or DANGAN_CONFIG, and DANGAN_* environment variables (see README).',
  ].join('\n');
}
