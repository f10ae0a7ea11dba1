// The session engine: one procedure of one runbook against one target. It binds parameters, asks the
// policy, runs statements through the executors, and records every transition in the journal BEFORE
// its state changes and subscribers hear of it (state is the fold of the journal, see state.ts). The Ink
// UI and `runbook exec` both drive it through the SessionController interface.

import { isAbsolute, relative } from 'node:path';
import type { Procedure, Runbook, Statement, Block, Step, Risk } from '../runbook/model.js';
import { RISK_ORDER } from '../runbook/model.js';
import { FINAL_STATUSES } from './types.js';
import type { ExecRequest, ExecResult, ExecutorRegistry, OutputEvent } from '../executors/types.js';
import type { Target } from '../database/target.js';
import type { Decision, FinishNotes, FinishSummary, JournalEvent, NoteEntry, ParamRequest, Prepared, ResultSummary, SessionController, SessionState, StatementState } from './types.js';
import { Journal, type NewEvent } from './journal.js';
import { apply, type Derived } from './state.js';
import { accepts, decide } from './policy.js';
import { Redactor, isSecretName } from './redact.js';
import { statementsOf } from './plan.js';
import { targetValue } from './params.js';
import { writeSessionReport } from '../report/render.js';

export const DEFAULT_TIMEOUT_MS = 5 * 60_000;
/** Rows kept per statement in the journal (the report shows 20; the CSV has them all). */
export const JOURNAL_ROWS = 20;

export interface Bound {
  text: string;
  display: string;
  env: Record<string, string>;
  missing: string[];
  /** Names of sql-fragment placeholders whose raw text entered the statement. */
  fragments: string[];
}

export type BindFn = (statement: Statement, values: Record<string, string>, secret: (name: string) => boolean) => Bound;
export type ClassifyFn = (text: string, statement: Statement) => Risk;

export interface EngineInit {
  dir: string;
  runbook: Runbook;
  procedure: Procedure;
  journal: Journal;
  /** Events already in the journal (resume) folded into `derived`. */
  events: JournalEvent[];
  derived: Derived;
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

interface Located {
  step: Step;
  stepIndex: number;
  block: Block;
  statement: Statement;
}

interface PreparedRun {
  bound: Bound;
  decision: Decision;
  statement: Statement;
}

export class SessionEngine implements SessionController {
  private listeners = new Set<(state: SessionState, event?: JournalEvent) => void>();
  private outputListeners = new Set<(statementId: string, event: OutputEvent) => void>();
  private prepared = new Map<string, PreparedRun>();
  private running?: { id: string; controller: AbortController };
  private located = new Map<string, Located>();
  private values: Record<string, string>;
  /** Results with up to 1,000 rows for the screen and exec --json (the journal keeps 20). */
  private full = new Map<string, ResultSummary>();
  /** A finished statement's state while it is asked again: declining the re-run puts it back. */
  private beforeAsk = new Map<string, StatementState>();
  readonly events: JournalEvent[];

  constructor(private readonly init: EngineInit) {
    this.events = init.events;
    this.values = { ...(init.values ?? {}) };
    for (const l of statementsOf(init.procedure)) this.located.set(l.statement.id, l);
  }

  get dir(): string {
    return this.init.dir;
  }

  getState(): SessionState {
    const s = this.init.derived.state;
    return {
      ...s,
      statements: s.statements.map((v) => {
        const full = this.full.get(v.id);
        const state = full && 'result' in v.state && v.state.result ? ({ ...v.state, result: full } as StatementState) : v.state;
        return { ...v, state };
      }),
      manual: s.manual.map((m) => ({ ...m })),
      notes: [...s.notes],
      params: { ...s.params },
      suggestions: { ...s.suggestions },
    };
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
    this.events.push(written);
    apply(this.init.derived, written);
    this.notify(written);
    return written;
  }

  private notify(event?: JournalEvent): void {
    if (this.listeners.size === 0) return;
    const state = this.getState();
    for (const l of this.listeners) l(state, event);
  }

  writeReport(): string {
    return writeSessionReport(this.init.dir, this.events);
  }

  async enterStep(index: number): Promise<void> {
    const step = this.init.procedure.steps[index];
    if (!step) throw new Error(`no step ${index + 1} in "${this.init.procedure.title}"`);
    this.record({ type: 'step-entered', step: step.id });
    this.writeReport();
  }

  isSecret(name: string): boolean {
    for (const l of this.located.values()) {
      const p = l.block.placeholders.find((x) => x.name === name);
      if (p?.secret) return true;
    }
    return isSecretName(name);
  }

  /** On resume: parameter values from the journal (secret ones were masked there and must be given again). */
  restoreParams(): void {
    const journaled: Record<string, string> = {};
    for (const e of this.events) if (e.type === 'param-set' && !e.secret) journaled[e.name] = e.value;
    for (const [name, value] of Object.entries(journaled)) if (!(name in this.values)) this.values[name] = value;
  }

  async setParam(name: string, value: string): Promise<void> {
    const secret = this.isSecret(name);
    if (secret) this.init.redactor.add(value);
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
    const fromResult = this.init.derived.state.suggestions[name];
    if (fromResult !== undefined) return { suggestion: fromResult, suggestionSource: 'result' };
    for (const l of this.located.values()) {
      const p = l.block.placeholders.find((x) => x.name === name);
      if (p?.default !== undefined) return { suggestion: p.default, suggestionSource: 'default' };
    }
    const fromTarget = targetValue(name, this.init.target);
    if (fromTarget !== undefined) return { suggestion: fromTarget, suggestionSource: 'target' };
    return {};
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
    const statement = edited !== undefined ? this.withText(l.statement, edited) : l.statement;
    const bound = this.init.bind(statement, this.values, (n) => this.isSecret(n));
    if (bound.missing.length > 0) {
      const missing = bound.missing.map((name) => {
        const placeholder = l.block.placeholders.find((p) => p.name === name) ?? {
          name,
          context: statement.placeholders.find((u) => u.name === name)?.context ?? 'sql-literal',
          secret: this.isSecret(name),
          line: statement.line,
          column: statement.column,
        };
        return { placeholder, ...this.suggestionFor(name) };
      });
      return { statementId, missing };
    }
    const risk = this.riskOf(statement, bound, edited !== undefined);
    const decision = decide(
      { kind: statement.kind, risk, confirmTarget: statement.confirmTarget, confirm: l.block.attributes.confirm, fragments: bound.fragments, label: `line ${statement.line}` },
      this.init.derived.state.options,
    );
    const display = this.init.redactor.text(bound.display);
    this.prepared.set(statementId, { bound, decision, statement });
    if (view && statement.kind !== 'note') {
      if (FINAL_STATUSES.includes(view.state.status)) this.beforeAsk.set(statementId, view.state);
      view.state = { status: 'awaiting-confirmation', text: display, decision };
      this.notify();
    }
    return { statementId, missing: [], display, decision, rawFragment: bound.fragments.length > 0 || undefined };
  }

  private withText(statement: Statement, text: string): Statement {
    // An edited statement keeps its placeholders only where their tokens are still present.
    const placeholders = statement.placeholders
      .map((u) => ({ ...u, offset: text.indexOf(u.token) }))
      .filter((u) => u.offset >= 0);
    return { ...statement, text, placeholders };
  }

  /** Edited text or raw fragments can change what a statement does: take the higher of the two risks. */
  private riskOf(statement: Statement, bound: Bound, edited: boolean): Risk {
    if (!this.init.classify || (!edited && bound.fragments.length === 0)) return statement.risk;
    const now = this.init.classify(bound.text, statement);
    return RISK_ORDER.indexOf(now) > RISK_ORDER.indexOf(statement.risk) ? now : statement.risk;
  }

  private stateOf(id: string): StatementState {
    return this.getState().statements.find((v) => v.id === id)?.state ?? { status: 'pending' };
  }

  async confirm(statementId: string, answer: { yes: boolean; typed?: string }): Promise<StatementState> {
    let p = this.prepared.get(statementId);
    if (!p) {
      const prepared = await this.prepare(statementId);
      if (prepared.missing.length) throw new Error(`missing parameter ${prepared.missing.map((m) => `[${m.placeholder.name}]`).join(', ')}`);
      p = this.prepared.get(statementId)!;
    }
    const view = this.init.derived.state.statements.find((v) => v.id === statementId)!;
    const before = this.beforeAsk.get(statementId);
    if (!answer.yes) {
      this.prepared.delete(statementId);
      this.beforeAsk.delete(statementId);
      // Declining a re-run keeps what happened the first time (the journal never saw the question).
      view.state = before ?? { status: 'pending' };
      this.notify();
      return this.stateOf(statementId);
    }
    if (p.decision.kind === 'deny') {
      this.prepared.delete(statementId);
      this.beforeAsk.delete(statementId);
      this.record({ type: 'statement-skipped', statement: statementId, step: this.locate(statementId).step.id, reason: `denied: ${p.decision.reason}` });
      this.writeReport();
      return this.stateOf(statementId);
    }
    if (!accepts(p.decision, answer)) {
      const expected = p.decision.kind === 'ask-typed' ? p.decision.expected.map((e) => `"${e}"`).join(' or ') : 'yes';
      throw new Error(`not confirmed: type ${expected} to run this statement`);
    }
    this.prepared.delete(statementId);
    this.beforeAsk.delete(statementId);
    const how = p.decision.kind === 'allow' ? 'auto' : p.decision.kind === 'ask-typed' ? 'typed' : 'yes';
    this.record({ type: 'statement-confirmed', statement: statementId, answer: how });
    return this.execute(statementId, p);
  }

  private async execute(statementId: string, p: PreparedRun): Promise<StatementState> {
    const l = this.locate(statementId);
    const display = this.init.redactor.text(p.bound.display);
    const kind = p.statement.kind === 'note' ? 'note' : p.statement.kind;
    const base = { statement: statementId, step: l.step.id, line: p.statement.line };
    if (this.init.derived.state.options.dryRun || kind === 'note') {
      this.record({ type: 'statement-started', ...base, kind, text: display, dryRun: true });
      this.record({ type: 'statement-skipped', statement: statementId, step: l.step.id, reason: kind === 'note' ? 'note' : 'dry-run' });
      this.writeReport();
      return this.stateOf(statementId);
    }
    this.record({ type: 'statement-started', ...base, kind, text: display });
    const controller = new AbortController();
    this.running = { id: statementId, controller };
    let result: ExecResult;
    const request = this.request(l, p, kind);
    try {
      const executor = this.init.executors[kind as ExecRequest['kind']];
      result = await executor.run(request, {
        signal: controller.signal,
        onOutput: (event) => {
          const safe = event.type === 'data' ? { ...event, text: this.init.redactor.text(event.text) } : event;
          for (const listener of this.outputListeners) listener(statementId, safe);
        },
      });
      // The SQL executor writes small CSVs in the background: wait, so the file is whole before it is
      // redacted and linked from the report.
      await (executor as { flush?: () => Promise<void> }).flush?.();
    } catch (error) {
      const now = new Date().toISOString();
      const message = error instanceof Error ? error.message : String(error);
      result = { kind, status: controller.signal.aborted ? 'cancelled' : 'failed', text: p.bound.text, startedAt: now, endedAt: now, durationMs: 0, error: { message } };
    } finally {
      this.running = undefined;
    }
    const summary = await this.summarize(result, display);
    this.full.set(statementId, summary);
    const { rows, ...rest } = summary;
    this.record({ type: 'statement-finished', ...base, operator: this.init.operator, ...rest, ...(rows ? { rows: rows.slice(0, JOURNAL_ROWS) } : {}) });
    this.writeReport();
    return this.stateOf(statementId);
  }

  private request(l: Located, p: PreparedRun, kind: ExecRequest['kind']): ExecRequest {
    const index = [...this.located.keys()].indexOf(l.statement.id) + 1;
    const attempts = this.events.filter((e) => e.type === 'statement-started' && e.statement === l.statement.id && !e.dryRun).length;
    const name = `${String(index).padStart(3, '0')}-${l.statement.id.replace(/[^A-Za-z0-9]+/g, '-')}${attempts > 1 ? `-run${attempts}` : ''}`;
    return {
      kind,
      text: p.bound.text,
      env: p.bound.env,
      cwd: this.runbookDir(),
      timeoutMs: l.block.attributes.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      outputDir: `${this.init.dir}/outputs`,
      outputName: name,
      // Every result gets its full CSV: the journal and report keep 20 rows and link the rest.
      csv: 'always',
      readOnly: this.init.derived.state.options.readOnly || l.block.attributes.readonly || undefined,
      origin: { file: this.init.runbook.path, line: l.statement.line, column: l.statement.column },
    };
  }

  private runbookDir(): string {
    const path = this.init.runbook.path;
    const slash = path.lastIndexOf('/');
    return slash > 0 ? path.slice(0, slash) : slash === 0 ? '/' : process.cwd();
  }

  /** Masks secrets in the result and in its output file; output paths become relative to the session. */
  private async summarize(r: ExecResult, display: string): Promise<ResultSummary> {
    if (r.outputFile && this.init.redactor.values.length > 0) await this.init.redactor.file(r.outputFile).catch(() => undefined);
    const outputFile = r.outputFile ? (isAbsolute(r.outputFile) ? relative(this.init.dir, r.outputFile) : r.outputFile) : undefined;
    const summary: ResultSummary = {
      status: r.status,
      text: display,
      startedAt: r.startedAt,
      endedAt: r.endedAt,
      durationMs: Math.round(r.durationMs * 10) / 10,
      columns: r.columns,
      rows: r.rows,
      rowCount: r.rowCount,
      command: r.command,
      notices: r.notices,
      exitCode: r.exitCode,
      stdoutTail: r.stdoutTail,
      stderrTail: r.stderrTail,
      outputFile,
      error: r.error,
    };
    for (const k of Object.keys(summary) as (keyof ResultSummary)[]) if (summary[k] === undefined) delete summary[k];
    return this.init.redactor.deep(summary);
  }

  async skip(statementId: string, reason?: string): Promise<void> {
    const l = this.locate(statementId);
    this.prepared.delete(statementId);
    this.beforeAsk.delete(statementId);
    this.record({ type: 'statement-skipped', statement: statementId, step: l.step.id, reason });
    this.writeReport();
  }

  cancel(): void {
    this.running?.controller.abort();
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

  async finish(notes: FinishNotes = {}, options: { aborted?: boolean } = {}): Promise<FinishSummary> {
    const fields: [keyof FinishNotes, NonNullable<NoteEntry['field']>][] = [['impact', 'impact'], ['rootCause', 'root-cause'], ['lessons', 'lessons'], ['prevention', 'prevention']];
    for (const [key, field] of fields) if (notes[key]?.trim()) await this.addNote(notes[key]!.trim(), field);
    if (this.init.derived.state.status === 'active') this.record({ type: 'session-ended', status: options.aborted ? 'aborted' : 'completed' });
    const reportPath = this.writeReport();
    const s = this.init.derived.state;
    // A note is read, not run or skipped: like the report, the summary leaves notes out.
    const statements = s.statements.filter((v) => v.kind !== 'note');
    const count = (status: string) => statements.filter((v) => v.state.status === status).length;
    return {
      reportPath,
      run: statements.filter((v) => ['succeeded', 'failed', 'cancelled'].includes(v.state.status) && 'result' in v.state).length,
      succeeded: count('succeeded'),
      failed: count('failed'),
      skipped: count('skipped'),
      cancelled: count('cancelled'),
      durationMs: Date.parse(s.endedAt ?? new Date().toISOString()) - Date.parse(s.startedAt),
    };
  }

  async close(): Promise<void> {
    this.cancel();
    await Promise.all([...new Set(Object.values(this.init.executors))].map((e) => e.close?.().catch(() => undefined)));
    this.init.journal.close();
    await this.init.onClose?.();
  }
}
