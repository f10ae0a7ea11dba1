// --detected-at / --resolved-at (exec, resume, run): when the incident was detected and resolved, as the
// operator says, for the report's timeline. Read before anything starts (a time that cannot be is a
// usage error in one line), journaled once the session is open (the engine checks them against the times
// the session already has).

import { UserError } from '../errors.js';
import type { SessionEngine } from '../session/engine.js';
import type { TimeMark } from '../session/types.js';
import { parseGivenTime } from '../session/given-time.js';

export const TIME_FLAGS = {
  'detected-at': { type: 'string' },
  'resolved-at': { type: 'string' },
} as const;

export const TIME_USAGE = `  --detected-at TIME     when the incident was detected (the report's Detection; default: the session's
                         start); TIME is ISO 8601 (2025-03-14T09:12Z, 2025-03-14 09:12+01:00) or HH:MM local
  --resolved-at TIME     when the incident was resolved (the report's Resolution; default: left blank)`;

export interface TimeFlags {
  'detected-at'?: string;
  'resolved-at'?: string;
}

export type GivenTimes = Partial<Record<TimeMark, string>>;

const MARKS = [
  ['detected-at', 'detected'],
  ['resolved-at', 'resolved'],
] as const;

export function givenTimes(flags: TimeFlags, now = new Date()): GivenTimes {
  const times: GivenTimes = {};
  for (const [flag, mark] of MARKS) {
    const text = flags[flag];
    if (text === undefined) continue;
    const parsed = parseGivenTime(text, now);
    if (!parsed.ok) throw new UserError(`--${flag}: ${parsed.message}`);
    times[mark] = parsed.iso;
  }
  if (times.detected && times.resolved && times.resolved < times.detected) throw new UserError('--resolved-at is before --detected-at');
  return times;
}

export async function recordGivenTimes(engine: SessionEngine, times: GivenTimes): Promise<void> {
  for (const [flag, mark] of MARKS) {
    const at = times[mark];
    if (at === undefined) continue;
    try {
      await engine.giveTime(mark, at);
    } catch (error) {
      throw new UserError(`--${flag}: ${(error as Error).message}`);
    }
  }
}
