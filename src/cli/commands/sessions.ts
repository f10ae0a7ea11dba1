// `runbook sessions [--json] [--root DIR]`: the sessions recorded under ./.runbook/sessions, oldest first,
// with procedure, start, status and report path. `active` means unfinished: `runbook resume` continues it.

import type { Command } from '../command.js';
import { parse } from '../args.js';
import { listSessions, sessionsRoot } from '../../session/list.js';
import { relative } from 'node:path';

const command: Command = {
  summary: 'list recorded sessions with their status and report',
  usage: `
Usage: runbook sessions [--json] [--root DIR]

Lists the sessions recorded under ./.runbook/sessions (or --root DIR): id, procedure, start time, status
(active = unfinished, resumable with \`runbook resume\`; completed; aborted) and the report's path.

Options:
  --json        one JSON object per line: { id, dir, runbook, procedure, startedAt, endedAt, status, reportPath }
  --root DIR    where sessions live (default ./.runbook/sessions)
`,
  async run(argv) {
    const { values } = parse(argv, { json: { type: 'boolean' }, root: { type: 'string' } }, 'sessions');
    const root = values.root ?? sessionsRoot();
    const sessions = listSessions(root);
    if (values.json) {
      for (const s of sessions) {
        const { warnings: _w, ...rest } = s;
        process.stdout.write(`${JSON.stringify(rest)}\n`);
      }
      return 0;
    }
    if (sessions.length === 0) {
      process.stdout.write(`No sessions in ${relative(process.cwd(), root) || '.'}\n`);
      return 0;
    }
    const rows = sessions.map((s) => [s.id, s.procedure, s.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'), s.status, s.reportPath ? relative(process.cwd(), s.reportPath) : '-']);
    const header = ['SESSION', 'PROCEDURE', 'STARTED', 'STATUS', 'REPORT'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]!].length)));
    const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - [...c].length))).join('  ');
    process.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\n`);
    return 0;
  },
};
export default command;
