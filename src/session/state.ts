// The session state as a fold over journal events. The engine applies each event through `apply` right
// after it is on disk, and resume, `runbook sessions` and the report take the same fold of the file (read
// once, folded once), so there is one definition of what an event means. The fold keeps every attempt of
// each statement (its own text, operator, result), not only the latest.

import type { Expected } from '../drill/scenario.js';
import type { Outcome } from '../drill/verdict.js';
import type { Risk } from '../runbook/model.js';
import type { Attempt, DrillCheckKind, DrillInfo, JournalEvent, ResultSummary, ServerSnapshot, SessionPlan, SessionState, SnapshotPhase, StatementState, StatementView } from './types.js';
import { DEFAULT_POLICY } from './policy.js';
import { MASK } from './redact.js';

/** The state before any event: used as the fold's seed. */
export function emptyState(dir = ''): SessionState {
  return {
    id: '',
    dir,
    status: 'active',
    runbookPath: '',
    runbookTitle: '',
    procedureId: '',
    procedureTitle: '',
    target: { source: 'flag', host: '', port: 0, database: '', user: '', embedded: false, url: '' },
    startedAt: '',
    currentStep: 0,
    statements: [],
    manual: [],
    notes: [],
    outages: [],
    params: {},
    suggestions: {},
    branches: {},
    options: { ...DEFAULT_POLICY },
    times: {},
  };
}

/** A `server-snapshot` event as the fold keeps it. */
export interface SnapshotEntry {
  at: string;
  phase: SnapshotPhase;
  snapshot?: ServerSnapshot;
  error?: string;
}

export interface Derived {
  state: SessionState;
  /** Step ids in order (from session-started). */
  steps: { id: string; title: string; hash: string }[];
  plan: SessionPlan;
  runbookHash: string;
  /** The operator of the latest process (session-started, then each session-resumed). */
  operator: string;
  /** The operator who started the session. */
  startedBy: string;
  hostname: string;
  /** How many times the session was resumed. */
  resumed: number;
  /** Each resume: when, and by whom. */
  resumes: { at: string; operator: string }[];
  /** Each `step-entered`, in order. */
  stepsEntered: { at: string; step: string }[];
  /** The server snapshots taken (start, resume, end), in order. */
  snapshots: SnapshotEntry[];
  /** Names of the parameters given as secret (their values are masked in `state.params`). */
  secretParams: Set<string>;
  /** The drill this session ran, when it ran one (`runbook drill`). */
  drill?: DrillFold;
}

/** A drill as its journal events tell it. */
export interface DrillFold {
  info: DrillInfo;
  /** When the drill's session started working on the fault (drill-started). */
  startedAt: string;
  /** Every symptom/resolved answer journaled, in order. */
  checks: { at: string; check: DrillCheckKind; value: boolean | null; error?: string }[];
  /** Every statement run that finished during the drill, the procedure's or not (ad hoc), in order. */
  runs: { at: string; statement: string; planned: boolean; status: string }[];
  verdict?: { at: string; outcome: Outcome; expected: Expected; reason: string; symptomAfter: boolean | null; resolvedAfter: boolean | null };
}

export function seed(dir = ''): Derived {
  return {
    state: emptyState(dir),
    steps: [],
    plan: { statements: [], manual: [] },
    runbookHash: '',
    operator: '',
    startedBy: '',
    hostname: '',
    resumed: 0,
    resumes: [],
    stepsEntered: [],
    snapshots: [],
    secretParams: new Set(),
  };
}

function viewsFromPlan(plan: SessionPlan, previous: StatementView[]): StatementView[] {
  const before = new Map(previous.map((s) => [s.id, s]));
  // The operator's own statements are not the runbook's: a new plan keeps them as they are.
  const adHoc = previous.filter((v) => v.adHoc);
  return [...plan.statements.map((p) => {
    const was = before.get(p.id);
    return {
      id: p.id,
      stepId: p.step,
      blockId: p.block,
      kind: p.kind,
      risk: p.risk,
      line: p.line,
      description: p.description,
      source: p.source,
      edited: was?.edited,
      edits: was?.edits ?? [],
      state: was?.state ?? { status: 'pending' },
      ...(was?.skippedAt ? { skippedAt: was.skippedAt } : {}),
      attempts: was?.attempts ?? [],
      ...(was?.dryRun ? { dryRun: true as const } : {}),
      ...(was?.preview ? { preview: was.preview } : {}),
    };
  }), ...adHoc];
}

function finalState(result: ResultSummary): StatementState {
  if (result.status === 'succeeded') return { status: 'succeeded', result };
  if (result.status === 'cancelled') return { status: 'cancelled', result };
  return { status: 'failed', result }; // failed and timed-out (result.status tells which)
}

/** Column `c` offers a value for placeholder `p` when it is named `p` or ends in `_p` (blocking_pid -> pid). */
export function columnFeeds(column: string, placeholder: string): boolean {
  const c = column.toLowerCase();
  const p = placeholder.toLowerCase();
  return c === p || c.endsWith(`_${p}`);
}

/** Applies one event in place (the engine's state object is long-lived; subscribers get copies). */
export function apply(d: Derived, event: JournalEvent): void {
  const s = d.state;
  switch (event.type) {
    case 'session-started': {
      s.id = event.sessionId;
      s.runbookPath = event.runbook.path;
      s.runbookTitle = event.runbook.title;
      s.procedureId = event.procedure.id;
      s.procedureTitle = event.procedure.title;
      s.target = event.target;
      s.startedAt = event.at;
      s.options = { ...event.options };
      d.steps = event.steps;
      d.runbookHash = event.runbook.hash;
      d.operator = event.operator;
      d.startedBy = event.operator;
      d.hostname = event.hostname;
      if (event.plan) setPlan(d, event.plan);
      break;
    }
    case 'session-resumed':
      d.resumed++;
      d.resumes.push({ at: event.at, operator: event.operator });
      s.status = 'active';
      s.endedAt = undefined;
      d.operator = event.operator;
      if (event.options) s.options = { ...event.options };
      if (event.steps) d.steps = event.steps;
      if (event.runbookHash) d.runbookHash = event.runbookHash;
      if (event.plan) setPlan(d, event.plan);
      break;
    case 'target-unreachable':
      s.outages.push({ at: event.at, message: event.message });
      break;
    case 'step-entered': {
      const index = d.steps.findIndex((st) => st.id === event.step);
      if (index >= 0) s.currentStep = index;
      d.stepsEntered.push({ at: event.at, step: event.step });
      break;
    }
    case 'branch-chosen':
      s.branches[event.branch] = { taken: event.taken, by: event.by };
      break;
    case 'param-set':
      s.params[event.name] = event.secret ? MASK : event.value;
      if (event.secret) d.secretParams.add(event.name);
      else d.secretParams.delete(event.name);
      break;
    case 'statement-edited': {
      const v = s.statements.find((x) => x.id === event.statement);
      if (v) {
        v.edited = event.text;
        v.edits = [...v.edits, { at: event.at, text: event.text, operator: d.operator }];
      }
      break;
    }
    case 'statement-added': {
      const p = event.statement;
      if (s.statements.some((v) => v.id === p.id)) break;
      s.statements.push({ id: p.id, stepId: p.step, blockId: p.block, kind: p.kind, risk: p.risk, line: p.line, source: p.source, edits: [], state: { status: 'pending' }, attempts: [], adHoc: true });
      break;
    }
    case 'statement-confirmed':
      break;
    case 'statement-previewed': {
      const v = s.statements.find((x) => x.id === event.statement);
      if (v) v.preview = event.preview;
      break;
    }
    case 'statement-started': {
      const v = s.statements.find((x) => x.id === event.statement);
      if (!v) break;
      v.state = { status: 'running', text: event.text, startedAt: event.at };
      delete v.skippedAt;
      if (event.dryRun) {
        v.dryRun = true;
        break;
      }
      delete v.dryRun;
      const last = v.attempts.at(-1);
      // Started again while the previous run never finished: that run was cut off.
      const earlier = last && !last.result ? [...v.attempts.slice(0, -1), { ...last, interrupted: true as const }] : v.attempts;
      const attempt: Attempt = { text: event.text, startedAt: event.at, operator: d.operator };
      if (event.risk) attempt.risk = event.risk;
      if (event.riskReasons) attempt.riskReasons = event.riskReasons;
      if (event.riskTargets) attempt.riskTargets = event.riskTargets;
      if (v.preview) attempt.preview = v.preview;
      delete v.preview;
      if (v.edited !== undefined) attempt.edited = v.edited;
      v.attempts = [...earlier, attempt];
      break;
    }
    case 'statement-finished': {
      const v = s.statements.find((x) => x.id === event.statement);
      const { type: _t, seq: _s, at: _a, statement: _st, step: _p, line: _l, operator, ...result } = event;
      d.drill?.runs.push({ at: event.at, statement: event.statement, planned: v !== undefined, status: result.status });
      if (v) {
        v.state = finalState(result);
        v.attempts = finishAttempt(v.attempts, result, operator);
      }
      if (result.columns && result.rows && result.rows.length > 0) offerSuggestions(d, result);
      if (result.carry) s.shell = result.carry;
      break;
    }
    case 'statement-skipped': {
      const v = s.statements.find((x) => x.id === event.statement);
      if (v) {
        v.state = { status: 'skipped', reason: event.reason };
        v.skippedAt = event.at;
      }
      break;
    }
    case 'manual-ticked': {
      const m = s.manual.find((x) => x.id === event.item);
      if (m) {
        m.done = event.done;
        m.note = event.note;
        m.ticks = [...m.ticks, { at: event.at, done: event.done, ...(event.note !== undefined ? { note: event.note } : {}), operator: d.operator }];
      }
      break;
    }
    case 'note':
      s.notes.push({ at: event.at, text: event.text, stepId: event.step, field: event.field });
      break;
    case 'session-ended':
      s.status = event.status;
      s.endedAt = event.at;
      break;
    case 'time-given':
      s.times = { ...s.times, [event.mark]: { at: event.time, givenAt: event.at, operator: d.operator } };
      break;
    case 'drill-started':
      d.drill = { info: event.drill, startedAt: event.at, checks: [], runs: [] };
      s.drill = { name: event.drill.name, title: event.drill.title };
      break;
    case 'drill-check':
      d.drill?.checks.push({ at: event.at, check: event.check, value: event.value, ...(event.error ? { error: event.error } : {}) });
      break;
    case 'drill-judged':
      if (d.drill) {
        const { type: _t, seq: _s, at, ...verdict } = event;
        d.drill.verdict = { at, ...verdict };
      }
      break;
    case 'server-snapshot':
      d.snapshots.push({ at: event.at, phase: event.phase, ...(event.snapshot ? { snapshot: event.snapshot } : {}), ...(event.error ? { error: event.error } : {}) });
      break;
  }
}

/** The open attempt gets its result (a finish with no start, as old journals may hold, is an attempt of its own). */
function finishAttempt(attempts: Attempt[], result: ResultSummary, operator: string): Attempt[] {
  const last = attempts.at(-1);
  if (last && !last.result && !last.interrupted) return [...attempts.slice(0, -1), { ...last, operator, result }];
  return [...attempts, { text: result.text, startedAt: result.startedAt, operator, result }];
}

function setPlan(d: Derived, plan: SessionPlan): void {
  d.plan = plan;
  d.state.statements = viewsFromPlan(plan, d.state.statements);
  const before = new Map(d.state.manual.map((m) => [m.id, m]));
  d.state.manual = plan.manual.map((m) => {
    const was = before.get(m.id);
    return { id: m.id, stepId: m.step, text: m.text, done: was?.done ?? false, note: was?.note, ticks: was?.ticks ?? [] };
  });
}

function offerSuggestions(d: Derived, result: ResultSummary): void {
  const names = new Set(d.plan.statements.flatMap((p) => p.placeholders.filter((ph) => !ph.secret).map((ph) => ph.name)));
  const own = result.backendPid ? String(result.backendPid) : undefined;
  for (const name of names) {
    const index = result.columns!.findIndex((c) => columnFeeds(c.name, name));
    // Runbook's own backend is never offered as a pid to act on: pg_terminate_backend([pid]) would end this session.
    const ownPid = own !== undefined && index >= 0 && columnFeeds(result.columns![index]!.name, 'pid');
    const row = result.rows!.find((r) => !(ownPid && r[index] === own));
    const value = index >= 0 ? row?.[index] : undefined;
    if (value !== undefined && value !== null && value !== '') d.state.suggestions[name] = value;
  }
}

/** Rebuilds everything from a journal's events. */
export function derive(events: JournalEvent[], dir = ''): Derived {
  const d = seed(dir);
  for (const e of events) apply(d, e);
  return d;
}

/** Statements that started but never finished (the process died mid-statement). */
export function interrupted(d: Derived): string[] {
  return d.state.statements.filter((v) => v.state.status === 'running').map((v) => v.id);
}

/** Parameter values the journal holds, the latest of each (secret ones were masked there and are left out). */
export function journaledParams(d: Derived): Record<string, string> {
  return Object.fromEntries(Object.entries(d.state.params).filter(([name]) => !d.secretParams.has(name)));
}

/**
 * A copy of the state for subscribers: each result replaced by its fuller in-memory one when there is one,
 * and a statement's state by what `shown` says the screen shows instead (the engine's asking/cut-off states).
 */
export function snapshot(s: SessionState, full: ReadonlyMap<string, ResultSummary>, shown: (id: string) => StatementState | undefined = () => undefined): SessionState {
  return {
    ...s,
    statements: s.statements.map((v) => {
      const result = full.get(v.id);
      const state = shown(v.id) ?? (result && 'result' in v.state && v.state.result ? ({ ...v.state, result } as StatementState) : v.state);
      return { ...v, state };
    }),
    manual: s.manual.map((m) => ({ ...m })),
    notes: [...s.notes],
    outages: [...s.outages],
    times: { ...s.times },
    params: { ...s.params },
    suggestions: { ...s.suggestions },
    branches: { ...s.branches },
  };
}

/** The risk a badge shows: as bound while the statement is asked or once it ran (journaled), else the runbook's. */
export function shownRisk(view: StatementView | undefined, planned: Risk): Risk {
  if (view?.state.status === 'awaiting-confirmation' && view.state.risk) return view.state.risk;
  return view?.attempts.at(-1)?.risk ?? planned;
}
