// What every `runbook <command>` module exports as its default: a one-line summary for `runbook --help`,
// its own usage text, and run(argv) returning the exit code.

export interface Command {
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}
