// The session engine: one procedure of one runbook against one target. It binds parameters, asks the
// policy, runs statements through the executors, and records every transition in the journal BEFORE
// its state changes and subscribers hear of it (state is the fold of the journal, see state.ts). The Ink
// UI and `runbook exec` both drive it through the SessionController interface. What the screen shows
// and the journal does not hold (a statement awaiting confirmation, one a dead process left running that
// may run again) is kept beside the fold, never written into it: the fold stays the journal's meaning.

import type { Block, Procedure, Runbook, Statement } from '../runbook/model.js';
import type { ExecutorRegistry, OutputEvent, ShellCarry } from '../executors/types.js';
import type { Target } from '../database/target.js';
import type { AdHocStatement, FinishNotes, FinishSummary, JournalEvent, NoteEntry, ParamRequest, Prepared, ResultSummary, SessionController, SessionState, SnapshotPhase, StatementState, TimeMark } from './types.js';
import { Journal, type NewEvent } from './journal.js';
import { apply, journaledParams, snapshot, type Derived } from './state.js';
import { accepts, journaledAnswer, notConfirmed } from './policy.js';
import type { Redactor } from './redact.js';
import type { BindFn, Bound } from './bind.js';
import { statementsOf, type Located } from './plan.js';
import { isSecretParam, placeholderFor, suggestionFor } from './params.js';
import { callExecutor, execRequest, journaled, summarize } from './executor-call.js';
import { withText } from './statement-text.js';
import { ValueRefused } from './bind-refused.js';
import { boundForms } from './bind.js';
import type { ClassifyFn } from './bound-risk.js';
import { prepareRun, type PreparedRun } from './prepare.js';
import { CLOSING_FIELDS, finishSummary } from './finish-summary.js';
import { readGivenTime } from './given-time.js';
import { takeSnapshot } from './server-snapshot.js';
import { join } from 'node:path';
import { REPORT_FILE } from './list.js';
import { MASK } from './redact.js';
import { branchesOf, isTaken, notChosenReason, type Branch, type ChoiceSource } from './branches.js';
import { asAdHoc, modelAdHoc, plannedAdHoc, relocateAdHoc } from './ad-hoc.js';
import { askAgain, busyBackends, describeCutOff, interruptedLine, type InterruptedStatement } from './interrupted.js';

export type { ClassifyFn } from './bound-risk.js';
export type { BindFn } from './bind.js';

export interface EngineInit {
  dir: string;
  runbook: Runbook;
  procedure: Procedure;
  journal: Journal;
  /** The fold of the journal so far (resume: of its events, read once); the engine continues it. */
  derived: Derived;
  /** Resume: statements a dead process left running; shown pending and run again when asked. */
  cutOff?: readonly string[];
  executors: ExecutorRegistry;
  redactor: Redactor;
  operator: string;
  target: Target;
  bind: BindFn;
  classify?: ClassifyFn;
  /** Real parameter values (the journal and state only see secret ones masked). */
  values?: Record<string, string>;
  onClose?: () => Promise<void>;
}

export class SessionEngine implements SessionController {
  private listeners = new Set<(state: SessionState, event?: JournalEvent) => void>();
  private outputListeners = new Set<(statementId: string, event: OutputEvent) => void>();
  private prepared = new Map<string, PreparedRun>();
  private running?: { id: string; controller: AbortController; ended: Promise<void> };
  /** Set by halt(): the process is ending, no statement starts any more. */
  private halted = false;
  private closed = false;
  private located = new Map<string, Located>();
  private values: Record<string, string>;
  /** The block of each statement (a block once per statement it holds). */
  private blocks: Block[];
  /** Results with up to 1,000 rows for the screen and exec --json (the journal keeps 20). */
  private full = new Map<string, ResultSummary>();
  /** Statements being asked (awaiting confirmation): declining drops the entry and the fold's state shows again. */
  private asking = new Map<string, StatementState>();
  /** Statements cut off by a dead process (resume), pending until they are journaled again. */
  private cutOff: Set<string>;
  /** What is known of the cut-off statements (checkInterrupted: the server asked once, on resume). */
  private cutOffFacts: InterruptedStatement[] = [];
  /** The operator's own statements (`statement-added`), in the order added. */
  private adHocList: Located[] = [];

  /** Exports and working directory the shell statements so far left (real values; the journal masks secret ones). */
  private carry?: ShellCarry;

  constructor(private readonly init: EngineInit) {
    this.cutOff = new Set(init.cutOff);
    this.values = { ...(init.values ?? {}) };
    for (const l of statementsOf(init.procedure)) this.located.set(l.statement.id, l);
    this.blocks = [...this.located.values()].map((l) => l.block);
    // Resumed: what the journal kept of the shell state (secret values were masked there and are gone).
    const kept = init.derived.state.shell;
    if (kept) this.carry = { ...kept, env: Object.fromEntries(Object.entries(kept.env).filter(([, v]) => v !== MASK)) };
    for (const l of relocateAdHoc(init.derived.state.statements, init.procedure)) this.addLocated(l);
  }

  private addLocated(l: Located): void {
    this.located.set(l.statement.id, l);
    this.blocks.push(l.block);
    this.adHocList.push(l);
  }

  get dir(): string {
    return this.init.dir;
  }

  get operator(): string {
    return this.init.operator;
  }

  /** The fold of the journal so far; callers read it, only the engine's `record` moves it. */
  get derived(): Readonly<Derived> {
    return this.init.derived;
  }

  getState(): SessionState {
    return snapshot(this.init.derived.state, this.full, (id) => this.asking.get(id) ?? (this.cutOff.has(id) ? { status: 'pending', interrupted: true } : undefined));
  }

  subscribe(listener: (state: SessionState, event?: JournalEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onOutput(listener: (statementId: string, event: OutputEvent) => void): () => void {
    this.outputListeners.add(listener);
    return () => this.outputListeners.delete(listener);
  }

  /** Journal first (fsynced), then state, then subscribers. */
  record(event: NewEvent): JournalEvent {
    const written = this.init.journal.append(event);
    apply(this.init.derived, written);
    if (written.type === 'statement-started' || written.type === 'statement-finished' || written.type === 'statement-skipped') {
      this.asking.delete(written.statement);
      this.cutOff.delete(written.statement);
    }
    this.notify(written);
    return written;
  }

  private notify(event?: JournalEvent): void {
    if (this.listeners.size === 0) return;
    const state = this.getState();
    for (const l of this.listeners) l(state, event);
  }

  /** The target did not answer when this process took the session up (exec, resume, a check the UI runs once open). */
  async recordUnreachable(message: string): Promise<void> {
    if (this.closed || this.init.derived.state.status !== 'active') return;
    this.record({ type: 'target-unreachable', message });
  }

  async enterStep(index: number): Promise<void> {
    const step = this.init.procedure.steps[index];
    if (!step) throw new Error(`no step ${index + 1} in "${this.init.procedure.title}"`);
    this.record({ type: 'step-entered', step: step.id });
  }

  isSecret(name: string): boolean {
    return isSecretParam(name, this.blocks);
  }

  /** On resume: parameter values from the journal (secret ones were masked there and must be given again). */
  restoreParams(): void {
    for (const [name, value] of Object.entries(journaledParams(this.init.derived))) if (!(name in this.values)) this.values[name] = value;
  }

  async setParam(name: string, value: string): Promise<void> {
    const secret = this.isSecret(name);
    // The value as binding writes it is secret too: psql's error lines quote the SQL it was given.
    if (secret) for (const form of boundForms(value)) this.init.redactor.add(form);
    this.values[name] = value;
    for (const [id, p] of this.prepared) if (p.statement.placeholders.some((u) => u.name === name)) this.prepared.delete(id);
    this.record({ type: 'param-set', name, value, secret });
  }

  private locate(id: string): Located {
    const l = this.located.get(id);
    if (!l) throw new Error(`no statement ${id} in "${this.init.procedure.title}"`);
    return l;
  }

  /** What a placeholder could default to: an earlier result, the declared default, or the target. */
  suggestionFor(name: string): Pick<ParamRequest, 'suggestion' | 'suggestionSource'> {
    return suggestionFor(name, { results: this.init.derived.state.suggestions, blocks: this.blocks, target: this.init.target });
  }

  /** exec: gives every placeholder that has a declared default or a target value that value (journaled). */
  async fillDerivable(): Promise<void> {
    const names = new Set<string>();
    for (const l of this.located.values()) for (const u of l.statement.placeholders) names.add(u.name);
    for (const name of names) {
      if (name in this.values) continue;
      const s = this.suggestionFor(name);
      if (s.suggestion !== undefined && (s.suggestionSource === 'default' || s.suggestionSource === 'target')) await this.setParam(name, s.suggestion);
    }
  }

  async prepare(statementId: string, options: { editedText?: string } = {}): Promise<Prepared> {
    const l = this.locate(statementId);
    const view = this.init.derived.state.statements.find((v) => v.id === statementId);
    if (options.editedText !== undefined && options.editedText !== (view?.edited ?? l.statement.text)) {
      this.record({ type: 'statement-edited', statement: statementId, text: options.editedText });
    }
    const edited = view?.edited;
    const statement = edited !== undefined ? withText(l.statement, edited) : l.statement;
    let bound: Bound;
    try {
      bound = this.init.bind(statement, this.values, (n) => this.isSecret(n));
    } catch (error) {
      // A value binding will not use: ask for that one again, saying why.
      if (!(error instanceof ValueRefused)) throw error;
      return { statementId, missing: this.requests(l.block, statement, [error.parameter]), refused: error.message };
    }
    if (bound.missing.length > 0) {
      const missing = bound.missing.map((name) => ({ placeholder: placeholderFor(name, l.block, statement, (n) => this.isSecret(n)), ...this.suggestionFor(name) }));
      return { statementId, missing };
    }
    const label = view?.adHoc ? 'your own statement' : `line ${statement.line}`;
    const run = await prepareRun({ options: this.init.derived.state.options, classify: this.init.classify, redactor: this.init.redactor, sql: this.init.executors.sql, dir: this.init.dir }, statement, l.block, bound, label);
    // Cut off by a dead process: asked again, saying so (interrupted.ts), whatever the policy allowed before.
    const cut = this.cutOff.has(statementId) ? this.cutOffFacts.find((i) => i.statementId === statementId) : undefined;
    if (cut) run.decision = askAgain(run.decision);
    const display = this.init.redactor.text(bound.display);
    this.prepared.set(statementId, run);
    const { decision, risk, preview } = this.init.redactor.deep({ decision: run.decision, risk: run.risk, preview: run.preview });
    if (view && statement.kind !== 'note') {
      this.asking.set(statementId, { status: 'awaiting-confirmation', text: display, decision, risk: risk.risk });
      this.notify();
    }
    return {
      statementId,
      missing: [],
      display,
      decision: run.decision,
      rawFragment: bound.fragments.length > 0 || undefined,
      risk,
      ...(preview ? { preview } : {}),
      ...(cut ? { interrupted: this.init.redactor.text(interruptedLine(cut)) } : {}),
    };
  }

  /** Every placeholder the statement (as edited) uses, with its current value: to change them before confirming. */
  parameters(statementId: string): ParamRequest[] {
    const l = this.locate(statementId);
    const view = this.init.derived.state.statements.find((v) => v.id === statementId);
    const statement = view?.edited !== undefined ? withText(l.statement, view.edited) : l.statement;
    return this.requests(l.block, statement, [...new Set(statement.placeholders.map((u) => u.name))]);
  }

  private requests(block: Block, statement: Statement, names: string[]): ParamRequest[] {
    return names.map((name) => {
      const placeholder = placeholderFor(name, block, statement, (n) => this.isSecret(n));
      const current = this.values[name];
      return current !== undefined ? { placeholder, suggestion: current, suggestionSource: 'current' as const } : { placeholder, ...this.suggestionFor(name) };
    });
  }

  private stateOf(id: string): StatementState {
    return this.getState().statements.find((v) => v.id === id)?.state ?? { status: 'pending' };
  }

  async confirm(statementId: string, answer: { yes: boolean; typed?: string }, options: { terminal?: boolean } = {}): Promise<StatementState> {
    if (this.halted) return this.stateOf(statementId);
    let p = this.prepared.get(statementId);
    if (!p) {
      const prepared = await this.prepare(statementId);
      if (prepared.missing.length) throw new Error(`missing parameter ${prepared.missing.map((m) => `[${m.placeholder.name}]`).join(', ')}`);
      p = this.prepared.get(statementId)!;
    }
    if (!answer.yes) {
      // Declining keeps what happened before (a re-run declined keeps the first result): the journal never saw the question.
      this.forget(statementId);
      this.notify();
      return this.stateOf(statementId);
    }
    if (p.decision.kind === 'deny') {
      this.forget(statementId);
      this.record({ type: 'statement-skipped', statement: statementId, step: this.locate(statementId).step.id, reason: `denied: ${p.decision.reason}` });
      return this.stateOf(statementId);
    }
    if (!accepts(p.decision, answer)) throw new Error(notConfirmed(p.decision));
    this.forget(statementId);
    // halt() may have come while this was being prepared: nothing starts after it.
    if (this.halted) return this.stateOf(statementId);
    if (p.preview) this.record({ type: 'statement-previewed', statement: statementId, preview: p.preview });
    this.record({ type: 'statement-confirmed', statement: statementId, answer: journaledAnswer(p.decision) });
    return this.execute(statementId, p, options.terminal === true);
  }

  private async execute(statementId: string, p: PreparedRun, terminal = false): Promise<StatementState> {
    const l = this.locate(statementId);
    const display = this.init.redactor.text(p.bound.display);
    const kind = p.statement.kind;
    const base = { statement: statementId, step: l.step.id, line: p.statement.line };
    const risk = { risk: p.risk.risk, riskReasons: p.risk.reasons, ...(p.risk.targets ? { riskTargets: p.risk.targets } : {}) };
    if (this.init.derived.state.options.dryRun || kind === 'note') {
      this.record({ type: 'statement-started', ...base, kind, text: display, dryRun: true, ...risk });
      this.record({ type: 'statement-skipped', statement: statementId, step: l.step.id, reason: kind === 'note' ? 'note' : 'dry-run' });
      return this.stateOf(statementId);
    }
    this.record({ type: 'statement-started', ...base, kind, text: display, ...risk });
    const controller = new AbortController();
    let ended!: () => void;
    this.running = { id: statementId, controller, ended: new Promise<void>((resolve) => (ended = resolve)) };
    try {
      return await this.runStarted(statementId, p, l, display, controller, terminal);
    } finally {
      ended();
    }
  }

  private async runStarted(statementId: string, p: PreparedRun, l: Located, display: string, controller: AbortController, terminal: boolean): Promise<StatementState> {
    const kind = p.statement.kind as Exclude<typeof p.statement.kind, 'note'>;
    const base = { statement: statementId, step: l.step.id, line: p.statement.line };
    const request = execRequest(l, p.bound.text, p.bound.env, kind, {
      index: [...this.located.keys()].indexOf(statementId) + 1,
      attempts: this.init.derived.state.statements.find((v) => v.id === statementId)?.attempts.length ?? 1,
      sessionDir: this.init.dir,
      runbookPath: this.init.runbook.path,
      readOnly: this.init.derived.state.options.readOnly,
      secrets: this.init.redactor.values,
      lockTimeoutMs: p.lockTimeoutMs,
    });
    if (kind === 'shell') {
      // As in one terminal: what earlier shell statements exported and where they cd'ed to.
      if (this.carry) request.carry = this.carry;
      if (terminal) request.terminal = true;
    }
    const result = await callExecutor(this.init.executors[kind], request, controller.signal, (event) => {
      const safe = event.type === 'data' ? { ...event, text: this.init.redactor.text(event.text) } : event;
      for (const listener of this.outputListeners) listener(statementId, safe);
    }).finally(() => (this.running = undefined));
    if (result.carry !== undefined || kind === 'shell') this.carry = result.carry ?? this.carry;
    const summary = await summarize(result, display, this.init.dir, this.init.redactor);
    this.full.set(statementId, summary);
    this.record({ type: 'statement-finished', ...base, operator: this.init.operator, ...journaled(summary) });
    return this.stateOf(statementId);
  }

  /** Drops what was prepared and asked for a statement. */
  private forget(statementId: string): void {
    this.prepared.delete(statementId);
    this.asking.delete(statementId);
  }

  /**
   * exec's answer to an interactive statement (runbook/interactive.ts): it fails at once, journaled as
   * started and failed with the reason, instead of hanging on a closed stdin or failing obscurely.
   */
  async refuseInteractive(statementId: string, display: string): Promise<StatementState> {
    const l = this.locate(statementId);
    this.forget(statementId);
    const reason = l.statement.interactive?.reason ?? 'it needs a terminal';
    const base = { statement: statementId, step: l.step.id, line: l.statement.line };
    const now = new Date().toISOString();
    this.record({ type: 'statement-started', ...base, kind: l.statement.kind, text: display });
    const message = `interactive: ${reason}; exec has no terminal to give it (run it in \`runbook run\`, or do it by hand)`;
    this.record({ type: 'statement-finished', ...base, operator: this.init.operator, status: 'failed', text: display, startedAt: now, endedAt: now, durationMs: 0, error: { message, line: l.statement.line, column: l.statement.column } });
    return this.stateOf(statementId);
  }

  /** The choices (conditional step, block, alternatives) a statement depends on, outer first. */
  branchesOf(statementId: string): Branch[] {
    const l = this.locate(statementId);
    return branchesOf(this.init.procedure, l.step, l.block);
  }

  openChoices(statementId: string): Branch[] {
    const choices = this.init.derived.state.branches;
    return this.branchesOf(statementId).filter((b) => isTaken(b, choices) === undefined);
  }

  async choose(branch: Branch, taken: string[], by: ChoiceSource): Promise<void> {
    this.record({ type: 'branch-chosen', branch: branch.key, options: branch.options, taken: taken.filter((t) => branch.options.includes(t)), by });
  }

  notChosen(statementId: string): string | undefined {
    const choices = this.init.derived.state.branches;
    const out = this.branchesOf(statementId).find((b) => isTaken(b, choices) === false);
    return out ? notChosenReason(out, choices[out.key]!) : undefined;
  }

  async adHoc(text: string, kind: 'sql' | 'shell'): Promise<AdHocStatement[]> {
    const stepIndex = Math.min(this.init.derived.state.currentStep, this.init.procedure.steps.length - 1);
    const added = modelAdHoc(text, kind, this.init.procedure, stepIndex, this.adHocList.length);
    if (added.length === 0) throw new Error('nothing to run: the text holds no statement');
    for (const l of added) {
      this.record({ type: 'statement-added', statement: plannedAdHoc(l), adHoc: true });
      this.addLocated(l);
    }
    return added.map(asAdHoc);
  }

  adHocStatements(): readonly AdHocStatement[] {
    return this.adHocList.map(asAdHoc);
  }

  async skip(statementId: string, reason?: string): Promise<void> {
    const step = this.locate(statementId).step.id;
    this.forget(statementId);
    this.record({ type: 'statement-skipped', statement: statementId, step, reason });
  }

  cancel(): void {
    this.running?.controller.abort();
  }

  /**
   * The process is ending (a signal, the operator quitting): no statement starts any more, the running
   * one is cancelled, and this resolves once its end is journaled. The caller then finishes the session.
   */
  async halt(): Promise<void> {
    this.halted = true;
    const running = this.running;
    running?.controller.abort();
    await running?.ended;
  }

  get runningStatement(): string | undefined {
    return this.running?.id;
  }

  async tickManual(itemId: string, done: boolean, note?: string): Promise<void> {
    const item = this.init.derived.state.manual.find((m) => m.id === itemId);
    if (!item) throw new Error(`no checklist item ${itemId}`);
    this.record({ type: 'manual-ticked', item: itemId, step: item.stepId, done, ...(note !== undefined ? { note } : {}) });
  }

  async addNote(text: string, field?: NoteEntry['field']): Promise<void> {
    const step = this.init.procedure.steps[this.init.derived.state.currentStep];
    this.record({ type: 'note', text, ...(step && !field ? { step: step.id } : {}), ...(field ? { field } : {}) });
  }

  async giveTime(mark: TimeMark, at: string): Promise<void> {
    const given = readGivenTime(this.init.derived.state.times, mark, at, new Date());
    if (!given.ok) throw new Error(`${mark === 'detected' ? 'detection' : 'resolution'} time: ${given.message}`);
    this.record({ type: 'time-given', mark, time: given.iso });
  }

  /**
   * Resume: what is known of the statements the dead process left running, the server asked (once) about
   * the SQL ones. Kept for prepare's question; returns those not started again yet.
   */
  async checkInterrupted(): Promise<InterruptedStatement[]> {
    const state = this.init.derived.state;
    const ids = [...this.cutOff];
    const sqlCut = ids.some((id) => ['sql', 'psql-meta'].includes(state.statements.find((v) => v.id === id)?.kind ?? ''));
    const answer = sqlCut && !state.options.dryRun ? await busyBackends(this.init.executors.sql, this.init.dir, state.id) : undefined;
    this.cutOffFacts = describeCutOff(state, ids, answer);
    return this.interrupted;
  }

  /** Cut-off statements (with what is known of them) not started again yet. */
  get interrupted(): InterruptedStatement[] {
    return this.cutOffFacts.filter((i) => this.cutOff.has(i.statementId));
  }

  /** Journals a short read-only look at the server (a database that does not answer is journaled as such). */
  async snapshotServer(phase: SnapshotPhase): Promise<void> {
    // A dry run executes nothing, not even a look.
    if (this.init.derived.state.options.dryRun) return;
    this.record({ type: 'server-snapshot', phase, ...(await takeSnapshot(this.init.executors.sql, this.init.dir)) });
  }

  async finish(notes: FinishNotes = {}, options: { aborted?: boolean } = {}): Promise<FinishSummary> {
    // Times first: one that cannot be throws before the closing notes are journaled (a retry adds none twice).
    if (notes.detectedAt?.trim()) await this.giveTime('detected', notes.detectedAt);
    if (notes.resolvedAt?.trim()) await this.giveTime('resolved', notes.resolvedAt);
    for (const [key, field] of CLOSING_FIELDS) if (notes[key]?.trim()) await this.addNote(notes[key]!.trim(), field);
    if (this.init.derived.state.status === 'active') {
      await this.snapshotServer('end');
      this.record({ type: 'session-ended', status: options.aborted ? 'aborted' : 'completed' });
    }
    // The report itself is written by whoever subscribed a report writer (report/writer.ts).
    return finishSummary(this.init.derived.state, join(this.init.dir, REPORT_FILE));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.cancel();
    await Promise.all([...new Set(Object.values(this.init.executors))].map((e) => e.close?.().catch(() => undefined)));
    this.init.journal.close();
    await this.init.onClose?.();
  }
}
