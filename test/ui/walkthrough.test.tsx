// Defects a walkthrough of the terminal UI found, each pinned: the finish questions fill the template's
// own fields, the footer says what an open box accepts, the finish box names the journal, the "more
// above" line counts lines, and the contacts table's separator spans every column.

import React from 'react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { render, type Rendered } from '../helpers/render.js';
import { App } from '../../src/ui/App.js';
import { Contacts } from '../../src/ui/components/Contacts.js';
import { StepView, stepItems } from '../../src/ui/components/StepView.js';
import { askClosingNotes, closingQuestions } from '../../src/ui/finish.js';
import { readJournal } from '../../src/session/journal.js';
import { derive } from '../../src/session/state.js';
import { renderReport } from '../../src/report/render.js';
import type { ReportTemplate, Runbook } from '../../src/runbook/model.js';
import type { JournalEvent } from '../../src/session/types.js';
import { fixtureRunbook, openUiSession, procedureOf } from '../helpers/ui-session.js';

let runbook: Runbook;
let locks: Runbook;
beforeAll(async () => {
  runbook = await fixtureRunbook();
  locks = await fixtureRunbook('lock-check.md');
});

/** Leaves each closing question blank, one at a time (each key waits for its own question). */
async function skipClosingQuestions(ui: Rendered) {
  for (const question of ['Detected at', 'Resolved at', 'Impact', 'Root cause?', 'Lessons learned: What went well?', 'Lessons learned: What could improve?', 'Lessons learned: Action items?']) {
    await ui.waitFor(question);
    await ui.press('enter');
  }
}

async function open(procedureId: string) {
  const session = await openUiSession(runbook, procedureId);
  const ui = await render(<App runbook={runbook} controller={session.engine} onExit={vi.fn()} onError={(e) => { throw e; }} />);
  return { ...session, ui };
}

const seedTemplate: ReportTemplate = {
  heading: 'Post-Incident Review Template',
  markdown: '',
  line: 1,
  column: 1,
  sections: [
    ['Incident Details', ['Date/Time', 'Duration', 'Impact', 'Root Cause']],
    ['Lessons Learned', ['What went well', 'What could improve', 'Action items']],
    ['Prevention Measures', ['Technical changes', 'Process improvements', 'Monitoring additions']],
  ].map(([heading, fields]) => ({ heading: heading as string, depth: 3, line: 1, column: 1, fields: (fields as string[]).map((label) => ({ label, line: 1, ordered: false })) })),
};

describe('walkthrough defects', () => {
  it('(a) each Lessons Learned / Prevention answer lands under its own field in the report', async () => {
    expect(closingQuestions(seedTemplate).map((q) => q.question)).toEqual([
      'Impact (who/what was affected)?',
      'Root cause?',
      'Lessons learned: What went well?',
      'Lessons learned: What could improve?',
      'Lessons learned: Action items?',
      'Prevention: Technical changes?',
      'Prevention: Process improvements?',
      'Prevention: Monitoring additions?',
    ]);
    const answers = ['', '', 'fast rollback', '', 'alert sooner', 'add an index', '', ''];
    const notes = await askClosingNotes(async () => ({ text: answers.shift()! }) as never, closingQuestions(seedTemplate));
    expect(notes).toEqual({ lessons: 'What went well: fast rollback\nAction items: alert sooner', prevention: 'Technical changes: add an index' });

    // The incident journal ended with closing notes as the UI now writes them.
    const { events } = readJournal(join(import.meta.dirname, '../fixtures/journals/incident/journal.jsonl'));
    const ended = events.findIndex((e) => e.type === 'session-ended');
    const at = events[ended]!.at;
    const extra = [
      { type: 'note', field: 'lessons', text: notes!.lessons! },
      { type: 'note', field: 'prevention', text: notes!.prevention! },
    ].map((e, i) => ({ ...e, seq: 1000 + i, at })) as JournalEvent[];
    const md = renderReport(derive([...events.slice(0, ended), ...extra, ...events.slice(ended)]), 'md');
    expect(md).toContain('- What went well: fast rollback');
    expect(md).toContain('- What could improve: _(to be filled in review)_');
    expect(md).toContain('- Action items: alert sooner');
    expect(md).toContain('- Technical changes: add an index');
    expect(md).toContain('- Process improvements: _(to be filled in review)_');
  });

  it('(b) the footer says what the contacts box and the finish summary accept', async () => {
    const { ui } = await open('morning-health-check-9-am');
    await ui.press({ text: 'c' });
    let frame = await ui.waitFor('Emergency Contacts');
    let footer = frame.trimEnd().split('\n').at(-1)!;
    expect(footer).toMatch(/^any key close\s*$/);
    await ui.press('enter');
    await ui.waitFor((f) => !f.includes('Emergency Contacts'));

    await ui.press({ text: 'q' });
    await skipClosingQuestions(ui);
    frame = await ui.waitFor('Session finished');
    footer = frame.trimEnd().split('\n').at(-1)!;
    expect(footer).toMatch(/^any key exit\s*$/);
    ui.unmount();
  });

  it('(c) the finish box shows the journal file as "Journal:"', async () => {
    const { ui, engine } = await open('morning-health-check-9-am');
    await ui.press({ text: 'q' });
    await skipClosingQuestions(ui);
    const frame = await ui.waitFor('Session finished');
    expect(frame.replace(/\s+/g, '')).toContain(`Journal:${engine.dir}/journal.jsonl`);
    ui.unmount();
  });

  it('(e) "more above" counts the lines scrolled out of view, not the entries', async () => {
    // Prose of several paragraphs is one entry: scrolled past, it is several lines above.
    const { engine } = await openUiSession(locks, 'lock-check');
    const step = procedureOf(locks, 'lock-check').steps[0]!;
    const state = engine.getState();
    const items = stepItems(step, state);
    const last = items.length - 1;
    const frame = async (height: number) => {
      const ui = await render(<StepView step={step} stepCount={1} state={state} items={items} cursor={last} width={80} height={height} />);
      const lines = ui.lastFrame().replace(/\s+$/, '').split('\n');
      ui.unmount();
      return lines;
    };
    const all = await frame(40);
    expect(all).toContain('Second paragraph of what to look for.');
    const lines = await frame(4);
    const m = /↑ (\d+) more above/.exec(lines[0]!);
    expect(m).not.toBeNull();
    // What is shown below the marker plus the lines it says are above make the whole step.
    expect(Number(m![1]) + lines.length - 1).toBe(all.length);
    expect(all.slice(Number(m![1]))).toEqual(lines.slice(1));
  });

  it('(f) the separator row spans every column of the contacts table', async () => {
    const ui = await render(<Contacts table={runbook.contacts!} width={100} onClose={() => {}} />, { columns: 100 });
    const separator = ui.lastFrame().split('\n').find((l) => l.includes('─┼─'))!;
    // Border, padding, the rule up to the padding before the right border: no gap under the last column.
    expect(separator).toMatch(/^│ ─+┼─+┼─+ │$/);
    expect(separator.length).toBe(100);
    ui.unmount();
  });
});
