// TEMPORARY home (moved from test/ui/fixture.ts so bench never imports test/): a hand-written model and
// session that the UI tests and the tui_redraw bench share. To be replaced by parseRunbook fixtures and
// the real engine over an in-memory executor registry (issue #10).
// A small runbook model for UI component tests, shaped like the bundled runbook's "Database Down" and a
// daily procedure, plus an in-memory SessionController driving it (no database, no journal on disk).

import type { Block, Procedure, Risk, Runbook, Statement, StatementKind, Step } from '../../src/runbook/model.js';
import type {
  FinishNotes,
  FinishSummary,
  JournalEvent,
  Prepared,
  ResultSummary,
  SessionController,
  SessionState,
  StatementState,
} from '../../src/session/types.js';
import type { OutputEvent } from '../../src/executors/types.js';

let line = 10;
function statement(blockId: string, index: number, text: string, opts: { risk?: Risk; kind?: StatementKind; description?: string; confirmTarget?: string } = {}): Statement {
  const placeholders = [...text.matchAll(/\[([a-z_]+)\]/g)].map((m) => ({ name: m[1]!, context: 'sql-literal' as const, token: m[0], offset: m.index! }));
  return {
    id: `${blockId}/${index}`,
    index,
    text,
    line: line++,
    column: 4,
    endLine: line,
    kind: opts.kind ?? 'sql',
    risk: opts.risk ?? 'read',
    riskReasons: [],
    description: opts.description,
    placeholders,
    confirmTarget: opts.confirmTarget,
  };
}

function block(stepId: string, index: number, lang: string, statements: (blockId: string) => Statement[]): Block {
  const id = `${stepId}/b${index}`;
  const sts = statements(id);
  return {
    id,
    lang,
    meta: '',
    fence: '`',
    line: line++,
    column: 4,
    endLine: line,
    codeLine: line,
    code: sts.map((s) => s.text).join('\n'),
    attributes: { raw: {} },
    statements: sts,
    placeholders: [...new Set(sts.flatMap((s) => s.placeholders.map((p) => p.name)))].map((name) => ({ name, context: 'sql-literal', secret: false, line, column: 1 })),
    menu: false,
  };
}

function step(procId: string, index: number, title: string, prose: string, blocks: (stepId: string) => Block[], manual: string[] = []): Step {
  const id = `${procId}/${index}`;
  return {
    id,
    index,
    title,
    prose,
    line: line++,
    column: 1,
    blocks: blocks(id),
    manual: manual.map((text, i) => ({ id: `${id}/m${i + 1}`, text, line: line++, column: 5 })),
  };
}

const down: Procedure = {
  id: 'database-down',
  title: '🚨 Database Down',
  depth: 3,
  path: ['Emergency Procedures'],
  section: 'Emergency Procedures',
  line: 87,
  column: 1,
  steps: [
    step('database-down', 1, 'Immediate Actions', '**Immediate Actions:** check the [status page](https://status.supabase.com)', (s) => [
      block(s, 1, 'sql', (b) => [statement(b, 1, 'psql -h [host] -U [user] -d [database]', { kind: 'psql-meta', description: 'Check connection from multiple sources' })]),
    ]),
    step('database-down', 2, 'Diagnostics', '', (s) => [
      block(s, 1, 'sql', (b) => [
        statement(b, 1, "SELECT * FROM pg_stat_activity WHERE state = 'active';", { description: 'If accessible, check for locks' }),
        statement(b, 2, 'SELECT blocked_locks.pid AS blocked_pid,\n       blocking_locks.pid AS blocking_pid\nFROM pg_catalog.pg_locks blocked_locks', { description: 'Check for blocking queries' }),
      ]),
    ]),
    step('database-down', 3, 'Recovery Steps', '', () => [], ['Contact Supabase support if platform issue', 'Terminate blocking connections if needed']),
  ],
};

const corruption: Procedure = {
  id: 'data-corruption',
  title: '💾 Data Corruption',
  depth: 3,
  path: ['Emergency Procedures'],
  section: 'Emergency Procedures',
  line: 143,
  column: 1,
  steps: [
    step('data-corruption', 1, 'Stop All Write Operations', '', (s) => [
      block(s, 1, 'sql', (b) => [
        statement(b, 1, 'DROP TABLE [table_name];', { risk: 'destructive', description: 'Drop the damaged table', confirmTarget: 'animals' }),
      ]),
    ]),
  ],
};

const morning: Procedure = {
  id: 'morning-health-check-9-am',
  title: 'Morning Health Check (9 AM)',
  depth: 3,
  path: ['Daily Operations'],
  section: 'Daily Operations',
  line: 56,
  column: 1,
  steps: [
    step('morning-health-check-9-am', 1, 'Morning Health Check (9 AM)', '', (s) => [
      block(s, 1, 'sql', (b) => [statement(b, 1, 'SELECT * FROM performance.dashboard();', { description: 'Run comprehensive health check' })]),
    ]),
  ],
};

export const runbook: Runbook = {
  path: 'test/fixtures/ui.md',
  title: 'Database Operations Runbook',
  procedures: [morning, down, corruption],
  contacts: {
    heading: 'Emergency Contacts',
    line: 43,
    column: 1,
    headers: ['Role', 'Contact', 'When to Call'],
    rows: [
      ['Database Admin', 'On-call DBA', 'Database down, data corruption'],
      ['Security Team', 'Security Channel', 'Data breach, unauthorized access'],
    ],
    rowLines: [47, 48],
  },
  thresholds: [],
  schedules: [],
  facts: [],
  declared: { thresholds: [], targets: [], backupSchedule: [] },
  anchors: [],
  edges: [],
  diagnostics: [],
};

export const procedures = { down, corruption, morning };

type Outcome = Partial<ResultSummary> & { status?: ResultSummary['status'] };

/** An in-memory controller: results come from `outcomes` (by statement id) or default to one row. */
export class FakeSession implements SessionController {
  state: SessionState;
  calls: string[] = [];
  /** When set, confirm waits on this before finishing a statement (to look at the running screen). */
  gate?: Promise<void>;
  private listeners = new Set<(s: SessionState, e?: JournalEvent) => void>();
  private outputs = new Set<(id: string, e: OutputEvent) => void>();
  private cancelRun?: () => void;

  constructor(
    readonly procedure: Procedure,
    readonly outcomes: Record<string, Outcome> = {},
  ) {
    const statements = procedure.steps.flatMap((st) =>
      st.blocks.flatMap((b) =>
        b.statements.map((s) => ({ id: s.id, stepId: st.id, blockId: b.id, kind: s.kind, risk: s.risk, line: s.line, description: s.description, source: s.text, state: { status: 'pending' } as StatementState, attempts: [] })),
      ),
    );
    this.state = {
      id: '20260101-000000-database-down',
      dir: '/tmp/sessions/x',
      status: 'active',
      runbookPath: runbook.path,
      runbookTitle: runbook.title,
      procedureId: procedure.id,
      procedureTitle: procedure.title,
      target: { source: 'flag', host: 'db.example', port: 5432, database: 'showtrack', user: 'oncall', embedded: false, url: 'postgres://oncall@db.example:5432/showtrack' },
      startedAt: new Date().toISOString(),
      currentStep: 0,
      statements,
      manual: procedure.steps.flatMap((st) => st.manual.map((m) => ({ id: m.id, stepId: st.id, text: m.text, done: false }))),
      notes: [],
      outages: [],
      params: {},
      suggestions: { host: 'db.example' },
      options: { confirmEach: true, allowDestructive: true, readOnly: false, dryRun: false },
    };
  }

  private model(id: string): Statement {
    for (const st of this.procedure.steps) for (const b of st.blocks) for (const s of b.statements) if (s.id === id) return s;
    throw new Error(`no statement ${id}`);
  }
  private set(id: string, state: StatementState) {
    this.state = { ...this.state, statements: this.state.statements.map((s) => (s.id === id ? { ...s, state } : s)) };
    this.emit();
  }
  private emit() {
    for (const l of this.listeners) l(this.state);
  }
  emitOutput(id: string, text: string) {
    for (const l of this.outputs) l(id, { type: 'data', stream: 'stdout', text });
  }

  getState() {
    return this.state;
  }
  subscribe(listener: (s: SessionState) => void) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  onOutput(listener: (id: string, e: OutputEvent) => void) {
    this.outputs.add(listener);
    return () => void this.outputs.delete(listener);
  }
  async enterStep(index: number) {
    this.calls.push(`enterStep ${index}`);
    this.state = { ...this.state, currentStep: index };
    this.emit();
  }
  async setParam(name: string, value: string) {
    this.calls.push(`setParam ${name}=${value}`);
    this.state = { ...this.state, params: { ...this.state.params, [name]: value } };
  }
  async prepare(id: string, options?: { editedText?: string }): Promise<Prepared> {
    this.calls.push(`prepare ${id}${options?.editedText ? ` edited=${options.editedText}` : ''}`);
    const s = this.model(id);
    if (options?.editedText) this.state = { ...this.state, statements: this.state.statements.map((v) => (v.id === id ? { ...v, edited: options.editedText } : v)) };
    const text = this.state.statements.find((v) => v.id === id)!.edited ?? s.text;
    const missing = s.placeholders
      .filter((p) => !(p.name in this.state.params))
      .map((p) => ({ placeholder: { name: p.name, context: p.context, secret: false, line: 1, column: 1 }, suggestion: this.state.suggestions[p.name], suggestionSource: this.state.suggestions[p.name] ? ('result' as const) : undefined }));
    if (missing.length) return { statementId: id, missing };
    const display = text.replace(/\[([a-z_]+)\]/g, (_m, n: string) => `'${this.state.params[n]}'`);
    const decision = s.risk === 'destructive' ? { kind: 'ask-typed' as const, prompt: 'This drops a table.', expected: [s.confirmTarget ?? 'yes'] } : { kind: 'ask' as const, prompt: '' };
    return { statementId: id, missing: [], display, decision };
  }
  async confirm(id: string, answer: { yes: boolean; typed?: string }): Promise<StatementState> {
    this.calls.push(`confirm ${id} ${answer.yes ? 'yes' : 'no'}${answer.typed ? ` typed=${answer.typed}` : ''}`);
    if (!answer.yes) return { status: 'pending' };
    const startedAt = new Date().toISOString();
    this.set(id, { status: 'running', text: this.model(id).text, startedAt });
    let cancelled = false;
    if (this.gate) await Promise.race([this.gate, new Promise<void>((r) => (this.cancelRun = () => ((cancelled = true), r())))]);
    const o = this.outcomes[id] ?? {};
    const result: ResultSummary = {
      status: cancelled ? 'cancelled' : (o.status ?? 'succeeded'),
      text: this.model(id).text,
      startedAt,
      endedAt: new Date().toISOString(),
      durationMs: 12,
      columns: [{ name: 'pid', type: 'int4' }],
      rows: [['4242']],
      rowCount: 1,
      command: 'SELECT 1',
      ...o,
    };
    const state: StatementState = result.status === 'succeeded' ? { status: 'succeeded', result } : result.status === 'cancelled' ? { status: 'cancelled', result } : { status: 'failed', result };
    this.set(id, state);
    return state;
  }
  async skip(id: string, reason?: string) {
    this.calls.push(`skip ${id}`);
    this.set(id, { status: 'skipped', reason });
  }
  cancel() {
    this.calls.push('cancel');
    this.cancelRun?.();
  }
  async tickManual(id: string, done: boolean) {
    this.calls.push(`tick ${id} ${done}`);
    this.state = { ...this.state, manual: this.state.manual.map((m) => (m.id === id ? { ...m, done } : m)) };
    this.emit();
  }
  async addNote(text: string) {
    this.calls.push(`note ${text}`);
    this.state = { ...this.state, notes: [...this.state.notes, { at: new Date().toISOString(), text }] };
    this.emit();
  }
  async finish(notes?: FinishNotes): Promise<FinishSummary> {
    this.calls.push(`finish ${JSON.stringify(notes ?? {})}`);
    this.state = { ...this.state, status: 'completed', endedAt: new Date().toISOString() };
    this.emit();
    return { reportPath: '/tmp/sessions/x/report.md', run: 3, succeeded: 2, failed: 0, skipped: 1, cancelled: 0, durationMs: 61_000 };
  }
  async close() {
    this.calls.push('close');
  }
}
