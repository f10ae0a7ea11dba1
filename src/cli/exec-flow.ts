// What `runbook exec` and `runbook resume --yes` share: the flags, where SQL runs (shown before anything
// runs, never with its password), the run itself with per-statement output and the checklist items the
// operator must do by hand, stopping on a signal (signals.ts), and the exit code (0 only when every statement succeeded;
// 3 when the database could not be reached). An unreachable database does not stop the session: the
// procedures for outages are meant to run during them, so shell statements run, SQL statements fail one
// by one as "cannot connect", and the journal and report record it all.

import type { Procedure, Table } from '../runbook/model.js';
import { opensWithContacts } from '../runbook/contacts.js';
import type { OpenTarget } from '../database/open.js';
import { UserError, EXIT } from '../errors.js';
import type { PolicyOptions } from '../session/types.js';
import type { SessionEngine } from '../session/engine.js';
import { preflight, runHeadless, type BranchFlags, type Problem, type StatementOutcome } from '../session/headless.js';
import { isSecretParam, suggestionNames } from '../session/params.js';
import { judgeWithValues } from '../session/bound-risk.js';
import { statementsOf } from '../session/plan.js';
import { refusedValues } from '../session/bind.js';
import { contactsHumanLines, contactsJsonLine, describeTargetLine, humanLines, jsonLine, manualHumanLine, manualJsonLine, previewHumanLines } from './headless-output.js';
import { relative } from 'node:path';
import type { Stopper } from './signals.js';
import { allDone } from '../session/outcome.js';

export const RUN_FLAGS = {
  param: { type: 'string', multiple: true },
  'param-env': { type: 'string', multiple: true },
  yes: { type: 'boolean', short: 'y' },
  'allow-destructive': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'continue-on-error': { type: 'boolean' },
  'read-only': { type: 'boolean' },
  db: { type: 'string' },
  'session-dir': { type: 'string' },
  json: { type: 'boolean' },
  when: { type: 'string', multiple: true },
  'all-branches': { type: 'boolean' },
} as const;

export interface RunFlags {
  param?: string[];
  'param-env'?: string[];
  yes?: boolean;
  'allow-destructive'?: boolean;
  'dry-run'?: boolean;
  'continue-on-error'?: boolean;
  'read-only'?: boolean;
  db?: string;
  'session-dir'?: string;
  json?: boolean;
  when?: string[];
  'all-branches'?: boolean;
  /** exec --preview: a dry run that prints what each write would touch (implies --dry-run). */
  preview?: boolean;
}

/** The runbook's choices as the flags answer them (exec and resume --yes). */
export function branchFlags(flags: RunFlags): BranchFlags {
  return { when: flags.when ?? [], allBranches: !!flags['all-branches'] };
}

export function policyFrom(flags: RunFlags, interactive: boolean): PolicyOptions {
  return {
    confirmEach: interactive,
    allowDestructive: !!flags['allow-destructive'],
    readOnly: !!flags['read-only'],
    dryRun: !!flags['dry-run'],
  };
}

/** One line naming the first problem (and how many more), as file:line. */
function problemLine(file: string, problems: Problem[]): string {
  const [first, ...rest] = problems;
  return `${file}:${first!.line}: ${first!.message}${rest.length ? ` (and ${rest.length} more)` : ''}`;
}

/**
 * Before anything runs: refuses a destructive statement the policy denies, or a placeholder that neither
 * `given` values, a declared default nor the target can fill. `done` statements are not looked at. Secret
 * placeholders left without a value are first offered to `ask` (a no-echo prompt on a terminal); returns
 * the values it gave.
 */
export async function assertRunnable(
  file: string,
  procedure: Procedure,
  policy: PolicyOptions,
  given: Record<string, string>,
  done?: (statementId: string) => boolean,
  branches?: BranchFlags,
  ask?: (secrets: { name: string; line: number }[]) => Promise<Record<string, string>>,
): Promise<Record<string, string>> {
  const derivable = suggestionNames(procedure);
  const asked: Record<string, string> = {};
  const blocks = statementsOf(procedure).map((l) => l.block);
  // A destructive statement is refused as it will run: judged with the values given (bound-risk.ts).
  const { realDeps } = await import('../session/deps.js');
  if (Object.keys(given).length > 0) await realDeps.ready?.();
  const judge = () => judgeWithValues({ ...given, ...asked }, realDeps.bind, realDeps.classify, (n) => isSecretParam(n, blocks));
  const check = () => preflight(procedure, policy, (n) => n in given || n in asked || derivable.has(n), done, branches, judge());
  let problems = check();
  if (problems.refused.length) throw new UserError(problemLine(file, problems.refused));
  const secrets = problems.missing.flatMap((p) => (p.name && isSecretParam(p.name, blocks) ? [{ name: p.name, line: p.line }] : []));
  if (ask && secrets.length) {
    Object.assign(asked, await ask(secrets));
    problems = check();
    if (problems.refused.length) throw new UserError(problemLine(file, problems.refused));
  }
  if (problems.missing.length) throw new UserError(problemLine(file, problems.missing));
  const located = statementsOf(procedure).filter((l) => !done?.(l.statement.id));
  const unbindable = refusedValues(located.map((l) => l.statement), { ...given, ...asked });
  if (unbindable.length) throw new UserError(problemLine(file, unbindable));
  return asked;
}

/**
 * --db, DATABASE_URL, PG*, else the embedded database (started on demand, stopped by release()). A named
 * database that does not answer comes back with `unreachable` set (the session still opens; see drive).
 */
export async function resolveForRun(db: string | undefined, check: boolean, progress: (m: string) => void): Promise<OpenTarget> {
  const { openTarget } = await import('../database/open.js');
  return openTarget({ db, check, tolerateUnreachable: true, onProgress: progress, onWarning: (m) => progress(`warning: ${m}`) });
}

export interface DriveOptions {
  engine: SessionEngine;
  procedure: Procedure;
  flags: RunFlags;
  /** Why the target did not answer before the run (resolveForRun), if it did not. */
  unreachable?: string;
  /** The runbook's contacts table: shown first for emergencies, matched procedures and outages. */
  contacts?: Table;
  /** SIGINT/SIGTERM/SIGHUP: installed by the command before anything started (signals.ts). */
  stop: Stopper;
  out?: NodeJS.WritableStream;
  err?: NodeJS.WritableStream;
}

/** Runs what is left, prints as it goes, ends the session; returns the exit code. */
export async function drive(o: DriveOptions): Promise<number> {
  const out = o.out ?? process.stdout;
  const err = o.err ?? process.stderr;
  const json = !!o.flags.json;
  const info = json ? err : out;
  const dry = !!o.flags['dry-run'];
  const previewing = !!o.flags.preview;
  const state = o.engine.getState();
  info.write(`${describeTargetLine(state.target)}\n`);
  info.write(`Session: ${relative(process.cwd(), o.engine.dir) || '.'}${previewing ? ' (preview: nothing is executed)' : dry ? ' (dry run: nothing is executed)' : ''}\n`);
  if (o.unreachable) {
    await o.engine.recordUnreachable(o.unreachable);
    info.write(`Database unreachable: ${o.unreachable}. Running anyway: shell statements run, SQL statements fail, steps to do by hand are listed.\n`);
  }
  if (o.contacts && (o.unreachable || opensWithContacts(o.procedure))) {
    const line = contactsJsonLine(o.contacts, o.procedure);
    out.write(json ? `${JSON.stringify(line)}\n` : `\n${contactsHumanLines(line).join('\n')}\n`);
  }
  let shownStep = -1;
  let stopNoted = false;
  const run = runHeadless(o.engine, o.procedure, {
    continueOnError: !!o.flags['continue-on-error'],
    branches: branchFlags(o.flags),
    onStep: (i, title) => {
      shownStep = i;
      if (!json) out.write(`\n== Step ${i + 1}: ${title}\n`);
    },
    onStatement: (outcome) => {
      const line = jsonLine(outcome, o.procedure, o.engine.dir);
      if (json) out.write(`${JSON.stringify(line)}\n`);
      else out.write(`${(previewing ? previewHumanLines(line) : humanLines(line, dry)).join('\n')}\n`);
    },
    onManual: (outcome) => {
      const line = manualJsonLine(outcome, o.procedure);
      if (json) return void out.write(`${JSON.stringify(line)}\n`);
      if (!outcome.reached && !stopNoted) {
        stopNoted = true;
        out.write(`\nThe run stopped before the rest; still to do by hand:\n`);
      }
      if (shownStep !== outcome.stepIndex) {
        shownStep = outcome.stepIndex;
        out.write(`\n== Step ${outcome.stepIndex + 1}: ${outcome.stepTitle}${outcome.reached ? '' : ' (not reached)'}\n`);
      }
      out.write(`${manualHumanLine(line)}\n`);
    },
  });
  o.stop.onStop(() => run.abort());
  let result;
  try {
    result = await run.done;
  } finally {
    o.stop.onStop(undefined);
  }
  const summary = await o.engine.finish(undefined, { aborted: result.stopped });
  // A statement that could not connect says the database was unreachable, as much as the check before the run.
  const unreachable = o.unreachable ?? result.outcomes.map(unreachableError).find(Boolean);
  const parts = [`${summary.succeeded} succeeded`, `${summary.failed} failed`, `${summary.skipped} skipped`, `${summary.cancelled} cancelled`];
  const byHand = result.manual.filter((m) => !m.done).length;
  const handNote = byHand ? `${byHand} step${byHand === 1 ? '' : 's'} to do by hand (listed above)` : '';
  const report = `Report: ${relative(process.cwd(), summary.reportPath)}`;
  if (unreachable && !result.aborted) info.write(`\nThe database was unreachable: ${unreachable}\n`);
  if (!statementsOf(o.procedure).some((l) => l.statement.kind !== 'note') && !result.aborted) {
    // Nothing for exec to run: the procedure is the operator's to do.
    info.write(`\nNothing to run: ${handNote || 'the procedure has no statements and no steps to do by hand'}. ${report}\n`);
  } else {
    const head = result.aborted ? 'Aborted' : result.allSucceeded ? 'Done' : 'Finished with problems';
    info.write(`\n${head}: ${parts.join(', ')}${handNote ? `; ${handNote}` : ''}. ${report}\n`);
  }
  if (result.aborted) return o.stop.exitCode ?? EXIT.interrupted;
  if (unreachable) return EXIT.database;
  // The whole session, not only this run: what an earlier run left failed or cancelled is still to do.
  return result.allSucceeded && allDone(o.engine.getState()) ? EXIT.ok : EXIT.failure;
}

/** The connection failure of a statement that never reached the server, if that is why it failed. */
function unreachableError(o: StatementOutcome): string | undefined {
  const error = 'result' in o.state ? o.state.result?.error : undefined;
  return error?.unreachable ? error.message : undefined;
}
