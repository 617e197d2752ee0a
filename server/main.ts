// The `dangan` command line. Each subcommand parses its own arguments; this file only dispatches and turns
// errors into messages and exit codes. `main` returns an exit code and never calls exit; `cli` is the one place
// that ends the process.
import { pathToFileURL } from 'node:url';
import { isDanganError } from './domain/errors.js';
import { COMMANDS, usage } from './cli/registry.js';

export async function main(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`dangan: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, env);
  } catch (e) {
    if (isDanganError(e)) {
      console.error(`dangan ${name}: ${e.code}: ${e.messages.en}\n${e.messages.zh}`);
      return 1;
    }
    console.error(`dangan ${name}: ${(e as Error).message}`);
    return 1;
  }
}

/**
 * Runs a command as the process (bin/dangan.js, `tsx server/main.ts`). A failure exits at once with its code:
 * whatever a failed start may still hold open (a socket, a timer, a device) must not keep a process alive that
 * a service manager would report as running. Success lets the event loop drain.
 */
export async function cli(argv: string[] = process.argv.slice(2)): Promise<void> {
  const code = await main(argv);
  if (code !== 0) process.exit(code);
  process.exitCode = 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await cli();
