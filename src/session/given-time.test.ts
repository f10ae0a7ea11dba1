// What an operator may type for the detection and resolution times, and which times cannot be.

import { describe, expect, it } from 'vitest';
import { givenTimeProblem, parseGivenTime, readGivenTime } from './given-time.js';

const now = new Date('2025-06-02T10:00:00.000Z');

describe('parseGivenTime', () => {
  it.each([
    ['2025-06-02T09:05:00Z', '2025-06-02T09:05:00.000Z'],
    ['2025-06-02T09:05Z', '2025-06-02T09:05:00.000Z'],
    ['2025-06-02 09:05:30.250Z', '2025-06-02T09:05:30.250Z'],
    ['2025-06-02 11:05+02:00', '2025-06-02T09:05:00.000Z'],
    ['2025-06-02T04:05:00-0500', '2025-06-02T09:05:00.000Z'],
  ])('%s is %s', (text, iso) => {
    expect(parseGivenTime(text, now)).toEqual({ ok: true, iso });
  });

  it('reads a date-time without a zone, and a time of day, as local time', () => {
    const local = parseGivenTime('2025-06-02 09:05', now);
    expect(local.ok && new Date(local.iso).getHours()).toBe(9);
    const clock = parseGivenTime('00:01', now);
    expect(clock.ok).toBe(true);
    const at = new Date((clock as { iso: string }).iso);
    expect([at.getHours(), at.getMinutes()]).toEqual([0, 1]);
    expect(at.getTime()).toBeLessThanOrEqual(now.getTime() + 5 * 60_000);
  });

  it('takes yesterday for a time of day that would be in the future today', () => {
    const late = new Date(now);
    late.setHours(23, 59, 0, 0);
    const parsed = parseGivenTime(`${late.getHours()}:${late.getMinutes()}`, new Date(late.getTime() - 60 * 60_000));
    expect(parsed.ok && Date.parse(parsed.iso)).toBe(late.getTime() - 24 * 60 * 60_000);
  });

  it.each(['yesterday', '9am', '2025-02-30 09:00', '2025-06-02T25:00Z', '12:60', '', '2025-06-02'])('refuses "%s"', (text) => {
    expect(parseGivenTime(text, now)).toEqual({ ok: false, message: expect.stringContaining('is not a time') });
  });

  it('refuses a time in the future beyond a few minutes of clock skew', () => {
    expect(parseGivenTime('2025-06-02T10:04:00Z', now).ok).toBe(true);
    expect(parseGivenTime('2025-06-02T11:00:00Z', now)).toEqual({ ok: false, message: '2025-06-02T11:00:00Z is in the future' });
  });
});

describe('given times together', () => {
  const detected = { at: '2025-06-02T09:05:00.000Z', givenAt: '2025-06-02T09:12:00.000Z', operator: 'alice' };

  it('refuses a resolution before the detection, whichever is given first', () => {
    expect(givenTimeProblem({ detected }, 'resolved', '2025-06-02T09:00:00.000Z')).toMatch(/before the detection/);
    expect(givenTimeProblem({ resolved: { ...detected, at: '2025-06-02T09:00:00.000Z' } }, 'detected', '2025-06-02T09:05:00.000Z')).toMatch(/before the detection/);
    expect(readGivenTime({ detected }, 'resolved', '2025-06-02T09:30Z', now)).toEqual({ ok: true, iso: '2025-06-02T09:30:00.000Z' });
  });
});
