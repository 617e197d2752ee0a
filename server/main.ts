// The `dangan` command line: serve | migrate | demo | verify-log. Returns an exit code; never calls exit.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from './config.js';
import { isDanganError } from './domain/errors.js';
import { runDemo, runMigrate, runServe, runVerifyLog } from './cli/commands.js';

const USAGE = `dangan — 档案 custody server

Usage:
  dangan serve [--port N] [--host H] [--no-demo]   run the server (loads the demo archive into an empty database)
  dangan migrate                                   bring the database schema up to date
  dangan demo [--households N] [--seed S] [--file F]
                                                   fill an empty database with a generated demo archive
  dangan verify-log                                recompute the custody log's hash chain; non-zero on a break
  dangan help                                      this text

Configuration: dangan.config.json or DANGAN_CONFIG, and DANGAN_* environment variables (see README).`;

type Command = (config: Config, args: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  serve: runServe,
  migrate: runMigrate,
  demo: runDemo,
  'verify-log': runVerifyLog,
};

export async function main(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`dangan: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    const config = loadConfig({ env, overrides: overridesFrom(name, rest) });
    return await command(config, rest);
  } catch (e) {
    if (isDanganError(e)) {
      console.error(`dangan ${name}: ${e.code}: ${e.messages.en}\n${e.messages.zh}`);
      return 1;
    }
    console.error(`dangan ${name}: ${(e as Error).message}`);
    return 1;
  }
}

/** Flags that set configuration values. Unknown flags are an error, not silently ignored. */
function overridesFrom(command: string, args: string[]): Record<string, unknown> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'no-demo': { type: 'boolean' },
      households: { type: 'string' },
      seed: { type: 'string' },
      file: { type: 'string' },
    },
  });
  const overrides: Record<string, unknown> = {};
  if (values.port !== undefined) overrides.port = values.port;
  if (values.host !== undefined) overrides.host = values.host;
  if (values['no-demo']) overrides.demo = { loadOnFirstStart: false };
  if (values.households !== undefined || values.seed !== undefined) {
    overrides.demo = {
      ...((overrides.demo as object) ?? {}),
      ...(values.households !== undefined ? { households: values.households } : {}),
      ...(values.seed !== undefined ? { seed: values.seed } : {}),
    };
  }
  if (values.file !== undefined) overrides.database = { client: 'sqlite', filename: values.file };
  if (command !== 'demo' && (values.households || values.seed || values.file)) {
    throw new Error('--households, --seed and --file belong to `dangan demo`');
  }
  return overrides;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
