// When the incident was detected and resolved is the operator's word, never a guess: this reads what an
// operator may type, once, for `exec`'s --detected-at/--resolved-at and the UI's prompts alike, and says
// which given times cannot be. Accepted: an ISO 8601 date-time (`2025-03-14T09:12:00Z`,
// `2025-03-14 09:12+01:00`; without a zone it is local time), or a time of day `HH:MM[:SS]` (today in
// local time, or yesterday when today's would be in the future). Anything else is refused.

import type { GivenTimes, TimeMark } from './types.js';

export type ParsedTime = { ok: true; iso: string } | { ok: false; message: string };

/** How far ahead of this machine's clock a given time may be (another machine's clock may run ahead). */
export const FUTURE_SKEW_MS = 5 * 60_000;

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const TIME_OF_DAY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

const FORMS = 'an ISO 8601 date-time (2025-03-14T09:12Z, 2025-03-14 09:12+01:00) or a time of day (09:12)';

export function parseGivenTime(text: string, now: Date): ParsedTime {
  const t = text.trim();
  const full = DATE_TIME.exec(t);
  if (full) {
    const [, y, mo, d, h, mi, s = '0', fraction = '', zone] = full;
    if (!inRange(+mo!, 1, 12) || !inRange(+d!, 1, 31) || !inRange(+h!, 0, 23) || !inRange(+mi!, 0, 59) || !inRange(+s, 0, 59)) return bad(text);
    const ms = fraction ? Math.round(Number(`0${fraction}`) * 1000) : 0;
    let date: Date;
    if (zone) {
      const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(3).replace(':', '') || '00'}`;
      date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s.padStart(2, '0')}.${String(ms).padStart(3, '0')}${offset}`);
    } else {
      date = new Date(+y!, +mo! - 1, +d!, +h!, +mi!, +s, ms);
    }
    // 2025-02-30 rolls over to March: a date that does not exist is refused, not moved.
    if (Number.isNaN(date.getTime()) || (!zone && date.getDate() !== +d!)) return bad(text);
    return inFuture(date, now) ? { ok: false, message: `${t} is in the future` } : { ok: true, iso: date.toISOString() };
  }
  const clock = TIME_OF_DAY.exec(t);
  if (clock) {
    const [, h, mi, s = '0'] = clock;
    if (!inRange(+h!, 0, 23) || !inRange(+mi!, 0, 59) || !inRange(+s, 0, 59)) return bad(text);
    const date = new Date(now.getFullYear(), now.getMonth(), now.getDate(), +h!, +mi!, +s);
    if (inFuture(date, now)) date.setDate(date.getDate() - 1);
    return { ok: true, iso: date.toISOString() };
  }
  return bad(text);
}

/** What the operator typed for `mark`, read and checked against the times already given. */
export function readGivenTime(times: GivenTimes, mark: TimeMark, text: string, now: Date): ParsedTime {
  const parsed = parseGivenTime(text, now);
  if (!parsed.ok) return parsed;
  const problem = givenTimeProblem(times, mark, parsed.iso);
  return problem ? { ok: false, message: problem } : parsed;
}

/** Why giving `mark` at `iso` cannot be, with the times already given; undefined when it can. */
export function givenTimeProblem(times: GivenTimes, mark: TimeMark, iso: string): string | undefined {
  const detected = mark === 'detected' ? iso : times.detected?.at;
  const resolved = mark === 'resolved' ? iso : times.resolved?.at;
  if (detected && resolved && Date.parse(resolved) < Date.parse(detected)) {
    return `the resolution (${resolved}) would be before the detection (${detected})`;
  }
  return undefined;
}

function inRange(n: number, low: number, high: number): boolean {
  return Number.isInteger(n) && n >= low && n <= high;
}

function inFuture(date: Date, now: Date): boolean {
  return date.getTime() > now.getTime() + FUTURE_SKEW_MS;
}

function bad(text: string): ParsedTime {
  return { ok: false, message: `"${text}" is not a time: give ${FORMS}` };
}
