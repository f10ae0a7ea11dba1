// The session screen's keys as named commands (keys.ts). Keys typed faster than the terminal reads, or
// sent together, arrive as one string: each becomes a command of its own. While something runs, only
// cancelling and scrolling get through.

import type { Key } from 'ink';
import { commandFor, type Command } from '../keys.js';
import { useKeys } from './useKeys.js';

export function useCommandKeys(act: (command: Command) => void, busy: { current: boolean }, cancel: () => void, active: boolean): void {
  useKeys((input, key) => {
    function onKey(input: string, key: Key): void {
      if (input.length > 1 && !key.ctrl && !key.meta && [...input].every((ch) => ch >= ' ')) {
        for (const ch of input) onKey(ch, key);
        return;
      }
      const command = commandFor(input, key);
      if (!command) return;
      if (busy.current) {
        // While a statement runs, Ctrl-C cancels only that statement; scrolling still works.
        if (command === 'interrupt') cancel();
        else if (command.startsWith('scroll') || command.startsWith('page')) act(command);
        return;
      }
      act(command);
    }
    onKey(input, key);
  }, active);
}
