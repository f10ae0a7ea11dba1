// The top of the terminal UI: the procedure picker, then (while the session opens, which may start the
// embedded database) a short wait, then the session screen. See launch.tsx for how it is started.

import React, { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import type { Procedure, Runbook } from '../runbook/model.js';
import type { SessionController } from '../session/types.js';
import { EXIT } from '../errors.js';
import { color, SPINNER } from './theme.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { useNow } from './hooks/useNow.js';
import { Picker } from './components/Picker.js';
import { Session } from './components/Session.js';
import { opensWithContacts } from '../runbook/contacts.js';
import { KeyRouter, useKeys } from './hooks/useKeys.js';
import { isInterrupt } from './keys.js';
import { formatDuration } from '../duration.js';

export interface AppProps {
  runbook: Runbook;
  procedure?: Procedure;
  controller?: SessionController;
  openSession?(procedure: Procedure): Promise<SessionController>;
  openingMessage?: string;
  /** Back from an interactive statement that had the terminal: show it as just run. */
  returnTo?: string;
  /** `farewell` is printed on the main screen once the UI is gone. */
  onExit(code: number, farewell?: string): void;
  onError(error: unknown): void;
}

type Phase =
  | { kind: 'picker' }
  | { kind: 'opening'; procedure: Procedure }
  | { kind: 'session'; procedure: Procedure; controller: SessionController; fresh: boolean };

function initial(props: AppProps): Phase {
  if (props.controller) {
    const id = props.controller.getState().procedureId;
    const procedure = props.procedure ?? props.runbook.procedures.find((p) => p.id === id);
    if (!procedure) throw new Error(`procedure "${id}" of the session is not in ${props.runbook.path}`);
    return { kind: 'session', procedure, controller: props.controller, fresh: false };
  }
  if (props.procedure) return { kind: 'opening', procedure: props.procedure };
  return { kind: 'picker' };
}

/** The wait while the session opens. Keys are dropped, except Ctrl-C: the quit question comes once it is open. */
function Opening({ procedure, message, quitAsked, onInterrupt }: { procedure: Procedure; message: string; quitAsked: boolean; onInterrupt(): void }) {
  const now = useNow(100);
  const [started] = useState(now);
  useKeys((input, key) => {
    if (isInterrupt(input, key)) onInterrupt();
  });
  return (
    <Box flexDirection="column">
      <Text bold color={color('accent')}>
        {procedure.title}
      </Text>
      <Text>
        {SPINNER[Math.floor(now / 100) % SPINNER.length]} {message} {formatDuration(now - started)}
      </Text>
      {quitAsked && <Text color={color('warn')}>Ctrl-C: the session asks whether to quit as soon as it is open.</Text>}
    </Box>
  );
}

export function App(props: AppProps) {
  return (
    <KeyRouter>
      <Screens {...props} />
    </KeyRouter>
  );
}

function Screens(props: AppProps) {
  const { columns, rows } = useTerminalSize();
  const [phase, setPhase] = useState<Phase>(() => initial(props));
  const [quitAsked, setQuitAsked] = useState(false);

  useEffect(() => {
    if (phase.kind !== 'opening') return;
    let live = true;
    const open = props.openSession;
    if (!open) {
      props.onError(new Error('no way to open a session was given'));
      return;
    }
    open(phase.procedure).then(
      (controller) => {
        if (live) setPhase({ kind: 'session', procedure: phase.procedure, controller, fresh: true });
      },
      (error: unknown) => props.onError(error),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [phase]);

  switch (phase.kind) {
    case 'picker':
      return (
        <Picker
          runbook={props.runbook}
          rows={rows - 1}
          columns={columns}
          onChoose={(procedure) => setPhase({ kind: 'opening', procedure })}
          onQuit={() => props.onExit(EXIT.interrupted)}
        />
      );
    case 'opening':
      return <Opening procedure={phase.procedure} message={props.openingMessage ?? 'Opening the session…'} quitAsked={quitAsked} onInterrupt={() => setQuitAsked(true)} />;
    case 'session':
      return (
        <Session
          runbook={props.runbook}
          procedure={phase.procedure}
          controller={phase.controller}
          columns={columns}
          rows={rows}
          showContacts={phase.fresh && opensWithContacts(phase.procedure) && !!props.runbook.contacts}
          fresh={phase.fresh}
          returnTo={props.returnTo}
          quitAsked={quitAsked}
          onExit={props.onExit}
        />
      );
  }
}
