// What every `dangan` subcommand is: its usage line, a one-line summary and how it runs. The command
// files (commands.ts, hardware-commands.ts, label-commands.ts) build these; registry.ts collects them.
export interface Command {
  usage: string;
  summary: string;
  run(args: string[], env: Record<string, string | undefined>): Promise<number>;
}
