// The question before a statement runs, with the statement shown exactly as it will run (parameters
// bound, secrets masked). `ask` takes y/Enter or n/Esc; `ask-typed` (destructive) wants the operator to
// type the named object or word, as a dangerous-action prompt should. When the statement has parameters,
// p (Ctrl-P while typing the word) goes back to their form, so a wrong or half-pasted value is fixed
// before anything runs.

import React, { useState } from 'react';
import { useRefState } from '../hooks/useRefState.js';
import { Box, Text } from 'ink';
import type { Decision } from '../../session/types.js';
import type { Risk } from '../../runbook/model.js';
import { color } from '../theme.js';
import { isInterrupt } from '../keys.js';
import { Code } from './Code.js';
import { RiskBadge } from './RiskBadge.js';
import { TextField } from './TextField.js';
import { useKeys } from '../hooks/useKeys.js';
import { editKey } from '../input/edit-key.js';
import { field } from '../input/line-edit.js';

export interface ConfirmAnswer {
  yes: boolean;
  typed?: string;
  /** The operator wants to change the statement's parameters first (p / Ctrl-P). */
  params?: true;
}

export interface ConfirmProps {
  text: string;
  lang: string;
  risk: Risk;
  decision: Decision;
  rawFragment?: boolean;
  /** Set when the statement already finished: what happened then (the question becomes "Run again?"). */
  again?: string;
  /** The statement has placeholders: p (Ctrl-P while typing) goes back to their form. */
  canEditParams?: boolean;
  width: number;
  maxLines: number;
  onAnswer(answer: ConfirmAnswer | null): void;
}

export function Confirm({ text, lang, risk, decision, rawFragment, again, canEditParams, width, maxLines, onAnswer }: ConfirmProps) {
  const [typedRef, setTyped] = useRefState(() => field());
  const [error, setError] = useState<string>();
  const typedMode = decision.kind === 'ask-typed';

  useKeys((input, key) => {
    if (key.escape || isInterrupt(input, key)) return onAnswer(null);
    if (canEditParams && input === 'p' && !key.meta && !key.paste && (key.ctrl || !typedMode)) return onAnswer({ yes: false, params: true });
    if (typedMode) {
      const typed = typedRef.current.text;
      if (key.return) {
        const expected = decision.expected;
        if (expected.length > 0 && !expected.includes(typed.trim())) {
          setError(`"${typed}" does not match; type ${decision.shown ?? expected.map((e) => `"${e}"`).join(' or ')}`);
          return;
        }
        return onAnswer({ yes: true, typed: typed.trim() });
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

  const prompt = decision.kind === 'ask' || decision.kind === 'ask-typed' ? decision.prompt : '';
  // `maxLines` counts one line of prompt; what wraps or is added comes out of the code's lines, so the
  // box never holds more than it was given (Ink would otherwise draw lines over each other).
  const lines = (text: string) => (text ? Math.ceil(text.length / Math.max(10, width - 4)) : 0);
  const extra = Math.max(0, lines(prompt) - 1) + lines(again ?? '') + (rawFragment ? 1 : 0) + (error ? 1 : 0);
  const codeLines = Math.max(1, maxLines - extra);
  return (
    <Box flexDirection="column" borderStyle={typedMode ? 'double' : 'round'} borderColor={color(typedMode ? 'bad' : 'warn')} paddingX={1}>
      <Box>
        <RiskBadge risk={risk} />
        <Text bold> {typedMode ? 'Destructive statement: confirm by typing' : again ? 'Run again?' : 'Run this statement?'}</Text>
      </Box>
      {again && (
        <Text color={color('warn')} wrap="wrap">
          {again}
          {typedMode ? ' Typing the word runs it again.' : ''}
        </Text>
      )}
      <Code text={text} lang={lang} width={width - 4} maxLines={codeLines} />
      {prompt && <Text wrap="wrap">{prompt}</Text>}
      {rawFragment && <Text color={color('warn')}>A parameter is pasted in as raw SQL: check it before running.</Text>}
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
      {error && <Text color={color('bad')}>{error}</Text>}
    </Box>
  );
}
