// `runbook report SESSION --format md|json|html [-o PATH]`: rebuilds a session's report from its journal
// alone (so it can be regenerated any time, also after a crash).

import { writeFileSync } from 'node:fs';
import type { Command } from '../command.js';
import { parse } from '../args.js';
import { UserError, EXIT } from '../../errors.js';
import { findSession, latestSession } from '../../session/list.js';
import { prepareReports, renderReport, REPORT_FORMATS, type ReportFormat } from '../../report/render.js';

const command: Command = {
  summary: 'rebuild a session\'s post-incident report (md, json or html)',
  usage: `
Usage: runbook report [SESSION] [--format md|json|html] [-o PATH]

Rebuilds the post-incident report of SESSION (a session folder, or an id or id prefix under
./.runbook/sessions; default: the latest session) from its journal alone, and prints it or writes it to
PATH. The JSON format is a documented contract (see the README, "Reports").

Options:
  --format F    md (default), json or html (one self-contained page)
  -o, --output PATH   write to PATH instead of standard output
  --root DIR    where sessions live (default ./.runbook/sessions)
`,
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      { format: { type: 'string', default: 'md' }, output: { type: 'string', short: 'o' }, root: { type: 'string' } },
      'report',
    );
    const format = values.format as ReportFormat;
    if (!REPORT_FORMATS.includes(format)) throw new UserError(`runbook report: --format must be md, json or html, not "${values.format}"`);
    const name = positionals[0];
    // Read once, folded once: the report is built from that fold.
    const session = name ? findSession(name, values.root) : latestSession(values.root);
    if (!session) throw new UserError(name ? `runbook report: no session "${name}" (see runbook sessions)` : 'runbook report: no sessions yet (see runbook sessions)', EXIT.usage);
    for (const w of session.warnings) process.stderr.write(`runbook: warning: ${w}\n`);
    await prepareReports();
    const text = renderReport(session.derived, format);
    if (values.output) {
      writeFileSync(values.output, text);
      process.stderr.write(`Wrote ${values.output}\n`);
    } else {
      process.stdout.write(text);
    }
    return 0;
  },
};
export default command;
