// The one render helper for UI component tests: ink-testing-library underneath, with named keys written
// to stdin, a terminal size that can be set (and changed, emitting 'resize' like a real terminal), and
// waitFor to poll the last frame instead of sleeping.

import type { ReactElement } from 'react';
import { render as inkRender } from 'ink-testing-library';

export const KEY = {
  enter: '\r',
  escape: '\x1b',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  backspace: '\x7f',
  tab: '\t',
  space: ' ',
  ctrlC: '\x03',
  ctrlS: '\x13',
} as const;

export interface Rendered {
  lastFrame(): string;
  /** Writes keys (names from KEY, or literal text) one at a time, letting Ink handle each. */
  press(...keys: (keyof typeof KEY | { text: string })[]): Promise<void>;
  /** Types text character by character. */
  type(text: string): Promise<void>;
  /** Polls until the last frame contains `text` (or `test` returns true); returns that frame. */
  waitFor(test: string | RegExp | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
  resize(columns: number, rows: number): Promise<void>;
  unmount(): void;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

export async function render(tree: ReactElement, size: { columns?: number; rows?: number } = {}): Promise<Rendered> {
  const instance = inkRender(tree);
  const stdout = instance.stdout as unknown as NodeJS.EventEmitter & { columns: number; rows: number };
  const resize = async (columns: number, rows: number) => {
    Object.defineProperty(stdout, 'columns', { configurable: true, get: () => columns });
    Object.defineProperty(stdout, 'rows', { configurable: true, get: () => rows });
    stdout.emit('resize');
    await tick();
  };
  await resize(size.columns ?? 80, size.rows ?? 24);

  const write = async (data: string) => {
    instance.stdin.write(data);
    await tick();
  };
  const lastFrame = () => instance.lastFrame() ?? '';
  return {
    lastFrame,
    async press(...keys) {
      for (const key of keys) await write(typeof key === 'string' ? KEY[key] : key.text);
    },
    async type(text) {
      for (const ch of text) await write(ch);
    },
    async waitFor(test, timeoutMs = 15_000) {
      const matches = (frame: string) =>
        typeof test === 'string' ? frame.includes(test) : test instanceof RegExp ? test.test(frame) : test(frame);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const frame = lastFrame();
        if (matches(frame)) return frame;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(test)}; last frame:\n${frame}`);
        await tick();
      }
    },
    resize,
    unmount: () => instance.unmount(),
  };
}
