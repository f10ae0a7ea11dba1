// Colours and symbols for the terminal UI, in one place so that NO_COLOR (https://no-color.org) can turn
// every colour off at once: components ask `color('name')` and get undefined when colour is off, and
// every state is also told by a symbol or a word, so nothing depends on colour alone.

import type { Risk } from '../runbook/model.js';
import type { StatementStatus } from '../session/types.js';

const palette = {
  accent: 'cyan',
  muted: 'gray',
  ok: 'green',
  warn: 'yellow',
  bad: 'red',
  read: 'green',
  write: 'yellow',
  destructive: 'red',
  keyword: 'magenta',
  string: 'green',
  comment: 'gray',
  number: 'yellow',
  variable: 'cyan',
  null: 'magenta',
  link: 'blue',
} as const;

export type ColorName = keyof typeof palette;

let colorOn = !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');

/** Tests and `--no-color` style callers can force colour on or off. */
export function setColor(on: boolean): void {
  colorOn = on;
}

export function colorEnabled(): boolean {
  return colorOn;
}

export function color(name: ColorName): string | undefined {
  return colorOn ? palette[name] : undefined;
}

export const RISK_LABEL: Record<Risk, string> = {
  read: 'READ',
  write: 'WRITE',
  destructive: 'DESTRUCTIVE',
};

export const STATUS_SYMBOL: Record<StatementStatus, string> = {
  pending: '○',
  'awaiting-confirmation': '?',
  running: '◐',
  succeeded: '✓',
  failed: '✗',
  cancelled: '⊘',
  skipped: '↷',
};

/** A statement a dead process started and never finished: it may have done its work; resume asks it again. */
export const INTERRUPTED_SYMBOL = '!';

export function statusColor(status: StatementStatus): string | undefined {
  switch (status) {
    case 'succeeded':
      return color('ok');
    case 'failed':
    case 'cancelled':
      return color('bad');
    case 'running':
    case 'awaiting-confirmation':
      return color('warn');
    default:
      return color('muted');
  }
}

export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
