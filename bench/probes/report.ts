// report_rebuild: `runbook report` from a 1,000-event journal: read the file, rebuild, write report.md.
// The journal is written through the engine's own Journal class: one session over 24 steps of 12
// statements (SQL results of 20 rows, shell tails of 40 lines), manual ticks, notes, the runbook template.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Journal } from '../../src/session/journal.js';
import { inspectSession } from '../../src/session/list.js';
import { prepareReports, writeSessionReport } from '../../src/report/render.js';
import type { PlannedStatement, SessionPlan } from '../../src/session/types.js';
import { probe, probeArgs, removeDir, tempDir, timeMedian } from './common.js';

const args = probeArgs<{ runs?: number; events?: number; template?: string }>();
const STEPS = 24;
const PER_STEP = 12;

function templateOf(markdown: string): { heading: string; markdown: string } {
  const start = markdown.indexOf('## Post-Incident Review Template');
  const end = markdown.indexOf('\n---', start);
  return { heading: 'Post-Incident Review Template', markdown: start < 0 ? '' : markdown.slice(start, end < 0 ? undefined : end) };
}

function writeJournal(path: string, total: number, template: { heading: string; markdown: string }): void {
  const journal = new Journal(path);
  const statements: PlannedStatement[] = [];
  const steps = Array.from({ length: STEPS }, (_, s) => ({ id: `proc/${s + 1}`, title: `Step ${s + 1}`, hash: `h${s}` }));
  for (const step of steps)
    for (let i = 1; i <= PER_STEP; i++) {
      const shell = i % 4 === 0;
      statements.push({ id: `${step.id}/b1/${i}`, step: step.id, block: `${step.id}/b1`, kind: shell ? 'shell' : 'sql', risk: 'read', line: statements.length * 3 + 10, source: shell ? `tail -n 40 /var/log/app${i}.log` : `SELECT pid, state, query FROM pg_stat_activity WHERE pid <> ${i}`, placeholders: [] });
    }
  const manual = steps.flatMap((st) => [1, 2].map((m) => ({ id: `${st.id}/m${m}`, step: st.id, text: `Tell the incident channel (${m})` })));
  const plan: SessionPlan = { statements, manual, template };
  const target = { source: 'embedded' as const, host: '127.0.0.1', port: 5432, database: 'showtrack', user: 'postgres', embedded: true, url: 'postgres://postgres@127.0.0.1:5432/showtrack' };
  const options = { confirmEach: true, allowDestructive: false, readOnly: false, dryRun: false };
  let at = Date.parse('2025-01-01T09:00:00Z');
  const tick = () => new Date((at += 1500));
  let count = 0;
  const add = (event: Parameters<Journal['append']>[0]) => {
    if (count < total - 1) {
      journal.append(event, tick());
      count++;
    }
  };
  add({ type: 'session-started', sessionId: 'bench', operator: 'bench', hostname: 'bench', runbook: { path: 'runbooks/database-operations.md', title: 'Database Operations Runbook', hash: 'x' }, procedure: { id: 'proc', title: 'High Load Emergency' }, steps, target, options, plan });
  for (const step of steps) {
    add({ type: 'step-entered', step: step.id });
    for (const st of statements.filter((x) => x.step === step.id)) {
      add({ type: 'statement-confirmed', statement: st.id, answer: 'yes' });
      add({ type: 'statement-started', statement: st.id, step: step.id, kind: st.kind === 'shell' ? 'shell' : 'sql', line: st.line, text: st.source });
      const startedAt = new Date(at).toISOString();
      const common = { statement: st.id, step: step.id, line: st.line, operator: 'bench', status: 'succeeded' as const, text: st.source, startedAt, endedAt: tick().toISOString(), durationMs: 1500, outputFile: `outputs/${st.id.replace(/\//g, '_')}.csv` };
      if (st.kind === 'shell') add({ type: 'statement-finished', ...common, exitCode: 0, stdoutTail: Array.from({ length: 40 }, (_, l) => `2025-01-01 09:00:${l} app[${l}]: request served in ${l * 3} ms`).join('\n') });
      else add({ type: 'statement-finished', ...common, columns: [{ name: 'pid', type: 'int4' }, { name: 'state', type: 'text' }, { name: 'query', type: 'text' }], rows: Array.from({ length: 20 }, (_, r) => [String(4000 + r), r % 3 ? 'idle' : 'active', `SELECT * FROM animals WHERE id = ${r}`]), rowCount: 250, command: 'SELECT 250' });
    }
    for (const m of manual.filter((x) => x.step === step.id)) add({ type: 'manual-ticked', item: m.id, step: step.id, done: true, note: 'done, channel told' });
  }
  while (count < total - 1) add({ type: 'note', text: `Observation ${count}: load is dropping`, step: steps[0]!.id });
  journal.append({ type: 'session-ended', status: 'completed' }, tick());
  journal.close();
}

await probe(args.figures, async () => {
  const dir = tempDir('report');
  try {
    const path = join(dir, 'journal.jsonl');
    const total = args.events ?? 1000;
    writeJournal(path, total, templateOf(readFileSync(args.template ?? 'runbooks/database-operations.md', 'utf8')));
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n').length;
    if (lines !== total) throw new Error(`journal has ${lines} events, expected ${total}`);
    await prepareReports();
    const value = await timeMedian(() => {
      // What `runbook report` does: read once, fold once, render from the fold.
      writeSessionReport(dir, inspectSession(dir)!.derived);
    }, args.runs ?? 7, 2);
    return { report_rebuild: { value } };
  } finally {
    removeDir(dir);
  }
});
