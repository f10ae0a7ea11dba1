// Draws whatever the session is asking (see hooks/useModal.ts) and routes the answer back.

import React from 'react';
import { join } from 'node:path';
import { Box, Text } from 'ink';
import type { Runbook } from '../../runbook/model.js';
import type { FinishSummary } from '../../session/types.js';
import { JOURNAL_FILE } from '../../session/list.js';
import type { Modal } from '../hooks/useModal.js';
import { color } from '../theme.js';
import { formatDuration } from '../../duration.js';
import { Confirm } from './Confirm.js';
import { Contacts } from './Contacts.js';
import { Editor } from './Editor.js';
import { ParamForm } from './ParamForm.js';
import { Prompt } from './Prompt.js';
import { AdHocPrompt } from './AdHocPrompt.js';
import { HelpView } from './HelpView.js';
import { Choose } from './Choose.js';
import { useKeys } from '../hooks/useKeys.js';
import { resumeArg } from '../finish.js';
import { isInterrupt } from '../keys.js';

function AnyKey({ onKey, children, yesNo }: { onKey(yes: boolean): void; children: React.ReactNode; yesNo?: boolean }) {
  useKeys((input, key) => {
    if (!yesNo) return onKey(true);
    if (input === 'y' || input === 'Y') return onKey(true);
    if (input === 'n' || input === 'N' || key.escape || key.return || isInterrupt(input, key)) onKey(false);
  });
  return <>{children}</>;
}

export function Summary({ summary, sessionDir }: { summary: FinishSummary; sessionDir?: string }) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={color('ok')} paddingX={1}>
      <Text bold color={color('ok')}>
        Session finished
      </Text>
      <Text>
        {summary.run} run · {summary.succeeded} succeeded · {summary.failed} failed · {summary.skipped} skipped
        {summary.cancelled ? ` · ${summary.cancelled} cancelled` : ''}{summary.unfinished ? ` · ${summary.unfinished} not done` : ''} · {formatDuration(summary.durationMs)}
      </Text>
      <Text wrap="wrap">Report: {summary.reportPath}</Text>
      {(summary.extra ?? []).map((line, i) => (
        <Text key={i} wrap="wrap" color={color('warn')}>
          {line}
        </Text>
      ))}
      {sessionDir && <Text wrap="wrap" dimColor>Journal: {join(sessionDir, JOURNAL_FILE)}</Text>}
      <Text dimColor>Any key to exit</Text>
    </Box>
  );
}

export function ModalView({ modal, runbook, width, height, sessionId, sessionDir }: { modal: Modal; runbook: Runbook; width: number; height: number; sessionId: string; sessionDir: string }) {
  switch (modal.kind) {
    case 'params':
      return <ParamForm title={modal.title} requests={modal.requests} message={modal.message} width={width} height={height} onSubmit={(v) => modal.resolve(v)} onCancel={() => modal.resolve(null)} />;
    case 'confirm':
      return (
        <Confirm
          text={modal.text}
          lang={modal.lang}
          risk={modal.risk}
          decision={modal.decision}
          target={modal.target}
          reasons={modal.reasons}
          preview={modal.preview}
          rawFragment={modal.rawFragment}
          again={modal.again}
          canEditParams={modal.canEditParams}
          width={width}
          height={height}
          onAnswer={(a) => modal.resolve(a)}
        />
      );
    case 'edit':
      return <Editor initial={modal.text} title={modal.title} height={height} width={width} onSave={(t) => modal.resolve(t)} onCancel={() => modal.resolve(null)} />;
    case 'prompt':
      return (
        <Prompt
          title={modal.title}
          question={modal.question}
          optional={modal.optional}
          initial={modal.initial}
          position={modal.position}
          check={modal.check}
          hint={modal.hint}
          width={width}
          height={height}
          onAnswer={(text) => modal.resolve({ text })}
          onCancel={(text) => modal.resolve({ text, left: 'cancel' })}
          {...(modal.canGoBack ? { onBack: (text: string) => modal.resolve({ text, left: 'back' }) } : {})}
        />
      );
    case 'ad-hoc':
      return <AdHocPrompt initial={modal.initial} width={width} height={height} onAnswer={(a) => modal.resolve(a)} onCancel={() => modal.resolve(null)} />;
    case 'help':
      return <HelpView width={width} height={height} onClose={() => modal.resolve(true)} />;
    case 'viewer':
      // Drawn full screen by the session (it needs the live result), never here.
      return null;
    case 'choice':
      return <Choose options={modal.options} onAnswer={(taken) => modal.resolve(taken)} />;
    case 'contacts':
      return <Contacts table={runbook.contacts} matches={modal.matches} width={width} onClose={() => modal.resolve(true)} />;
    case 'quit':
      return (
        <AnyKey yesNo onKey={(yes) => modal.resolve(yes)}>
          <Box flexDirection="column" borderStyle="round" borderColor={color('warn')} paddingX={1}>
            <Text bold>Quit now? (y/N)</Text>
            <Text>The session is saved; continue it later with:</Text>
            <Text wrap="truncate-end">  runbook resume {resumeArg(sessionDir, sessionId)}</Text>
          </Box>
        </AnyKey>
      );
    case 'message':
      return (
        <AnyKey onKey={() => modal.resolve(true)}>
          <Box flexDirection="column" borderStyle="round" borderColor={color('bad')} paddingX={1}>
            <Text bold>{modal.title}</Text>
            <Text wrap="wrap">{modal.text}</Text>
            <Text dimColor>Any key to close</Text>
          </Box>
        </AnyKey>
      );
    case 'summary':
      return (
        <AnyKey onKey={() => modal.resolve(true)}>
          <Summary summary={modal.summary} sessionDir={sessionDir} />
        </AnyKey>
      );
  }
}
