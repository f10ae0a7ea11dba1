// `runbook db start|stop|status|url|reset|install-toolkit`: manage the embedded demo database, and
// install the ops toolkit into any database. `--json` outputs are a documented contract (README
// "Databases"); they never contain the password. `db url` is the one place it is printed, on purpose:
// it exists so that `psql "$(runbook db url)"` and shell blocks can connect.

import type { Command } from '../command.js';
import { parse } from '../args.js';
import { UserError, EXIT } from '../../errors.js';
import { describeTarget, type Target } from '../../database/target.js';
import type { ToolkitResult } from '../../database/toolkit.js';
import type { DeclaredSource } from '../../database/toolkit-settings.js';
import { formatDiagnostic } from '../../runbook/diagnostics.js';

const USAGE = `
Usage: runbook db <action> [options]

Actions:
  start             start the embedded database (created with demo data on first use) and leave it running
  stop              stop the embedded database
  status            show whether it exists and runs, where, and on which port
  url               print its connection string (password included) for psql and shell scripts
  reset             stop it and delete its directory; the next start creates a fresh demo database
  install-toolkit   install the ops toolkit (schemas, functions, audit) into a database, in one transaction,
                    with the thresholds, targets and backup schedule of a runbook

Options:
  --json            machine-readable output (no passwords)
  --db URL          install-toolkit: target database (default: DATABASE_URL, PG* variables, else embedded)
  --demo-data       install-toolkit: also load the demo rows (empty tables only)
  --runbook FILE    install-toolkit: the runbook whose Alert Thresholds, Key Metrics Targets and Backup
                    Schedule the toolkit judges by (default: the bundled runbooks/database-operations.md)

The embedded database lives in $RUNBOOK_EMBEDDED_DIR, else \${XDG_STATE_HOME:-~/.local/state}/runbook/embedded
(as root: /var/lib/runbook/embedded).
`;

const print = (json: boolean, value: unknown, text: string) => process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${text}\n`);
const progress = (message: string) => process.stderr.write(`runbook: ${message}\n`);

const command: Command = {
  summary: 'manage the embedded PostgreSQL (start, stop, status, url, reset) and install the toolkit',
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parse(argv, { json: { type: 'boolean' }, db: { type: 'string' }, 'demo-data': { type: 'boolean' }, runbook: { type: 'string' } }, 'db');
    const json = Boolean(values.json);
    const [action, ...extra] = positionals;
    if (extra.length) throw new UserError(`runbook db ${action}: unexpected argument "${extra[0]}"`, EXIT.usage);
    const embedded = await import('../../database/embedded.js');
    switch (action) {
      case 'start': {
        const r = await embedded.startEmbedded({ onProgress: progress });
        const d = describeTarget(r.target);
        const state = r.startedHere ? (r.created ? 'created and started' : 'started') : 'already running';
        print(json, { status: r.startedHere ? 'started' : 'running', created: r.created, ms: Math.round(r.ms), target: d, dir: embedded.embeddedDir() }, `embedded database ${state}: ${d.url} (${Math.round(r.ms)} ms)`);
        return EXIT.ok;
      }
      case 'stop': {
        const r = await embedded.stopEmbedded();
        print(json, { status: r }, r === 'not-running' ? 'embedded database was not running' : `embedded database stopped${r === 'killed' ? ' (forced)' : ''}`);
        return EXIT.ok;
      }
      case 'status': {
        const s = embedded.embeddedStatus();
        const target = s.target ? describeTarget(s.target) : undefined;
        const doc = { dir: s.dir, initialized: s.initialized, running: s.running, pid: s.pid, port: s.port, logFile: s.logFile, ...(target ? { target } : {}) };
        const text = !s.initialized
          ? `embedded database not created yet (${s.dir}); \`runbook db start\` creates it`
          : s.running
            ? `embedded database running: ${target?.url ?? `port ${s.port}`} (pid ${s.pid}, ${s.dir})`
            : `embedded database stopped (${s.dir})`;
        print(json, doc, text);
        return EXIT.ok;
      }
      case 'url': {
        const s = embedded.embeddedStatus();
        if (!s.running || !s.target) throw new UserError('the embedded database is not running: start it with `runbook db start`', EXIT.database);
        print(json, { url: s.target.connectionString }, s.target.connectionString);
        return EXIT.ok;
      }
      case 'reset': {
        const dir = embedded.embeddedDir();
        await embedded.resetEmbedded();
        print(json, { status: 'reset', dir }, `embedded database deleted (${dir}); the next start creates a fresh one`);
        return EXIT.ok;
      }
      case 'install-toolkit':
        return installToolkitCommand(values.db, Boolean(values['demo-data']), values.runbook, json);
      case undefined:
        throw new UserError('runbook db: which action? (start, stop, status, url, reset, install-toolkit; see runbook db --help)', EXIT.usage);
      default:
        throw new UserError(`runbook db: unknown action "${action}" (start, stop, status, url, reset, install-toolkit)`, EXIT.usage);
    }
  },
};
export default command;

async function installToolkitCommand(db: string | undefined, demoData: boolean, runbookPath: string | undefined, json: boolean): Promise<number> {
  let source: DeclaredSource | undefined;
  if (runbookPath !== undefined) {
    // Read before connecting: a bad file is a usage error that touches no database.
    const { loadRunbook } = await import('../load.js');
    const { runbook } = await loadRunbook(runbookPath);
    for (const d of runbook.diagnostics.filter((x) => x.ruleId === 'declared-value')) progress(formatDiagnostic(d));
    source = { path: runbook.path, declared: runbook.declared };
  }
  const { resolveTarget } = await import('../../database/resolve.js');
  const { openEmbedded } = await import('../../database/embedded.js');
  const { connectClient } = await import('../../database/connect.js');
  let release = async () => {};
  const target: Target = await resolveTarget({
    db,
    onWarning: progress,
    embedded: async () => {
      const handle = await openEmbedded({ onProgress: progress });
      release = handle.release;
      return handle.target;
    },
  });
  try {
    const d = describeTarget(target);
    if (!json) progress(`installing the toolkit into ${d.url}`);
    const client = await connectClient(target);
    try {
      const { installToolkit } = await import('../../database/toolkit.js');
      let result: ToolkitResult;
      try {
        result = await installToolkit(client, { demoData, ...(source ? { runbook: source } : {}) });
      } catch (error) {
        throw new UserError(`install-toolkit failed (rolled back): ${(error as Error).message.split('\n')[0]}`, EXIT.failure);
      }
      const { from, thresholds, targets, schedule } = result.settings;
      const created = result.created.length ? `created:\n${result.created.map((name) => `  ${name}`).join('\n')}` : 'nothing to create: the toolkit was already installed';
      const settings = `from ${from}: ${thresholds} alert thresholds, ${targets} targets, ${schedule} backup schedule rows`;
      print(json, { target: d, created: result.created, settings: result.settings }, `${created}\n${settings}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  } finally {
    await release();
  }
  return EXIT.ok;
}
