// `runbook exec FILE PROCEDURE`: runs every statement of a procedure in order with no terminal UI (cron,
// drills, CI), through the same session engine as the UI, so it journals and reports. Refuses to start
// without --yes, with a destructive statement and no --allow-destructive, or with a parameter missing;
// an unreachable database is not a refusal (see exec-flow.ts) but ends with exit 3.

import { environmentParams } from '../../session/params.js';
import type { Command } from '../command.js';
import { parse, parseParams } from '../args.js';
import { UserError } from '../../errors.js';
import { checkSessionDir } from '../session-dir.js';
import { RUN_FLAGS, assertRunnable, branchFlags, drive, policyFrom, resolveForRun } from '../exec-flow.js';
import { TIME_FLAGS, TIME_USAGE, givenTimes, recordGivenTimes } from '../given-times.js';
import { Stopper } from '../signals.js';
import { askSecrets } from '../secret-prompt.js';

const command: Command = {
  summary: 'run a procedure non-interactively (cron, drills, CI), journaled',
  usage: `
Usage: runbook exec FILE PROCEDURE --yes [options]

Runs every statement of PROCEDURE (a title, id or unique prefix) in order, without the terminal UI,
through the same session engine as \`runbook run\`: everything is journaled under
./.runbook/sessions/<started-at>-<procedure>/ and a report.md is kept current.

Options:
  --param NAME=VALUE     a placeholder's value (repeatable); parameters are bound, never pasted.
                         NAME=@FILE reads it from FILE (a command line is visible to other users in ps)
  --param-env NAME=VAR   a placeholder's value from the environment variable VAR (repeatable)
                         On a terminal, secret placeholders left without a value are asked, not echoed
  -y, --yes              required: run without asking
  --allow-destructive    allow statements classified destructive (refused otherwise, before anything runs)
  --dry-run              print exactly what would run, parameters bound, with each write's preview;
                         nothing is executed
  --preview              print what each write and destructive SQL statement would touch (rows it
                         would change, sessions it would end, grants, settings, locks); nothing is
                         executed (a dry run; --yes not needed)
  --continue-on-error    keep going after a failed statement (default: stop at the first)
  --read-only            run SQL in read-only transactions; write/destructive statements are skipped
  --db URL               where SQL runs (else DATABASE_URL, PG* variables, or the embedded database)
  --session-dir DIR      the session folder (journal.jsonl, outputs/, report.md)
  --json                 one JSON object per statement per line on stdout (contract in the README)
  --when TEXT            take the runbook's branch whose condition says TEXT ("Debian", "option a",
                         "webhook") or whose step/block id is TEXT (repeatable)
  --all-branches         take every conditional branch (each alternative runs, in order)
${TIME_USAGE}

Conditional steps and blocks ("If ...", "Otherwise", "Option A/B", tabs) run only when --when or
--all-branches takes them; the others are skipped with the reason (not chosen), which is no failure.

Exit status: 0 when every statement succeeded, 1 otherwise, 2 for bad usage or a missing parameter,
3 when the database cannot be reached, 130/143/129 after Ctrl-C/SIGTERM/SIGHUP (the running statement
is cancelled and the session ends as aborted).
An unreachable database does not stop the run: the session, journal and report are kept, shell
statements run, SQL statements fail as "cannot connect", and the steps to do by hand are listed.
`,
  async run(argv) {
    const { values: flags, positionals } = parse(argv, { ...RUN_FLAGS, ...TIME_FLAGS, preview: { type: 'boolean' } }, 'exec');
    // A preview is a dry run that shows what each write would touch.
    if (flags.preview) flags['dry-run'] = true;
    const [file, name] = positionals;
    if (!file || !name || positionals.length > 2) throw new UserError('runbook exec: expected FILE PROCEDURE (see runbook exec --help)');
    if (!flags.yes && !flags['dry-run']) {
      throw new UserError('runbook exec: --yes is required (exec runs statements without asking; use `runbook run` to confirm each)');
    }
    checkSessionDir(flags['session-dir']);
    const params = parseParams(flags.param, flags['param-env']);
    const { loadRunbook, findProcedureOrFail } = await import('../load.js');
    const { runbook, hash } = await loadRunbook(file);
    const procedure = findProcedureOrFail(runbook, name);
    // `$NAME` fill-ins already set in the environment are not asked; --param wins.
    for (const [k, v] of Object.entries(environmentParams(procedure, process.env))) if (!(k in params)) params[k] = v;
    const policy = policyFrom(flags, false);
    const times = givenTimes(flags);
    Object.assign(params, await assertRunnable(file, procedure, policy, params, undefined, branchFlags(flags), flags['dry-run'] ? undefined : askSecrets));

    const progress = (m: string) => process.stderr.write(`${m}\n`);
    const stop = new Stopper().install();
    try {
      const db = await resolveForRun(flags.db, !flags['dry-run'] || !!flags.preview, progress);
      try {
        // Stopped while the database started: no session was opened, nothing ran.
        if (stop.signal) return stop.exitCode!;
        const { openSession } = await import('../../session/open.js');
        const { realDeps } = await import('../../session/deps.js');
        const { attachReportWriter } = await import('../../report/writer.js');
        const engine = await openSession({ runbook, runbookHash: hash, procedure, target: db.target, policy, params, sessionDir: flags['session-dir'], deps: realDeps });
        attachReportWriter(engine);
        try {
          await recordGivenTimes(engine, times);
          await engine.fillDerivable();
          return await drive({ engine, procedure, flags, unreachable: db.unreachable, contacts: runbook.contacts, stop });
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
export default command;
