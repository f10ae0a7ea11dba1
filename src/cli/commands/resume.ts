// `runbook resume [SESSION]`: rebuilds a session from its journal and continues at the first unfinished
// statement (one that started but never finished runs again; finished ones never do). With --yes it
// runs on without a UI exactly like `runbook exec`; otherwise it opens the terminal UI.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from '../command.js';
import { parse, parseParams } from '../args.js';
import { UserError, EXIT } from '../../errors.js';
import { RUN_FLAGS, assertRunnable, branchFlags, drive, policyFrom, resolveForRun } from '../exec-flow.js';
import { TIME_FLAGS, givenTimes, recordGivenTimes } from '../given-times.js';
import { Stopper, stopUiOnSignal } from '../signals.js';
import { askSecrets } from '../secret-prompt.js';
import { findSession, latestUnfinished } from '../../session/list.js';
import { changedSteps, stepHashes } from '../../session/plan.js';
import { journaledParams } from '../../session/state.js';
import { FINAL_STATUSES } from '../../session/types.js';
import { describeTarget, sameDatabase } from '../../database/target.js';

const command: Command = {
  summary: 'continue an unfinished session from its journal',
  usage: `
Usage: runbook resume [SESSION] [--yes] [exec options] [--accept-changes]

Continues SESSION (a session folder, or an id or id prefix under ./.runbook/sessions; default: the latest
unfinished session) at its first unfinished statement. Statements that finished are never run again; one
that started but never finished (the process died) runs again. Without --yes the terminal UI opens.

If the runbook changed since the session started, the changed steps are named and you are asked; with
--yes resume refuses unless --accept-changes.

Options: the same as runbook exec (--yes, --param, --allow-destructive, --dry-run, --continue-on-error,
--read-only, --db, --json, --when, --all-branches, --detected-at, --resolved-at), plus
  --accept-changes   continue although the runbook's steps changed
  --root DIR         where sessions live (default ./.runbook/sessions)
Secret parameter values are never journaled: give them again with --param NAME=@FILE or --param-env,
or type them when asked (on a terminal).
`,
  async run(argv) {
    const { values: flags, positionals } = parse(
      argv,
      { ...RUN_FLAGS, ...TIME_FLAGS, 'accept-changes': { type: 'boolean' }, root: { type: 'string' } },
      'resume',
    );
    if (flags['session-dir']) throw new UserError('runbook resume: give the session folder as SESSION, not --session-dir');
    const name = positionals[0];
    // The session's journal is read once and folded once here; everything below works from that fold.
    const found = name ? findSession(name, flags.root) : latestUnfinished(flags.root);
    if (!found) throw new UserError(name ? `runbook resume: no session "${name}" (see runbook sessions)` : 'runbook resume: no unfinished session (see runbook sessions)');
    for (const w of found.warnings) process.stderr.write(`runbook: warning: ${w}\n`);
    const journaled = found.derived;
    const id = journaled.state.id;
    if (journaled.state.status === 'completed') throw new UserError(`runbook resume: session ${id} is already completed (its report: runbook report ${id})`);

    const runbookPath = journaled.state.runbookPath;
    const path = existsSync(runbookPath) ? runbookPath : resolve(found.dir, '../../..', runbookPath);
    const { loadRunbook } = await import('../load.js');
    const { runbook, hash } = await loadRunbook(path);
    const procedure = runbook.procedures.find((p) => p.id === journaled.state.procedureId);
    if (!procedure) throw new UserError(`${path}: procedure "${journaled.state.procedureId}" of session ${id} is no longer in the runbook`);
    const changed = hash === journaled.runbookHash ? [] : changedSteps(journaled.steps, stepHashes(procedure));
    let accept = !!flags['accept-changes'];
    if (changed.length && !accept) {
      const list = changed.join('; ');
      if (flags.yes || !process.stdin.isTTY) throw new UserError(`runbook resume: ${path} changed since the session started (steps: ${list}); pass --accept-changes to continue`);
      accept = await ask(`${path} changed since the session started. Changed steps: ${list}\nContinue with the new text? [y/N] `);
      if (!accept) return EXIT.usage;
    }

    const interactive = !flags.yes;
    const params = parseParams(flags.param, flags['param-env']);
    const policy = policyFrom(flags, interactive);
    const times = givenTimes(flags);
    // A failed or cancelled statement is final in the journal; resume continues after it.
    if (!interactive) {
      const done = (statementId: string) => {
        const s = journaled.state.statements.find((v) => v.id === statementId)?.state.status;
        return s !== undefined && FINAL_STATUSES.includes(s);
      };
      Object.assign(params, await assertRunnable(path, procedure, policy, { ...journaledParams(journaled), ...params }, done, branchFlags(flags), flags['dry-run'] ? undefined : askSecrets));
    }

    const stop = new Stopper().install();
    try {
      const db = await resolveForRun(flags.db, !flags['dry-run'], (m) => process.stderr.write(`${m}\n`));
      try {
        // Stopped while the database started: nothing was journaled, nothing ran.
        if (stop.signal) return stop.exitCode!;
        const t = db.target;
        const was = journaled.state.target;
        if (!flags.db && !sameDatabase(was, describeTarget(t))) {
          throw new UserError(`runbook resume: session ${id} ran against ${was.url}, but the current target is ${describeTarget(t).url}; pass --db to choose`, EXIT.usage);
        }
        const { resumeSession } = await import('../../session/open.js');
        const { realDeps } = await import('../../session/deps.js');
        const { attachReportWriter } = await import('../../report/writer.js');
        const engine = await resumeSession(found, { runbook, runbookHash: hash, target: t, policy, params, acceptChanges: accept, deps: realDeps });
        attachReportWriter(engine);
        try {
          await recordGivenTimes(engine, times);
          if (!interactive) {
            await engine.fillDerivable();
            return await drive({ engine, procedure, flags, unreachable: db.unreachable, contacts: runbook.contacts, stop });
          }
          if (db.unreachable) {
            // The terminal UI runs without a database (as `runbook run` does); the journal records the outage.
            await engine.recordUnreachable(db.unreachable);
            process.stderr.write(`runbook: warning: ${db.unreachable}; SQL statements will fail until it answers\n`);
          }
          if (!process.stdin.isTTY || !process.stdout.isTTY) throw new UserError('runbook resume: the terminal UI needs a terminal; pass --yes to continue without it', EXIT.usage);
          const { runInteractive } = await (await import('../load-ui.js')).loadUi();
          return await runInteractive({ runbook, procedure, controller: engine, stop: stopUiOnSignal(stop, () => engine), onTerminal: (handedOver) => stop.hold(handedOver) });
        } finally {
          await engine.close();
        }
      } finally {
        await db.release();
      }
    } finally {
      stop.dispose();
    }
  },
};

async function ask(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export default command;
