// Starts the terminal UI; the only module the CLI imports from src/ui (lazily, so other commands never
// load Ink or React).
//
// runInteractive(options) resolves with the process exit code once the operator leaves the UI.
//   runbook        the parsed runbook (loadRunbook); its procedures fill the picker, its contacts the `c` table
//   procedure      open this procedure directly instead of showing the picker
//   openSession    `run`: called with the chosen procedure; creates the session (may start or connect to
//                  the database, so the picker is on screen first). A rejection (UserError) ends the UI and
//                  is rethrown, so the CLI prints its one line.
//   controller     `resume`: an existing session; its procedure (state.procedureId) is shown at its step,
//                  completed statements with their results. Give either openSession or controller.
//   openingMessage what the wait screen says while openSession works ("Starting the embedded demo database…")
//   stdin/stdout   streams to draw on (default process.stdin/stdout; tests pass fakes)
//   stop           an AbortSignal that ends the UI at once with its reason's { code, farewell } (the CLI
//                  aborts it on SIGTERM/SIGHUP/SIGINT, after it halted and ended the session)
//   onTerminal     told while an interactive statement has the terminal (the UI is unmounted meanwhile
//                  and mounted again on the session afterwards; Ctrl-C belongs to that program)
//
// The UI draws in the terminal's alternate screen and handles Ctrl-C itself (exitOnCtrlC off): it cancels
// the running statement, or asks whether to quit when nothing runs.

import React from 'react';
import { render } from 'ink';
import type { Procedure, Runbook } from '../runbook/model.js';
import type { SessionController } from '../session/types.js';
import { App } from './App.js';
import { TerminalContext, type Terminal } from './terminal.js';
import { EXIT } from '../errors.js';

export interface InteractiveOptions {
  runbook: Runbook;
  procedure?: Procedure;
  openSession?(procedure: Procedure): Promise<SessionController>;
  controller?: SessionController;
  openingMessage?: string;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  /** Ends the UI from outside (a signal, handled by the CLI); its reason is `{ code, farewell? }`. */
  stop?: AbortSignal;
  /**
   * Told when an interactive statement gets the terminal (true) and gives it back (false): Ctrl-C then
   * belongs to that program, so the CLI must not take it as "stop".
   */
  onTerminal?(handedOver: boolean): void;
}

// The alternate screen, and bracketed paste (the terminal marks pasted text, so the UI never takes a
// paste for keys: input/decode.ts).
const ALT_SCREEN_ON = '\x1b[?1049h\x1b[H\x1b[?2004h';
const ALT_SCREEN_OFF = '\x1b[?2004l\x1b[?1049l';

export async function runInteractive(options: InteractiveOptions): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  const alt = stdout.isTTY === true;
  if (alt) stdout.write(ALT_SCREEN_ON);
  type Outcome = { code: number; farewell?: string } | { error: unknown };
  let settle!: (outcome: Outcome) => void;
  const done = new Promise<Outcome>((resolve) => (settle = resolve));
  // While an interactive statement has the terminal, Ink is unmounted; it is mounted again afterwards,
  // on the session (the `controller` path: the App opens at the session's step).
  let handedOver = false;
  const terminal: Terminal = {
    async handoff(work, statementId) {
      handedOver = true;
      instance.unmount();
      await instance.waitUntilExit().catch(() => undefined);
      // Nothing of ours may read the keyboard meanwhile: typed keys are the program's.
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
      if (alt) stdout.write(ALT_SCREEN_OFF);
      stdout.write('\n── runbook: this statement has the terminal; exit it to come back ──\n');
      options.onTerminal?.(true);
      try {
        return await work();
      } finally {
        options.onTerminal?.(false);
        if (alt) stdout.write(ALT_SCREEN_ON);
        handedOver = false;
        instance = mount(session, statementId);
      }
    },
  };
  let session: SessionController | undefined = options.controller;
  const mount = (controller: SessionController | undefined, returnTo?: string) => {
    const mounted = render(
      <TerminalContext.Provider value={terminal}>
        <App
          runbook={options.runbook}
          procedure={options.procedure}
          controller={controller}
          openSession={
            options.openSession &&
            (async (procedure) => {
              session = await options.openSession!(procedure);
              return session;
            })
          }
          openingMessage={options.openingMessage}
          returnTo={returnTo}
          onExit={(code, farewell) => settle({ code, farewell })}
          onError={(error) => settle({ error })}
        />
      </TerminalContext.Provider>,
      { stdout, stdin, exitOnCtrlC: false, patchConsole: true },
    );
    // A render error makes Ink exit on its own: end with that error rather than wait forever (an unmount
    // for a handoff is no exit).
    mounted.waitUntilExit().then(
      () => handedOver || mounted !== instance || settle({ code: EXIT.failure }),
      (error: unknown) => settle({ error }),
    );
    return mounted;
  };
  let instance = mount(session);
  const onStop = () => settle(options.stop!.reason as { code: number; farewell?: string });
  if (options.stop?.aborted) onStop();
  else options.stop?.addEventListener('abort', onStop, { once: true });
  // However the process ends, leave the terminal's main screen as it was.
  const restore = () => {
    if (alt) stdout.write(ALT_SCREEN_OFF);
  };
  process.once('exit', restore);
  const outcome = await done;
  instance.unmount();
  await instance.waitUntilExit().catch(() => undefined);
  process.removeListener('exit', restore);
  restore();
  if ('error' in outcome) throw outcome.error;
  if (outcome.farewell) stdout.write(`${outcome.farewell}\n`);
  return outcome.code;
}
