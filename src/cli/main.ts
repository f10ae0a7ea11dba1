#!/usr/bin/env node
// The `runbook` entry point: dispatches to one module per command, each loaded only when used, so that
// `runbook list` never loads Ink, React or pg.

import { UserError, EXIT, pathError } from '../errors.js';
import { VERSION } from './version.js';

import type { Command } from './command.js';

const commands: Record<string, () => Promise<{ default: Command }>> = {
  list: () => import('./commands/list.js'),
  show: () => import('./commands/show.js'),
  graph: () => import('./commands/graph.js'),
  check: () => import('./commands/check.js'),
  run: () => import('./commands/run.js'),
  exec: () => import('./commands/exec.js'),
  resume: () => import('./commands/resume.js'),
  sessions: () => import('./commands/sessions.js'),
  report: () => import('./commands/report.js'),
  db: () => import('./commands/db.js'),
  drill: () => import('./commands/drill.js'),
};

const ORDER = ['run', 'exec', 'resume', 'sessions', 'report', 'drill', 'list', 'show', 'graph', 'check', 'db'];

async function help(): Promise<string> {
  const lines = [
    `runbook ${VERSION}: executable runbook notebooks for PostgreSQL operations`,
    '',
    'Usage: runbook <command> [options]',
    '',
    'Commands:',
  ];
  for (const name of ORDER) {
    const mod = await commands[name]!().catch(() => undefined);
    if (mod) lines.push(`  ${name.padEnd(9)} ${mod.default.summary}`);
  }
  lines.push('', 'Run `runbook <command> --help` for a command\'s options.', 'With no command, `runbook` is `runbook run` (the terminal UI).');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-V') {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(`${await help()}\n`);
    return EXIT.ok;
  }
  const name = first === undefined || first.startsWith('-') ? 'run' : first;
  const args = first === undefined || first.startsWith('-') ? argv : rest;
  const load = commands[name];
  if (!load) throw new UserError(`unknown command "${name}" (run \`runbook --help\` for the list)`);
  const command = (await load()).default;
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${command.usage.trim()}\n`);
    return EXIT.ok;
  }
  return command.run(args);
}

function fail(caught: unknown): number {
  const error = pathError(caught) ?? caught;
  if (error instanceof UserError) {
    process.stderr.write(`runbook: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`runbook: internal error: ${message}\n`);
  if (process.env.RUNBOOK_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return EXIT.failure;
}

// Write errors on a closed pipe (`runbook list | head`) end the process quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.exitCode = fail(error);
  },
);
