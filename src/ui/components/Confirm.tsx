// The question before a statement runs, with everything needed to answer it on one screen: the
// statement exactly as it will run (parameters bound, secrets masked), wrapped and never cut (a longer
// one scrolls with ↑/↓), the target it runs on, why it is rated as it is (its risk as bound), and the
// preview of what it would touch. `ask` takes y/Enter or n/Esc; `ask-typed` (destructive) wants the
// operator to type the object it acts on (or `yes` when it names none), and a wrong word clears the field.
// When the statement has parameters, p (Ctrl-P while typing the word) goes back to their form, so a wrong
// or half-pasted value is fixed before anything runs.

import React, { useState } from 'react';
import { useRefState } from '../hooks/useRefState.js';
import { Box, Text } from 'ink';
import type { Decision, Preview } from '../../session/types.js';
import type { Risk } from '../../runbook/model.js';
import { color } from '../theme.js';
import { isInterrupt } from '../keys.js';
import { RiskBadge } from './RiskBadge.js';
import { TextField } from './TextField.js';
import { useKeys } from '../hooks/useKeys.js';
import { editKey } from '../input/edit-key.js';
import { field } from '../input/line-edit.js';
import { previewRows, wrapCode, wrapText } from './confirm-lines.js';

export interface ConfirmAnswer {
  yes: boolean;
  typed?: string;
  /** The operator wants to change the statement's parameters first (p / Ctrl-P). */
  params?: true;
}

export interface ConfirmProps {
  text: string;
  lang: string;
  /** The statement's risk as bound. */
  risk: Risk;
  decision: Decision;
  /** Where it runs: `user@host:port/db`. */
  target?: string;
  /** Why it is rated `risk` (as bound). */
  reasons?: string[];
  preview?: Preview;
  rawFragment?: boolean;
  /** Set when the statement already finished: what happened then (the question becomes "Run again?"). */
  again?: string;
  /** The statement has placeholders: p (Ctrl-P while typing) goes back to their form. */
  canEditParams?: boolean;
  width: number;
  /** Lines the dialog may take, border included. */
  height: number;
  onAnswer(answer: ConfirmAnswer | null): void;
}

const MAX_REASON_LINES = 2;
const MAX_SUMMARY_LINES = 3;
const MAX_ITEMS = 8;

interface Layout {
  code: ReturnType<typeof wrapCode>;
  again: string[];
  reasons: string[];
  summary: string[];
  prompt: string[];
  items: string[];
  /** Lines besides the statement, the preview's items and the border. */
  fixed: number;
}

function layout(p: Omit<ConfirmProps, 'onAnswer' | 'height'>): Layout {
  const inner = p.width - 4;
  const reasons = p.reasons?.length ? wrapText(`why: ${p.reasons.join('; ')}`, inner).slice(0, MAX_REASON_LINES) : [];
  const summary = p.preview ? wrapText(`preview: ${p.preview.summary}`, inner).slice(0, MAX_SUMMARY_LINES) : [];
  const items = p.preview ? previewRows(p.preview, inner) : [];
  const typed = p.decision.kind === 'ask-typed';
  const prompt = !typed && p.decision.kind === 'ask' && p.decision.prompt ? wrapText(p.decision.prompt, inner) : [];
  const again = p.again ? wrapText(`${p.again}${typed ? ' Typing the word runs it again.' : ''}`, inner) : [];
  const fixed = 1 + again.length + (p.target ? 1 : 0) + reasons.length + summary.length + (p.rawFragment ? 1 : 0) + prompt.length + 1 + 1;
  return { code: wrapCode(p.text, p.lang, inner), again, reasons, summary, prompt, items, fixed };
}

/** The height the dialog would take with room for everything (the screen gives it that when it can). */
export function confirmHeight(p: Omit<ConfirmProps, 'onAnswer' | 'height'>): number {
  const l = layout(p);
  return 2 + l.fixed + l.code.length + Math.min(l.items.length, MAX_ITEMS) + (l.items.length > MAX_ITEMS ? 1 : 0);
}

export function Confirm(props: ConfirmProps) {
  const { text, risk, decision, target, preview, rawFragment, again, canEditParams, width, height, onAnswer } = props;
  const [typedRef, setTyped] = useRefState(() => field());
  const [error, setError] = useState<string>();
  const [scroll, setScroll] = useState(0);
  const typedMode = decision.kind === 'ask-typed';
  const l = layout(props);
  // Never more lines than the box was given (Ink would draw lines over each other). Always shown: the
  // title, what happened before, a raw fragment's warning, the answer line and an error. Then the
  // statement, whole when it fits (else ↑/↓ scroll it, one line saying what is hidden), then as room
  // allows: the target, why, the preview's summary, the prompt and what the preview lists.
  let left = height - 2 - (1 + l.again.length + (rawFragment ? 1 : 0) + 1 + (error ? 1 : 0));
  const codeRows = l.code.length <= left ? l.code.length : Math.max(1, left - 1);
  left -= codeRows + (codeRows < l.code.length ? 1 : 0);
  const take = <T,>(lines: T[]): T[] => {
    const n = Math.max(0, Math.min(lines.length, left));
    left -= n;
    return lines.slice(0, n);
  };
  const targetLine = take(target ? [`on ${target}`] : []);
  const reasons = take(l.reasons);
  const summary = take(l.summary);
  const promptLines = take(l.prompt);
  const fits = Math.min(l.items.length, MAX_ITEMS) <= left && l.items.length <= MAX_ITEMS;
  const itemsShown = l.items.slice(0, fits ? l.items.length : Math.max(0, Math.min(MAX_ITEMS, left - 1)));
  const top = Math.min(scroll, Math.max(0, l.code.length - codeRows));

  useKeys((input, key) => {
    if (key.escape || isInterrupt(input, key)) return onAnswer(null);
    if (canEditParams && input === 'p' && !key.meta && !key.paste && (key.ctrl || !typedMode)) return onAnswer({ yes: false, params: true });
    if (key.upArrow) return setScroll(Math.max(0, top - 1));
    if (key.downArrow) return setScroll(Math.min(Math.max(0, l.code.length - codeRows), top + 1));
    if (typedMode) {
      const word = typedRef.current.text;
      if (key.return) {
        if (!decision.expected.includes(word.trim())) {
          // A wrong word is cleared: the next attempt starts from nothing.
          setError(`"${word}" does not match; type ${decision.shown ?? decision.expected.map((e) => `"${e}"`).join(' or ')}`);
          setTyped(field());
          return;
        }
        return onAnswer({ yes: true, typed: word.trim() });
      }
      const result = editKey(typedRef.current, input, key, { name: 'the word' });
      if (!result) return;
      setTyped(result.field);
      setError('refused' in result ? result.refused : undefined);
      return;
    }
    if (key.return || input === 'y' || input === 'Y') return onAnswer({ yes: true });
    if (input === 'n' || input === 'N') return onAnswer(null);
  });

  const hiddenBelow = l.code.length - top - codeRows;
  const hidden = [top > 0 ? `↑ ${top} more above` : '', hiddenBelow > 0 ? `↓ ${hiddenBelow} more below` : ''].filter(Boolean).join(' · ');
  return (
    <Box flexDirection="column" width={width} borderStyle={typedMode ? 'double' : 'round'} borderColor={color(typedMode ? 'bad' : 'warn')} paddingX={1}>
      <Box>
        <RiskBadge risk={risk} />
        <Text bold> {typedMode ? 'Destructive statement: confirm by typing' : again ? 'Run again?' : 'Run this statement?'}</Text>
      </Box>
      {l.again.map((line, i) => (
        <Text key={i} color={color('warn')}>
          {line}
        </Text>
      ))}
      {l.code.slice(top, top + codeRows).map((row, i) => (
        <Text key={i}>
          {row.map((span, j) => (
            <Text key={j} color={span.kind ? color(span.kind) : undefined} dimColor={span.kind === 'comment'}>
              {span.text}
            </Text>
          ))}
        </Text>
      ))}
      {hidden && (
        <Text dimColor wrap="truncate-end">
          {hidden} (↑/↓ to scroll)
        </Text>
      )}
      {targetLine.map((line) => (
        <Text key="target" dimColor wrap="truncate-end">
          {line}
        </Text>
      ))}
      {reasons.map((line, i) => (
        <Text key={i} color={color(risk)}>
          {line}
        </Text>
      ))}
      {summary.map((line, i) => (
        <Text key={i} color={preview?.summary.startsWith('no preview') ? color('warn') : undefined} bold={i === 0}>
          {line}
        </Text>
      ))}
      {itemsShown.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line}
        </Text>
      ))}
      {l.items.length > itemsShown.length && <Text dimColor>  … {l.items.length - itemsShown.length} more</Text>}
      {promptLines.map((line, i) => (
        <Text key={i}>{line}</Text>
      ))}
      {rawFragment && (
        <Text color={color('warn')} wrap="truncate-end">
          A parameter is pasted in as raw SQL: check it before running.
        </Text>
      )}
      {typedMode ? (
        <Box>
          <Text>
            Type <Text bold>{decision.shown ?? decision.expected.join(' or ')}</Text> to run:{' '}
          </Text>
          <TextField field={typedRef.current} width={Math.max(10, width - 30)} active />
          {canEditParams && <Text dimColor> · Ctrl-P parameters</Text>}
        </Box>
      ) : (
        <Text>
          <Text bold>Enter/y</Text> {again ? 'run again' : 'run'} · <Text bold>n/Esc</Text> {again ? 'keep as it is' : 'cancel'}
          {canEditParams && (
            <Text>
              {' · '}
              <Text bold>p</Text> parameters
            </Text>
          )}
        </Text>
      )}
      {error && (
        <Text color={color('bad')} wrap="truncate-end">
          {error}
        </Text>
      )}
    </Box>
  );
}
