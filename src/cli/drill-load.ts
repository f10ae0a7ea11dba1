// Finding and reading a runbook's drill scenarios: the Markdown files of `drills/` beside the runbook
// (the bundled runbook's are in runbooks/drills/), or of `--scenarios DIR`. Each is modelled by
// drill/scenario.ts and its procedure looked up in the runbook; a bad one is one line naming the file and
// line (exit 2), never a stack trace.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Procedure, Runbook } from '../runbook/model.js';
import { findProcedure, ProcedureNotFound } from '../runbook/find.js';
import { matchScenarios, parseScenario, type Scenario } from '../drill/scenario.js';
import { UserError, EXIT } from '../errors.js';
import { readRunbookText } from './load.js';

export interface LoadedScenario {
  scenario: Scenario;
  procedure: Procedure;
}

/** `drills/` beside the runbook, or the folder given. */
export function scenariosDir(runbookPath: string, given?: string): string {
  return given ?? join(dirname(runbookPath), 'drills');
}

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

export async function loadScenarios(runbook: Runbook, dir: string): Promise<LoadedScenario[]> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserError(`${shown(dir)}: no drill scenarios (a folder of Markdown files, one per scenario; see "Drills" in the README)`, EXIT.usage);
  }
  const files = readdirSync(dir).filter((f) => /\.(md|markdown)$/i.test(f) && !/^readme\./i.test(f)).sort();
  if (files.length === 0) throw new UserError(`${shown(dir)}: no scenario files (*.md) in it`, EXIT.usage);
  const out: LoadedScenario[] = [];
  for (const file of files) {
    const path = shown(join(dir, file));
    const { text } = await readRunbookText(join(dir, file));
    const parsed = parseScenario(text, path);
    if (!parsed.scenario) {
      const [first, ...rest] = parsed.problems;
      throw new UserError(`${path}:${first!.line}: ${first!.message}${rest.length ? ` (and ${rest.length} more)` : ''}`, EXIT.usage);
    }
    let procedure: Procedure;
    try {
      procedure = findProcedure(runbook, parsed.scenario.procedure);
    } catch (error) {
      if (error instanceof ProcedureNotFound) throw new UserError(`${path}:${parsed.scenario.procedureLine}: ${error.message} in ${runbook.path}`, EXIT.usage);
      throw error;
    }
    out.push({ scenario: parsed.scenario, procedure });
  }
  return out;
}

/** The scenarios `--scenario NAME` (repeatable) names, in the order named; an unknown name is a usage error. */
export function pickScenarios(all: LoadedScenario[], names: string[]): LoadedScenario[] {
  const picked: LoadedScenario[] = [];
  for (const name of names) {
    const found = matchScenarios(all.map((l) => ({ name: l.scenario.name, l })), name);
    if (found.length === 0) throw new UserError(`no scenario "${name}"; scenarios: ${all.map((l) => l.scenario.name).join(', ')}`, EXIT.usage);
    if (found.length > 1) throw new UserError(`"${name}" matches ${found.length} scenarios: ${found.map((f) => f.name).join(', ')}`, EXIT.usage);
    if (!picked.includes(found[0]!.l)) picked.push(found[0]!.l);
  }
  return picked;
}
