// `:` — the operator's own statement: SQL, or a shell line (Tab switches). It is not run from here: the
// session adds it to the step (journaled, marked ad hoc) and runs it like the runbook's statements, with
// the same binding, risk, confirmation and preview. The field is the line editor's; a paste keeps its
// lines (a query copied from elsewhere), Enter hands it over, Esc cancels.

import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { color } from '../theme.js';
import { isInterrupt } from '../keys.js';
import { useKeys } from '../hooks/useKeys.js';
import { useRefState } from '../hooks/useRefState.js';
import { editKey } from '../input/edit-key.js';
import { field } from '../input/line-edit.js';
import type { AdHocAnswer } from '../hooks/useModal.js';
import { TextField } from './TextField.js';

export function AdHocPrompt({ initial, width, height, onAnswer, onCancel }: { initial?: AdHocAnswer; width: number; height: number; onAnswer(a: AdHocAnswer): void; onCancel(): void }) {
  const [valueRef, setValue] = useRefState(() => field(initial?.text ?? ''));
  const [kindRef, setKind] = useRefState<AdHocAnswer['kind']>(initial?.kind ?? 'sql');
  const [error, setError] = useState<string>();
  useKeys((input, key) => {
    if (key.escape || isInterrupt(input, key)) return onCancel();
    if (key.tab) return setKind(kindRef.current === 'sql' ? 'shell' : 'sql');
    if (key.return) {
      if (valueRef.current.text.trim() === '') return setError('type a statement (Esc cancels)');
      return onAnswer({ text: valueRef.current.text.trim(), kind: kindRef.current });
    }
    const result = editKey(valueRef.current, input, key, { multiline: true });
    if (!result) return;
    setValue(result.field);
    setError(undefined);
  });
  const prompt = kindRef.current === 'sql' ? 'SQL> ' : 'shell$ ';
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={color('accent')} paddingX={1} width={width}>
      <Text bold wrap="truncate-end">
        Your own statement <Text dimColor>(journaled and reported as ad hoc; asked like the runbook&apos;s)</Text>
      </Text>
      <Box>
        <Text color={color('accent')}>{prompt}</Text>
        <TextField field={valueRef.current} width={width - 4 - prompt.length} maxLines={Math.max(2, height - 4)} active />
      </Box>
      {error && <Text color={color('bad')}>{error}</Text>}
      <Text dimColor wrap="truncate-end">
        Enter run · Tab {kindRef.current === 'sql' ? 'shell instead' : 'SQL instead'} · a paste keeps its lines · Esc cancel
      </Text>
    </Box>
  );
}
