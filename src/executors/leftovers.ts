// Processes a shell statement started that still run after it ended: background jobs (`sleep 20 &`),
// daemons (`pg_ctl start`, `nohup ... &`) and anything that left its process group (`setsid`). Every
// process started by a statement inherits a token in its environment, so they are found in
// /proc/<pid>/environ whichever group or session they moved to (a process that clears its environment is
// not found). Linux only; elsewhere nothing is found.

import { readdirSync, readFileSync } from 'node:fs';

export const TOKEN_VARIABLE = 'RUNBOOK_STATEMENT_TOKEN';

export interface Leftover {
  pid: number;
  /** The command line, cut to 80 characters. */
  command: string;
  /** Its process group: the statement's own group, or another one it escaped to. */
  pgid: number;
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Live processes carrying `token` (zombies have no environment and are not listed). */
export function findLeftovers(token: string): Leftover[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const needle = `\0${TOKEN_VARIABLE}=${token}\0`;
  const out: Leftover[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const environ = read(`/proc/${name}/environ`);
    if (!environ || !`\0${environ}`.includes(needle)) continue;
    const stat = read(`/proc/${name}/stat`) ?? '';
    const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    const command = (read(`/proc/${name}/cmdline`) ?? '').split('\0').filter(Boolean).join(' ');
    out.push({ pid: Number(name), command: command.length > 80 ? `${command.slice(0, 79)}…` : command, pgid });
  }
  return out;
}

/** `pid 123 (sleep 60), pid 456 (postgres -D ...)` */
export function describeLeftovers(list: Leftover[]): string {
  return list.map((l) => `pid ${l.pid}${l.command ? ` (${l.command})` : ''}`).join(', ');
}
