// `runbook resume [SESSION]`: rebuilds a session from its journal and continues at the first unfinished
// statement (one that started but never finished runs again; finished ones never do). With --yes it
// runs on without a UI exactly like `runbook exec`; otherwise it opens the terminal UI.

import { environmentParams } from '../../session/params.js';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from '../command.js';
import { parse, parseParams } from '../args.js';
import { UserError, EXIT } from '../../errors.js';
import { RUN_FLAGS, assertRunnable, branchFlags, drive, policyFrom, resolveForRun } from '../exec-flow.js';
import { TIME_FLAGS, givenTimes, recordGivenTimes } from '../given-times.js';
import { Stopper, stopUiOnSignal } from '../signals.js';
import { askSecrets } from '../secret-prompt.js';
import { JOURNAL_FILE, findSession, latestUnfinished, type InspectedSession } from '../../session/list.js';
import type { SessionLock } from '../../session/lock.js';
import { allDone, isDone } from '../../session/outcome.js';
import { headlessRefusal, interruptedPhrase } from '../../session/interrupted.js';
import { changedSteps, stepHashes } from '../../session/plan.js';
import { journaledParams } from '../../session/state.js';
import { describeTarget, sameDatabase } from '../../database/target.js';

const RESUME_FLAGS = {
  ...RUN_FLAGS,
  ...TIME_FLAGS,
  'accept-changes': { type: 'boolean' },
  root: { type: 'string' },
  force: { type: 'boolean' },
  'rerun-interrupted': { type: 'boolean' },
} as const;

const parseResume = (argv: string[]) => parse(argv, RESUME_FLAGS, 'resume');
type ResumeFlags = ReturnType<typeof parseResume>['values'];

const command: Command = {
  summary: 'continue an unfinished session from its journal',
  usage: `
Usage: runbook resume [SESSION] [--yes] [exec options] [--accept-changes]

Continues SESSION (a session folder, or an id or id prefix under ./.runbook/sessions; default: the latest
unfinished session) at its first unfinished statement. Statements that succeeded, or that were skipped by
choice, are never run again; failed and cancelled ones are unfinished work and run again. One that
started but never finished (the process died: interrupted) may have done its work: resume asks the
server whether it still runs, and with --yes stops, saying so, unless --rerun-interrupted (never while
the server still runs it); the terminal UI shows it as interrupted and asks again. Without --yes the
terminal UI opens. One process writes a session at a time: while another holds it, resume is refused
naming that process.

If the runbook changed since the session started, the changed steps are named and you are asked; with
--yes resume refuses unless --accept-changes.

Options: the same as runbook exec (--yes, --param, --allow-destructive, --dry-run, --continue-on-error,
--read-only, --db, --json, --when, --all-branches, --detected-at, --resolved-at), plus
  --accept-changes   continue although the runbook's steps changed
  --rerun-interrupted  with --yes: run an interrupted statement again (not while it still runs)
  --force            resume although a line inside the journal is unreadable (what it recorded is lost)
  --root DIR         where sessions live (default ./.runbook/sessions)
Secret parameter values are never journaled: give them again with --param NAME=@FILE or --param-env,
or type them when asked (on a terminal).
`,
  async run(argv) {
    const { values: flags, positionals } = parseResume(argv);
    if (flags['session-dir']) throw new UserError('runbook resume: give the session folder as SESSION, not --session-dir');
    const name = positionals[0];
    // The session's journal is read once and folded once here; everything below works from that fold.
    const located = name ? findSession(name, flags.root) : latestUnfinished(flags.root);
    if (!located) throw new UserError(name ? `runbook resume: no session "${name}" (see runbook sessions)` : 'runbook resume: no unfinished session (see runbook sessions)');
    // One writer per session: a second resume (or the exec still running it) is refused here, naming the
    // process that holds it. The journal is read again if it grew before the lock was ours.
    const { lockForResume } = await import('../../session/open.js');
    const { session: found, lock } = lockForResume(located);
    try {
      return await resumeLocked(found, lock, flags);
    } finally {
      lock.release();
    }
  },
};

/** The rest of resume, holding the session's lock (`lock` goes to the engine, whose close releases it). */
async function resumeLocked(found: InspectedSession, lock: SessionLock, flags: ResumeFlags): Promise<number> {
  for (const w of found.warnings) process.stderr.write(`runbook: warning: ${w}\n`);
  if (found.damaged.length && !flags.force) {
    const lines = found.damaged.join(', ');
    throw new UserError(`runbook resume: ${join(found.dir, JOURNAL_FILE)}:${found.damaged[0]}: the journal is damaged (unreadable line${found.damaged.length > 1 ? `s ${lines}` : ''}); what it recorded is lost, so a statement could run again; pass --force to resume anyway`);
  }
  const journaled = found.derived;
  const id = journaled.state.id;
  // A session that ran to its end with a statement failed (--continue-on-error) still has work to do.
  if (journaled.state.status === 'completed' && allDone(journaled.state, !!flags['dry-run'])) throw new UserError(`runbook resume: session ${id} is already completed (its report: runbook report ${id})`);

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
  const params = { ...environmentParams(procedure, process.env), ...parseParams(flags.param, flags['param-env']) };
  const policy = policyFrom(flags, interactive);
  const times = givenTimes(flags);
  // Succeeded and chosen skips are done; a failed, cancelled or cut-off statement is unfinished work.
  if (!interactive) {
    const done = (statementId: string) => {
      const s = journaled.state.statements.find((v) => v.id === statementId)?.state;
      return s !== undefined && isDone(s, policy.dryRun);
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
      const engine = await resumeSession(found, { runbook, runbookHash: hash, target: t, policy, params, acceptChanges: accept, deps: realDeps, lock });
      attachReportWriter(engine);
      try {
        await recordGivenTimes(engine, times);
        if (!interactive) {
          if (!flags['dry-run']) {
            // What a dead process left running: never started again while the server still runs it, and
            // otherwise only when the operator says so (it may have done its work before the process died).
            const refusal = headlessRefusal(engine.interrupted, !!flags['rerun-interrupted']);
            if (refusal) throw new UserError(`runbook resume: ${refusal}`, EXIT.failure);
            for (const i of engine.interrupted) process.stderr.write(`runbook: line ${i.line} runs again (--rerun-interrupted): ${interruptedPhrase(i)}\n`);
          }
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
}

async function ask(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export default command;
