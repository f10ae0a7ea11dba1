// The drill report, beside the session's report.md: `drill.md` for people and `drill.json` for tools,
// from the journal's fold alone (session/state.ts, session/drill-facts.ts) like every report. It says what
// was drilled, the verdict, how long the operator (or --auto) took to the first diagnostic and to the
// resolution, what ran, how many destructive statements were confirmed, and who resolved the fault: the
// procedure's statements, ad-hoc statements, or no statement of the session.

import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Derived } from '../session/state.js';
import { BY } from '../session/drill.js';
import { drillCounts, firstDiagnostic, resolution, type DrillCounts, type DrillMoment, type Resolution } from '../session/drill-facts.js';
import { REPORT_FILE } from '../session/list.js';
import { heading, inlineCode, list, listItem, paragraph, root, strong, table, type Inline } from './mdast.js';
import { treeToMarkdown } from './markdown.js';
import { formatTime } from './format.js';
import { formatDuration } from '../duration.js';

export const DRILL_MARKDOWN = 'drill.md';
export const DRILL_JSON = 'drill.json';

/** `drill.json`: additive like report.json. */
export interface DrillReport {
  scenario: { name: string; title: string; path: string; summary: string; mode: 'interactive' | 'auto' };
  procedure: { id: string; title: string };
  expected: string;
  /** Absent while the drill has not been judged (a session left unfinished). */
  outcome?: string;
  reason?: string;
  database: string;
  setupMs: number;
  startedAt: string;
  endedAt?: string;
  firstDiagnostic: DrillMoment | null;
  resolution: Resolution | null;
  statements: DrillCounts;
  symptomBefore: boolean | null;
  symptomAfter: boolean | null;
  resolvedAfter: boolean | null;
  checks: { at: string; afterMs: number; check: string; value: boolean | null; error?: string }[];
  report: string;
}

export function buildDrillReport(d: Derived): DrillReport | undefined {
  const drill = d.drill;
  if (!drill) return undefined;
  const since = (at: string) => Math.max(0, Date.parse(at) - Date.parse(drill.startedAt));
  return {
    scenario: { name: drill.info.name, title: drill.info.title, path: drill.info.path, summary: drill.info.summary, mode: drill.info.mode },
    procedure: { id: d.state.procedureId, title: d.state.procedureTitle },
    expected: drill.info.expected,
    ...(drill.verdict ? { outcome: drill.verdict.outcome, reason: drill.verdict.reason } : {}),
    database: drill.info.database,
    setupMs: drill.info.setupMs,
    startedAt: drill.startedAt,
    ...(d.state.endedAt ? { endedAt: d.state.endedAt } : {}),
    firstDiagnostic: firstDiagnostic(d) ?? null,
    resolution: resolution(d) ?? null,
    statements: drillCounts(d),
    symptomBefore: drill.checks.find((c) => c.check === 'symptom')?.value ?? null,
    symptomAfter: drill.verdict?.symptomAfter ?? drill.checks.filter((c) => c.check === 'symptom').at(-1)?.value ?? null,
    resolvedAfter: drill.verdict?.resolvedAfter ?? drill.checks.filter((c) => c.check === 'resolved').at(-1)?.value ?? null,
    checks: drill.checks.map((c) => ({ ...c, afterMs: since(c.at) })),
    report: REPORT_FILE,
  };
}

const answer = (v: boolean | null) => (v === null ? 'could not be asked' : v ? 'true' : 'false');

function momentText(m: DrillMoment | null | undefined, none: string): Inline[] {
  if (!m) return [none];
  return [formatDuration(m.afterMs), ...(m.line !== undefined ? [` (line ${m.line}`, ...(m.text ? [': ', inlineCode(m.text.trim().split('\n')[0]!.trimEnd())] : []), ')'] : [])];
}

export function drillMarkdown(r: DrillReport): string {
  const s = r.statements;
  const children = [
    heading(1, `Drill: ${r.scenario.title}`),
    paragraph(strong('Outcome:'), ` ${r.outcome ?? 'not judged (the session did not finish)'} (expected ${r.expected})${r.reason ? `: ${r.reason}` : ''}`),
    list([
      listItem([strong('Scenario:'), ' ', inlineCode(r.scenario.name), ` (${r.scenario.path}), ${r.scenario.mode === 'auto' ? 'headless (--auto)' : 'interactive'}`]),
      listItem([strong('Procedure:'), ` ${r.procedure.title}`]),
      listItem([strong('What breaks:'), ` ${r.scenario.summary || r.scenario.title}`]),
      listItem([strong('Database:'), ' ', inlineCode(r.database), ' (disposable copy of the demo database)']),
      listItem([strong('Set-up:'), ` ${formatDuration(r.setupMs)} until the fault was in place`]),
      listItem([strong('Started:'), ` ${formatTime(r.startedAt)}${r.endedAt ? `, ended ${formatTime(r.endedAt)}` : ''}`]),
    ]),
    heading(2, 'Measures'),
    list([
      listItem([strong('Time to first diagnostic:'), ' ', ...momentText(r.firstDiagnostic, 'none (no statement showed the fault)')]),
      listItem([strong('Time to resolution:'), ' ', ...momentText(r.resolution, 'not resolved')]),
      listItem([strong('Resolved by:'), ` ${r.resolution ? BY[r.resolution.by] : 'not at all'}`]),
      listItem([strong('Statements:'), ` ${s.run} run, ${s.failed} failed, ${s.skipped} skipped`]),
      listItem([strong('Destructive statements confirmed:'), ` ${s.destructiveConfirmed}`]),
      listItem([strong('Symptom:'), ` ${answer(r.symptomBefore)} before, ${answer(r.symptomAfter)} after; resolved query ${answer(r.resolvedAfter)} at the end`]),
    ]),
    heading(2, 'Checks'),
    paragraph('The symptom and resolved queries as the drill asked them (each answer journaled when it changed):'),
    table(['after', 'time', 'check', 'answer'], r.checks.map((c) => [formatDuration(c.afterMs), formatTime(c.at), c.check, `${answer(c.value)}${c.error ? ` (${c.error})` : ''}`])),
    paragraph('The session: ', inlineCode(r.report), ' beside this file (every statement, its result and the journal).'),
  ];
  return treeToMarkdown(root(children));
}

function atomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/** Writes `drill.md` and `drill.json` into the session folder; returns drill.md's path (none without a drill). */
export function writeDrillReport(dir: string, d: Derived): string | undefined {
  const data = buildDrillReport(d);
  if (!data) return undefined;
  atomic(join(dir, DRILL_JSON), `${JSON.stringify(data, null, 2)}\n`);
  const path = join(dir, DRILL_MARKDOWN);
  atomic(path, drillMarkdown(data));
  return path;
}
