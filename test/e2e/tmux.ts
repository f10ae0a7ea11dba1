// A real terminal for end-to-end tests: tmux (its own server socket per test file) runs the built binary;
// keys go in with send-keys, the screen comes back with capture-pane. Waits poll the screen for text
// with a timeout instead of sleeping.

import { execFileSync, spawnSync } from 'node:child_process';

export class Terminal {
  private readonly socket = `rb-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly name = 'ui';

  constructor(
    readonly command: string,
    readonly options: { cwd: string; columns?: number; rows?: number; env?: Record<string, string | undefined> },
  ) {}

  private tmux(...args: string[]): string {
    const env: NodeJS.ProcessEnv = { ...process.env };
    // An undefined value removes the variable (e.g. NO_COLOR, to see colours).
    for (const [name, value] of Object.entries(this.options.env ?? {})) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', env });
  }

  start(): void {
    // The shell line keeps the pane open after the program ends, so its exit code can be read.
    const line = `${this.command}; echo "[exit $?]"; sleep 600`;
    this.tmux('new-session', '-d', '-s', this.name, '-x', String(this.options.columns ?? 80), '-y', String(this.options.rows ?? 24), '-c', this.options.cwd, line);
  }

  /** The visible screen; with `escapes`, including colour and style sequences. */
  screen(escapes = false): string {
    return this.tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', this.name);
  }

  resize(columns: number, rows: number): void {
    this.tmux('resize-window', '-t', this.name, '-x', String(columns), '-y', String(rows));
  }

  /** Named keys (Enter, Escape, Down, C-c, Space, ...). */
  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.name, ...keys);
  }

  /** Literal text. */
  type(text: string): void {
    this.tmux('send-keys', '-t', this.name, '-l', text);
  }

  /** Text pasted as a terminal pastes it: bracketed (ESC [200~ ... ESC [201~) when the program asked for that. */
  paste(text: string): void {
    this.tmux('set-buffer', '-b', 'e2e', '--', text);
    this.tmux('paste-buffer', '-p', '-d', '-b', 'e2e', '-t', this.name);
  }

  async waitFor(test: string | RegExp | ((screen: string) => boolean), timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (typeof test === 'string' ? screen.includes(test) : test instanceof RegExp ? test.test(screen) : test(screen)) {
        // The frame is drawn; give the handlers of this frame a moment before the next key.
        await new Promise((r) => setTimeout(r, 60));
        return screen;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(test)}; screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The pid of the program the pane's shell started. */
  programPid(): number {
    const shell = this.tmux('list-panes', '-t', this.name, '-F', '#{pane_pid}').trim();
    const out = spawnSync('ps', ['-o', 'pid=', '--ppid', shell], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
    return Number(out);
  }

  close(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
  }
}
