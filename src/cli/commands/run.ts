// `runbook run [FILE] [PROCEDURE]`: the terminal UI. The picker is drawn before any database work starts:
// the target is resolved (and the embedded server started) in the background while the operator picks,
// and the UI module itself is imported lazily so that no other command pays for Ink and React.

import { environmentParams } from '../../session/params.js';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '../command.js';
import { EXIT, UserError } from '../../errors.js';
import { parse, parseParams } from '../args.js';
import { TIME_FLAGS, givenTimes, recordGivenTimes } from '../given-times.js';
import type { Target } from '../../database/target.js';
import type { SessionEngine } from '../../session/engine.js';
import { Stopper, stopUiOnSignal } from '../signals.js';
import { checkSessionDir } from '../session-dir.js';

const USAGE = `
Usage: runbook run [FILE] [PROCEDURE] [options]

Walks you through a procedure of a Markdown runbook in the terminal: each statement is shown, asked for
and run on confirmation, and everything is journaled. FILE defaults to the bundled
runbooks/database-operations.md; without PROCEDURE a picker lists the procedures.

Options:
  --db URL            database to run SQL on (default: DATABASE_URL, PG* variables, else the embedded demo database)
  --param NAME=VALUE  value for a [placeholder] (repeatable; NAME=@FILE reads it from FILE)
  --param-env NAME=VAR  value for a [placeholder] from the environment variable VAR (repeatable)
  --read-only         run SQL in read-only transactions
  --dry-run           show and journal statements without running them
  --session-dir DIR   where the session's journal, outputs and report go
  --detected-at TIME  when the incident was detected (the report's Detection; default: the session's start)
  --resolved-at TIME  when it was resolved (the report's Resolution; default: left blank)
                      TIME: ISO 8601 (2025-03-14T09:12Z, 2025-03-14 09:12+01:00) or HH:MM local time
Keys: Enter run · a run block · s skip · e edit · n note · Space tick · j/k move · b back · c contacts · q finish
Without a terminal, use \`runbook exec\`.
`;

/** The package root: the first folder up from this module holding the bundled runbook (dist/ or src/cli/commands/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'runbooks', 'database-operations.md'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

/** A word as a POSIX shell reads it back: bare when safe, else double-quoted. */
function shellWord(word: string): string {
  return /^[\w./:@%+-]+$/.test(word) ? word : `"${word.replace(/(["\\$`])/g, '\\$1')}"`;
}

async function recordIfUnreachable(engine: SessionEngine, target: Target): Promise<void> {
  const { whyUnreachable } = await import('../../database/open.js');
  const why = await whyUnreachable(target);
  if (why) await engine.recordUnreachable(why).catch(() => undefined);
}

export function bundledRunbook(): string {
  return join(packageRoot(), 'runbooks', 'database-operations.md');
}

const command: Command = {
  summary: 'walk through a procedure in the terminal UI (the default command)',
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      {
        db: { type: 'string' },
        param: { type: 'string', multiple: true },
        'param-env': { type: 'string', multiple: true },
        'read-only': { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        'session-dir': { type: 'string' },
        ...TIME_FLAGS,
      },
      'run',
    );
    if (positionals.length > 2) throw new UserError(`runbook run: too many arguments (see runbook run --help)`, EXIT.usage);
    // `runbook run "Database Down"` names a procedure of the bundled runbook.
    let file: string | undefined = positionals[0];
    let name: string | undefined = positionals[1];
    if (file !== undefined && name === undefined && !/\.(md|markdown)$/i.test(file) && !existsSync(file)) {
      name = file;
      file = undefined;
    }
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      // Repeat what the operator named, so the suggested command is one to copy.
      const exec = `runbook exec ${file ? shellWord(file) : 'FILE'} ${name ? shellWord(name) : 'PROCEDURE'}`;
      throw new UserError(`runbook run needs a terminal; to run a procedure without one, use \`${exec}\``, EXIT.usage);
    }
    checkSessionDir(values['session-dir'] as string | undefined);
    const params = parseParams(values.param as string[] | undefined, values['param-env'] as string[] | undefined);
    const db = values.db as string | undefined;
    const times = givenTimes(values);

    const [{ loadRunbook, findProcedureOrFail }, ui] = await Promise.all([
      import('../load.js'),
      import('../load-ui.js').then(({ loadUi }) => loadUi()),
    ]);
    const { runbook, source, hash } = await loadRunbook(file ?? bundledRunbook());
    const procedure = name !== undefined ? findProcedureOrFail(runbook, name) : undefined;

    let release: (() => Promise<void>) | undefined;
    let targetPromise: Promise<Target> | undefined;
    const target = () =>
      (targetPromise ??= (async () => {
        // Not checked: a "Database Down" session must open when the database does not answer.
        const { openTarget } = await import('../../database/open.js');
        const opened = await openTarget({ db, check: false });
        release = opened.release;
        return opened.target;
      })());
    const embedded = !(await import('../../database/resolve.js')).namesDatabase(db);
    // Start the database once the first frame is out, so it never delays the picker.
    const warmUp = setTimeout(() => void target().catch(() => undefined), 150);

    // SIGTERM/SIGHUP (and a SIGINT sent by kill; Ctrl-C at the keyboard is a key to the UI) end the session
    // as aborted and the UI with 143/129/130.
    const stop = new Stopper().install();
    let engine: SessionEngine | undefined;
    let opening: Promise<SessionEngine> | undefined;
    try {
      return await ui.runInteractive({
        runbook,
        procedure,
        openingMessage: embedded ? 'Starting the embedded demo database…' : 'Connecting…',
        stop: stopUiOnSignal(stop, () => engine),
        onTerminal: (handedOver) => stop.hold(handedOver),
        openSession: (chosen) =>
          (opening = (async () => {
            const [{ openSession }, { realDeps }, { attachReportWriter }] = await Promise.all([
              import('../../session/open.js'),
              import('../../session/deps.js'),
              import('../../report/writer.js'),
            ]);
            engine = await openSession({
              runbook,
              source,
              runbookHash: hash,
              procedure: chosen,
              target: await target(),
              policy: { confirmEach: true, allowDestructive: true, readOnly: !!values['read-only'], dryRun: !!values['dry-run'] },
              params: { ...environmentParams(chosen, process.env), ...params },
              sessionDir: values['session-dir'] as string | undefined,
              deps: realDeps,
            });
            attachReportWriter(engine);
            await recordGivenTimes(engine, times);
            // Not checked before the session opened (an outage procedure must open in an outage); checked now
            // in the background, so the journal and report say the target did not answer, as exec's do.
            if (!embedded && !values['dry-run']) void recordIfUnreachable(engine, await target());
            // Stopped while it opened: the UI is gone; the session ends as aborted before anything ran.
            if (stop.signal) await engine.finish(undefined, { aborted: true });
            return engine;
          })()),
      });
    } finally {
      clearTimeout(warmUp);
      await opening?.catch(() => undefined);
      await engine?.close().catch(() => undefined);
      await release?.().catch(() => undefined);
      stop.dispose();
    }
  },
};
export default command;
