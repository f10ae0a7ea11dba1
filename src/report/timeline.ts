// The session's timeline, built from what the journal recorded (and the times the operator gave, marked
// as given): start, snapshots, steps entered, every run with its outcome, edits, skips, checklist ticks,
// notes, resumes, the end. Sorted by time; nothing is inferred.

import type { Derived } from '../session/state.js';
import type { ReportData, ReportRun, ReportStatement, TimelineEntry } from './types.js';
import { formatDuration } from '../duration.js';
import { statementName } from './format.js';
import { snapshotLine } from './snapshot-text.js';

export function timelineOf(d: Derived, r: ReportData): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const s = r.session;
  const { detected, resolved } = r.times;
  if (detected) out.push({ at: detected.at, kind: 'detected', text: `incident detected (given by ${detected.operator})`, given: true });
  out.push({ at: s.startedAt, kind: 'started', text: `session started by ${s.startedBy} on ${s.hostname}: "${s.procedure}" on database ${s.target.database} at ${s.target.host}:${s.target.port}` });
  for (const e of r.snapshots) out.push({ at: e.at, kind: 'snapshot', text: snapshotLine(e) });
  for (const o of r.outages ?? []) out.push({ at: o.at, kind: 'unreachable', text: `the target did not answer: ${o.message}` });
  const entered = new Set<string>();
  for (const e of d.stepsEntered) {
    if (entered.has(e.step)) continue;
    entered.add(e.step);
    const index = r.steps.findIndex((st) => st.id === e.step);
    out.push({ at: e.at, kind: 'step', text: `entered step ${index + 1}. ${r.steps[index]?.title ?? e.step}`, step: e.step });
  }
  for (const st of r.statements) {
    const where = { step: st.step, statement: st.id };
    for (const edit of st.edits) out.push({ at: edit.at, kind: 'edit', text: `${statementName(st)} edited by ${edit.operator}`, ...where });
    for (const run of st.runs) out.push({ at: run.startedAt, kind: 'run', text: runLine(st, run), ...where });
    if (st.status === 'skipped' && st.skippedAt) {
      const what = st.dryRun ? 'shown, not run (dry run)' : `skipped${st.reason ? ` (${st.reason})` : ''}`;
      out.push({ at: st.skippedAt, kind: 'skip', text: `${statementName(st)} ${what}`, ...where });
    }
  }
  for (const m of r.manual) {
    for (const t of m.ticks) out.push({ at: t.at, kind: 'tick', text: `${t.done ? 'ticked' : 'unticked'} "${m.text}" (${t.operator})${t.note ? `: ${t.note}` : ''}`, step: m.step });
  }
  for (const n of r.notes) {
    if (!n.field) out.push({ at: n.at, kind: 'note', text: `note: ${n.text}`, ...(n.stepId ? { step: n.stepId } : {}) });
  }
  for (const e of d.resumes) out.push({ at: e.at, kind: 'resumed', text: `session resumed by ${e.operator}` });
  if (resolved) out.push({ at: resolved.at, kind: 'resolved', text: `incident resolved (given by ${resolved.operator})`, given: true });
  if (s.endedAt) out.push({ at: s.endedAt, kind: 'ended', text: `session ${s.status}` });
  // Stable: what happened at the same instant keeps the order it was added in.
  return out.map((e, i) => [e, i] as const).sort(([a, i], [b, j]) => a.at.localeCompare(b.at) || i - j).map(([e]) => e);
}

function runLine(st: ReportStatement, run: ReportRun): string {
  const of = st.runs.length > 1 ? ` run ${run.run} of ${st.runs.length}` : '';
  const took = run.durationMs !== undefined ? ` after ${formatDuration(run.durationMs)}` : '';
  const outcome = run.status === 'interrupted' ? 'interrupted (never finished)' : `${run.status}${took}`;
  const error = run.error && run.status !== 'succeeded' ? `: ${run.error.message}` : '';
  return `${statementName(st)}${of} (${st.kind}${run.edited ? ', edited' : ''}) by ${run.operator}: ${outcome}${error}`;
}
