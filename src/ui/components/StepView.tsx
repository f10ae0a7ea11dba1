// The current step: its title, prose, blocks (each statement with its risk badge and description, the
// highlighted one with its code) and manual checklist, then a row to move on. Drawn as a window of
// entries that keeps the highlighted one on screen, whatever the step's length.

import React from 'react';
import { Box, Text } from 'ink';
import type { Block, ManualItem, Statement, Step } from '../../runbook/model.js';
import type { AdHocStatement, ManualState, SessionState, StatementView } from '../../session/types.js';
import { FINAL_STATUSES } from '../../session/types.js';
import { color, INTERRUPTED_SYMBOL, RISK_LABEL, STATUS_SYMBOL, statusColor } from '../theme.js';
import { formatDuration } from '../../duration.js';
import { Code } from './Code.js';
import { Prose } from './Prose.js';
import { displayProse } from './step-prose.js';
import { RiskBadge } from './RiskBadge.js';
import { statementLabel } from '../statement-label.js';
import { shownRisk } from '../../session/state.js';

export type StepItem =
  | { kind: 'statement'; id: string; block: Block; statement: Statement; view?: StatementView; adHoc?: true }
  | { kind: 'manual'; id: string; item: ManualItem; state?: ManualState }
  | { kind: 'next'; id: 'next' };

/** The items the cursor moves over, in screen order: the step's statements, the operator's own, the checklist. */
export function stepItems(step: Step, state: SessionState, adHoc: readonly AdHocStatement[] = []): StepItem[] {
  const items: StepItem[] = [];
  const view = (id: string) => state.statements.find((s) => s.id === id);
  for (const block of step.blocks)
    for (const statement of block.statements) items.push({ kind: 'statement', id: statement.id, block, statement, view: view(statement.id) });
  for (const a of adHoc)
    if (a.stepId === step.id) items.push({ kind: 'statement', id: a.statement.id, block: a.block, statement: a.statement, view: view(a.statement.id), adHoc: true });
  for (const item of step.manual) items.push({ kind: 'manual', id: item.id, item, state: state.manual.find((m) => m.id === item.id) });
  items.push({ kind: 'next', id: 'next' });
  return items;
}

/** Finished statement or ticked checklist item. */
export const isFinal = (item: StepItem) =>
  item.kind === 'statement' ? FINAL_STATUSES.includes(item.view?.state.status ?? 'pending') : item.kind === 'manual' ? !!item.state?.done : false;

/**
 * Where the highlight goes once item `from` is done: the next statement still to run (notes are only
 * read, so they are passed over), else the next unticked checklist item, else the row that moves on.
 */
export function nextOpenItem(items: StepItem[], from: number): number {
  for (let i = from + 1; i < items.length; i++) {
    const item = items[i]!;
    if (item.kind === 'statement' && item.statement.kind !== 'note' && !isFinal(item)) return i;
    if (item.kind === 'manual' && !isFinal(item)) return i;
  }
  return items.length - 1;
}

function summary(view?: StatementView): string {
  if (!view) return '';
  const s = view.state;
  switch (s.status) {
    case 'succeeded':
    case 'failed': {
      const r = s.result;
      const count = r.rowCount ?? r.rows?.length ?? 0;
      const what = r.columns?.length ? `${count} row${count === 1 ? '' : 's'}` : (r.command ?? (r.exitCode != null ? `exit ${r.exitCode}` : ''));
      return [s.status === 'failed' ? 'failed' : '', what, formatDuration(r.durationMs)].filter(Boolean).join(' · ');
    }
    case 'skipped':
      // A note is read, not skipped (the engine journals reading it as a skip with reason "note").
      return s.reason === 'note' ? 'read' : 'skipped';
    case 'cancelled':
      return 'cancelled';
    case 'running':
      return 'running…';
    case 'pending':
      return s.interrupted ? 'interrupted: may have run' : '';
    default:
      return '';
  }
}

interface Entry {
  key: string;
  height: number;
  node: React.ReactNode;
  item?: number;
}

/** Lines the prose takes on screen (Prose draws paragraphs without a blank line between them). */
function textHeight(text: string, width: number): number {
  return text.split('\n').filter((line) => line.trim() !== '').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / Math.max(10, width))), 0);
}

export interface StepViewProps {
  step: Step;
  stepCount: number;
  state: SessionState;
  items: StepItem[];
  cursor: number;
  width: number;
  height: number;
  nextTitle?: string;
}

export function StepView({ step, stepCount, state, items, cursor, width, height, nextTitle }: StepViewProps) {
  const entries: Entry[] = [];
  entries.push({
    key: 'title',
    height: 1,
    node: (
      <Text bold wrap="truncate-end">
        Step {step.index} of {stepCount} · {step.title}
        {step.condition ? <Text color={color('warn')}> (if {step.condition})</Text> : null}
      </Text>
    ),
  });
  const prose = displayProse(step);
  if (prose) entries.push({ key: 'prose', height: textHeight(prose, width), node: <Prose markdown={prose} width={width} /> });

  let lastBlock: string | undefined;
  items.forEach((item, index) => {
    const selected = index === cursor;
    // Never shrunk by a long row beside it (Ink's Text shrinks by default: '▸○ [READ]a…' glitch).
    const marker = (
      <Box flexShrink={0}>
        <Text color={color('accent')}>{selected ? '▸ ' : '  '}</Text>
      </Box>
    );
    if (item.kind === 'statement') {
      if (item.block.id !== lastBlock) {
        lastBlock = item.block.id;
        const name = item.adHoc ? ' your own' : item.block.attributes.name ? ` ${item.block.attributes.name}` : '';
        const condition = item.block.condition !== undefined ? <Text color={color('warn')}> if {item.block.condition}</Text> : null;
        entries.push({ key: `h${item.block.id}`, height: 1, node: <Text dimColor wrap="truncate-end">── {item.block.lang || 'code'}{item.block.inferred !== undefined ? ' (inferred)' : ''}{name}{condition} ──</Text> });
      }
      const status = item.view?.state.status ?? 'pending';
      const interrupted = item.view?.state.status === 'pending' && item.view.state.interrupted === true;
      const st = item.statement;
      const firstLine = (st.text.trim().split('\n')[0] ?? '').replace(st.kind === 'note' ? /^(--|#)\s*/ : /$^/, '');
      const label = statementLabel(st.description, firstLine);
      const code = item.view?.edited ?? st.text;
      const tail = ` ${summary(item.view)}`;
      // The risk as bound once it was asked or ran (session/state.ts shownRisk), else the runbook's.
      const risk = shownRisk(item.view, st.risk);
      // marker (2), status symbol and space (2), the badge, the space before the label, the summary.
      const labelWidth = Math.max(1, width - 4 - `[${RISK_LABEL[risk]}]`.length - 1 - tail.length);
      // What the runbook shows the command printing: expected output, a few lines of it, never run (when there is room).
      const expected = selected && st.output !== undefined && height >= 14 ? st.output.split('\n').slice(0, 4) : [];
      const outputLines = expected.length > 0 ? expected.length + 1 : 0;
      // The highlighted statement's code, as many lines as the view has room for (its row, and the
      // "more above" line, stay): exactly the lines Code draws, so entries never overlap.
      const lines = code.replace(/\s+$/, '').split('\n').length;
      const limit = Math.max(1, Math.min(st.description ? 8 : 7, height - 2 - outputLines));
      const maxCode = lines > limit ? Math.max(1, limit - 1) : limit;
      const codeLines = selected ? (lines > maxCode ? maxCode + 1 : lines) : 0;
      entries.push({
        key: item.id,
        item: index,
        height: 1 + codeLines + outputLines,
        node: (
          <Box flexDirection="column">
            <Box width={width}>
              <Box flexShrink={0}>
                {marker}
                {interrupted ? <Text color={color('warn')}>{INTERRUPTED_SYMBOL} </Text> : <Text color={statusColor(status)}>{STATUS_SYMBOL[status]} </Text>}
                <RiskBadge risk={risk} />
              </Box>
              {/* The label gets exactly the room left, so a long one is cut with … and never squeezes the badge or wraps. */}
              <Box width={labelWidth} flexShrink={0} marginLeft={1}>
                <Text bold={selected} dimColor={st.kind === 'note'} wrap="truncate-end">
                  {label}
                  {item.view?.edited ? <Text color={color('warn')}> (edited)</Text> : null}
                </Text>
              </Box>
              <Box flexShrink={0}>
                <Text dimColor>{tail}</Text>
              </Box>
            </Box>
            {selected && <Code text={code} lang={item.block.lang} width={width} indent={4} maxLines={maxCode} />}
            {expected.length > 0 && (
              <Box flexDirection="column" marginLeft={4}>
                <Text dimColor>expected output:</Text>
                {expected.map((line, i) => (
                  <Text key={i} dimColor wrap="truncate-end">
                    │ {line}
                  </Text>
                ))}
              </Box>
            )}
          </Box>
        ),
      });
    } else if (item.kind === 'manual') {
      if (index === 0 || items[index - 1]!.kind !== 'manual')
        entries.push({ key: 'manual', height: 1, node: <Text dimColor>── checklist ──</Text> });
      const done = item.state?.done ?? false;
      entries.push({
        key: item.id,
        item: index,
        height: 1,
        node: (
          <Box width={width}>
            {marker}
            <Text color={done ? color('ok') : undefined} bold={selected} wrap="truncate-end">
              [{done ? 'x' : ' '}] {item.item.text}
              {item.state?.note ? <Text dimColor> ({item.state.note})</Text> : null}
            </Text>
          </Box>
        ),
      });
    } else {
      entries.push({
        key: 'next',
        item: index,
        height: 1,
        node: (
          <Box width={width}>
            {marker}
            <Text bold={selected} color={selected ? color('accent') : color('muted')} wrap="truncate-end">
              {nextTitle ? `→ Continue to step ${step.index + 1}: ${nextTitle}` : '→ Last step: press q to finish and write the report'}
            </Text>
          </Box>
        ),
      });
    }
  });

  // Scroll so the highlighted entry is fully visible, showing as much above it as fits.
  const target = Math.max(0, entries.findIndex((e) => e.item === cursor));
  let start = 0;
  const sum = (from: number, to: number) => entries.slice(from, to + 1).reduce((n, e) => n + e.height, 0);
  while (start < target && sum(start, target) > height - (start > 0 ? 1 : 0)) start++;
  const shown: Entry[] = [];
  let used = start > 0 ? 1 : 0;
  for (let i = start; i < entries.length; i++) {
    if (used + entries[i]!.height > height && shown.length > 0) break;
    shown.push(entries[i]!);
    used += entries[i]!.height;
  }
  return (
    <Box flexDirection="column" height={height} overflowY="hidden" width={width}>
      {start > 0 && (
        <Box flexShrink={0}>
          <Text dimColor wrap="truncate-end">
            ↑ {sum(0, start - 1)} more above
          </Text>
        </Box>
      )}
      {shown.map((e) => (
        <Box key={e.key} flexShrink={0}>
          {e.node}
        </Box>
      ))}
    </Box>
  );
}
