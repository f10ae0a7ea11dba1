// Termination signals for the commands that run statements (exec, resume, run). SIGINT (Ctrl-C), SIGTERM
// (systemd, Kubernetes, timeout(1), a CI cancel) and SIGHUP (the terminal went away) all mean "stop": the
// engine halts (no statement starts any more; the running one gets a real cancel request, or its shell
// process group is killed), the session is journaled as aborted, everything is released, and the process
// exits with 128 + the signal's number (130, 143, 129). A second signal while that happens does not
// abandon it: it waits up to GRACE_MS more for the cancel to finish, then exits at once.
//
// The engine never sees a signal (src/session/ does not touch the process): the CLI calls engine.halt().

import { isAbsolute, relative } from 'node:path';
import { EXIT } from '../errors.js';
import type { SessionEngine } from '../session/engine.js';

export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

const SIGNALS: StopSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export const SIGNAL_EXIT: Record<StopSignal, number> = { SIGINT: EXIT.interrupted, SIGTERM: 143, SIGHUP: 129 };

/** How long a second signal waits for the cancel to finish before the process exits anyway. */
export const GRACE_MS = 2000;

const WHY: Record<StopSignal, string> = { SIGINT: 'Interrupted', SIGTERM: 'Terminated (SIGTERM)', SIGHUP: 'Hung up (SIGHUP)' };

export class Stopper {
  /** The first signal received, if any. */
  signal?: StopSignal;
  private handler?: (signal: StopSignal) => void;
  private listeners = new Map<StopSignal, () => void>();
  private graceTimer?: NodeJS.Timeout;

  constructor(private readonly err: NodeJS.WritableStream = process.stderr) {}

  /** Starts listening; until dispose(), these signals no longer kill the process outright. */
  install(): this {
    for (const name of SIGNALS) {
      const listener = () => this.received(name);
      this.listeners.set(name, listener);
      process.on(name, listener);
    }
    return this;
  }

  /** The exit code for the signal received (128 + its number), or undefined. */
  get exitCode(): number | undefined {
    return this.signal ? SIGNAL_EXIT[this.signal] : undefined;
  }

  /** What stopping means now (halt the engine, end the UI); run at once if a signal came already. */
  onStop(handler: ((signal: StopSignal) => void) | undefined): void {
    this.handler = handler;
    if (handler && this.signal) handler(this.signal);
  }

  /** One line for the operator (stderr): why the run stops and what a second signal does. */
  say(text: string): void {
    try {
      this.err.write(`${text}\n`);
    } catch {
      // The terminal may be gone (SIGHUP).
    }
  }

  private held = false;

  /**
   * While an interactive statement has the terminal (the UI handed it over), Ctrl-C is that program's:
   * SIGINT reaches it (same process group) and is not taken as "stop" here. SIGTERM and SIGHUP still are.
   */
  hold(held: boolean): void {
    this.held = held;
  }

  private received(name: StopSignal): void {
    if (name === 'SIGINT' && this.held) return;
    if (name === 'SIGHUP') {
      // The terminal is gone: writing to it fails with EIO, which must not end the cleanup.
      for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
    }
    if (this.signal) {
      if (this.graceTimer) return;
      this.say(`\n${WHY[name]} again: waiting up to ${GRACE_MS / 1000} s for the cancel to finish`);
      const code = SIGNAL_EXIT[this.signal];
      this.graceTimer = setTimeout(() => process.exit(code), GRACE_MS);
      return;
    }
    this.signal = name;
    this.say(`\n${WHY[name]}: cancelling the running statement and ending the session (again: stop waiting after ${GRACE_MS / 1000} s)`);
    this.handler?.(name);
  }

  dispose(): void {
    for (const [name, listener] of this.listeners) process.removeListener(name, listener);
    this.listeners.clear();
    clearTimeout(this.graceTimer);
  }
}

/** How the terminal UI is ended from outside: the exit code and the line left on the main screen. */
export interface UiStop {
  code: number;
  farewell?: string;
}

/**
 * For the terminal UI (run, resume): on a signal, halt the session's engine (if one is open yet) and
 * journal the session as aborted, then end the UI; the returned AbortSignal's reason is a UiStop.
 */
export function stopUiOnSignal(stop: Stopper, engine: () => SessionEngine | undefined): AbortSignal {
  const ui = new AbortController();
  stop.onStop((signal) => {
    void (async () => {
      const open = engine();
      let farewell: string | undefined;
      if (open) {
        await open.halt();
        await open.finish(undefined, { aborted: true }).catch(() => undefined);
        const rel = relative(process.cwd(), open.dir);
        const arg = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : open.dir;
        farewell = `Session aborted (${WHY[signal]}); \`runbook resume ${arg}\` continues it.`;
      }
      ui.abort({ code: SIGNAL_EXIT[signal], farewell } satisfies UiStop);
    })();
  });
  return ui.signal;
}
