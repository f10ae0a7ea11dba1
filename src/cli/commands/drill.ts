// `runbook drill`: rehearse a procedure against a real fault injected into a disposable copy of the
// embedded demo database, interactively in the UI or headless (--auto) with a verdict per scenario: the
// runbook's CI. Never on a database the user named: --db is refused, DATABASE_URL and PG* are not read.

import type { Command } from '../command.js';
import { parse } from '../args.js';
import { EXIT, UserError } from '../../errors.js';
import { Stopper, stopUiOnSignal } from '../signals.js';
import type { LoadedScenario } from '../drill-load.js';
import type { AutoLine, InteractiveDrill, Prepared } from '../drill-flow.js';
import { formatDuration } from '../../duration.js';
import { existsSync } from 'node:fs';

const USAGE = `
Usage: runbook drill --list [FILE]                           scenarios: name, procedure, expected outcome, what breaks
       runbook drill [FILE] [PROCEDURE] [--scenario NAME]     interactive: inject the fault, walk the procedure in the UI
       runbook drill [FILE] --scenario NAME --auto [--json]   headless: run the procedure's statements, judge the outcome
       runbook drill [FILE] --all --auto [--json]             every scenario: the runbook's CI

A drill runs on a disposable copy of the embedded demo database (the toolkit and demo data), with the
scenario's fault injected, never on a database you named. Scenarios are Markdown files in drills/ beside
the runbook (the bundled runbook's are in runbooks/drills/); see "Drills" in the README to write one.
FILE defaults to the bundled runbooks/database-operations.md.

Options:
  --scenario NAME    the scenario (its file name without .md, or a unique prefix); repeatable with --auto
  --scenarios DIR    read the scenarios from DIR instead of drills/ beside the runbook
  --auto             run the procedure's statements without the UI (destructive ones too: the database
                     is disposable) and judge: resolved, manual, not-resolved or error
  --all              every scenario (with --auto)
  --json             with --auto: one JSON object per scenario per line (contract in the README);
                     with --list: one per scenario
  --keep             keep the disposable database after the drill, for inspection (says where)
  --list             list the scenarios and exit

Exit status: 0 when every outcome equals its scenario's expected one, 1 otherwise, 2 for bad usage or a
bad scenario file, 3 when the drill's database cannot be started.
`;

const FLAGS = {
  scenario: { type: 'string', multiple: true },
  scenarios: { type: 'string' },
  auto: { type: 'boolean' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
  keep: { type: 'boolean' },
  list: { type: 'boolean' },
  db: { type: 'string' },
} as const;

const command: Command = {
  summary: 'rehearse a procedure against an injected fault on a disposable database (--auto: the runbook\'s CI)',
  usage: USAGE,
  async run(argv) {
    const { values: flags, positionals } = parse(argv, FLAGS, 'drill');
    if (flags.db !== undefined) {
      throw new UserError('runbook drill: --db is refused: a drill breaks its database on purpose, so it runs only on a disposable copy of the embedded demo database', EXIT.usage);
    }
    if (positionals.length > 2) throw new UserError('runbook drill: too many arguments (see runbook drill --help)', EXIT.usage);
    let [file, name] = positionals as [string | undefined, string | undefined];
    if (file !== undefined && name === undefined && !/\.(md|markdown)$/i.test(file) && !existsSync(file)) {
      name = file;
      file = undefined;
    }
    if (flags.all && !flags.auto) throw new UserError('runbook drill: --all runs every scenario headless: add --auto', EXIT.usage);
    if (flags.all && flags.scenario?.length) throw new UserError('runbook drill: --all and --scenario both choose scenarios: give one', EXIT.usage);

    const [{ loadRunbook, findProcedureOrFail }, { bundledRunbook }, { loadScenarios, pickScenarios, scenariosDir }] = await Promise.all([
      import('../load.js'),
      import('./run.js'),
      import('../drill-load.js'),
    ]);
    const path = file ?? bundledRunbook();
    const { runbook, hash } = await loadRunbook(path);
    const all = await loadScenarios(runbook, scenariosDir(path, flags.scenarios));
    if (flags.list) return list(all, !!flags.json);

    let chosen: LoadedScenario[];
    if (flags.all) chosen = all;
    else if (flags.scenario?.length) chosen = pickScenarios(all, flags.scenario);
    else if (name !== undefined) {
      const procedure = findProcedureOrFail(runbook, name);
      chosen = all.filter((l) => l.procedure.id === procedure.id);
      if (chosen.length === 0) throw new UserError(`no scenario drills "${procedure.title}"; scenarios: ${all.map((l) => l.scenario.name).join(', ')}`, EXIT.usage);
      if (chosen.length > 1 && !flags.auto) throw new UserError(`${chosen.length} scenarios drill "${procedure.title}": name one with --scenario (${chosen.map((l) => l.scenario.name).join(', ')})`, EXIT.usage);
    } else {
      throw new UserError(`runbook drill: name a scenario (--scenario NAME), a procedure, or --all --auto; scenarios: ${all.map((l) => l.scenario.name).join(', ')}`, EXIT.usage);
    }
    if (name !== undefined && flags.scenario?.length) {
      const procedure = findProcedureOrFail(runbook, name);
      const other = chosen.find((l) => l.procedure.id !== procedure.id);
      if (other) throw new UserError(`scenario ${other.scenario.name} drills "${other.procedure.title}", not "${procedure.title}"`, EXIT.usage);
    }
    if (flags.auto) return auto(runbook, hash, chosen, !!flags.json, !!flags.keep);
    if (chosen.length > 1) throw new UserError('runbook drill: one scenario at a time interactively (several with --auto)', EXIT.usage);
    if (flags.json) throw new UserError('runbook drill: --json is for --auto and --list', EXIT.usage);
    return interactive(runbook, hash, chosen[0]!, !!flags.keep);
  },
};
export default command;

function list(all: LoadedScenario[], json: boolean): number {
  if (json) {
    for (const { scenario: s, procedure: p } of all) {
      process.stdout.write(`${JSON.stringify({ name: s.name, procedure: p.id, procedureTitle: p.title, expected: s.expected, title: s.title, summary: s.summary, path: s.path, timeLimitMs: s.timeLimitMs })}\n`);
    }
    return EXIT.ok;
  }
  const rows = all.map(({ scenario: s, procedure: p }) => [s.name, p.title, s.expected, s.title]);
  const widths = [0, 1, 2].map((i) => Math.max(...[['scenario', 'procedure', 'expected'][i]!, ...rows.map((r) => r[i]!)].map((c) => [...c].length)));
  const line = (r: string[]) => r.map((c, i) => (i < 3 ? c + ' '.repeat(widths[i]! - [...c].length) : c)).join('  ');
  process.stdout.write(`${[line(['scenario', 'procedure', 'expected', 'what breaks']), ...rows.map(line)].join('\n')}\n`);
  return EXIT.ok;
}

async function auto(runbook: import('../../runbook/model.js').Runbook, hash: string, chosen: LoadedScenario[], json: boolean, keep: boolean): Promise<number> {
  const { DrillServers, runAuto } = await import('../drill-flow.js');
  const progress = (m: string) => process.stderr.write(`${m}\n`);
  const servers = new DrillServers(progress);
  const stop = new Stopper().install();
  const lines: AutoLine[] = [];
  try {
    for (const loaded of chosen) {
      if (stop.signal) break;
      if (!json) process.stdout.write(`${loaded.scenario.name}: ${loaded.scenario.title}\n`);
      const line = await runAuto(runbook, hash, loaded, servers, keep);
      lines.push(line);
      process.stdout.write(json ? `${JSON.stringify(line)}\n` : `${humanLine(line)}\n`);
    }
  } finally {
    await servers.releaseAll();
    stop.dispose();
  }
  if (stop.signal) return stop.exitCode ?? EXIT.interrupted;
  const missed = lines.filter((l) => l.outcome !== l.expected);
  if (!json) {
    process.stdout.write(`\n${lines.length - missed.length} of ${lines.length} scenario${lines.length === 1 ? '' : 's'} met ${lines.length === 1 ? 'its' : 'their'} expected outcome${missed.length ? `; not: ${missed.map((l) => `${l.scenario} (${l.outcome}, expected ${l.expected})`).join(', ')}` : ''}\n`);
  }
  return missed.length ? EXIT.failure : EXIT.ok;
}

function humanLine(l: AutoLine): string {
  const mark = l.outcome === l.expected ? 'ok  ' : 'FAIL';
  const resolved = l.timeToResolveMs !== null ? `, resolved after ${formatDuration(l.timeToResolveMs)}` : '';
  const counts = `${l.statements.run} run, ${l.statements.failed} failed, ${l.statements.skipped} skipped`;
  return [
    `  ${mark} ${l.outcome} (expected ${l.expected}): ${l.reason}`,
    `       set-up ${formatDuration(l.setupMs)}${resolved}; ${counts}`,
    ...(l.report ? [`       Drill report: ${l.report}`] : []),
  ].join('\n');
}

async function interactive(runbook: import('../../runbook/model.js').Runbook, hash: string, loaded: LoadedScenario, keep: boolean): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UserError(`runbook drill needs a terminal for an interactive drill; without one: runbook drill --scenario ${loaded.scenario.name} --auto`, EXIT.usage);
  }
  const [{ DrillServers, prepareDrill, openInteractive }, ui] = await Promise.all([import('../drill-flow.js'), import('../load-ui.js').then(({ loadUi }) => loadUi())]);
  const servers = new DrillServers(() => undefined);
  const stop = new Stopper().install();
  let prepared: Prepared | undefined;
  let opened: InteractiveDrill | undefined;
  let lines: string[] = [];
  let code: number;
  try {
    code = await ui.runInteractive({
      runbook,
      procedure: loaded.procedure,
      openingMessage: `Drill ${loaded.scenario.name}: copying the demo database and injecting the fault…`,
      stop: stopUiOnSignal(stop, () => opened?.engine),
      openSession: async () => {
        prepared = await prepareDrill(loaded, servers);
        opened = await openInteractive(runbook, hash, loaded, prepared);
        return opened.controller;
      },
    });
  } finally {
    // Quit without finishing (the session stays as it was): the drill is still judged and reported.
    if (opened) lines = await opened.conclude().catch(() => []);
    await opened?.engine.close().catch(() => undefined);
    const kept = await prepared?.teardown(keep).catch(() => undefined);
    await servers.releaseAll();
    stop.dispose();
    if (kept) lines.push(kept);
  }
  // A finished session already printed them in its farewell.
  if (opened && opened.engine.getState().status !== 'completed') process.stdout.write(`${lines.join('\n')}\n`);
  else if (lines.length && keep) process.stdout.write(`${lines.at(-1)}\n`);
  if (code !== EXIT.ok && code !== EXIT.failure) return code;
  const verdict = opened?.engine.derived.drill?.verdict;
  return verdict && verdict.outcome === verdict.expected ? EXIT.ok : EXIT.failure;
}
