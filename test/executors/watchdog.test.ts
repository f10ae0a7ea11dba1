// The SQL executor's backstop timer: it fires for a statement that runs past its limit, never for one
// that ended, and serves statements with shorter limits than the one it was armed for. Fake timers and a
// fake `performance.now()`: the clock moves only when the test says so.

import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { Watchdog } from '../../src/executors/watchdog.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});

afterEach(() => {
  vi.useRealTimers();
});

it('expires a statement that runs past its limit, once', () => {
  const dog = new Watchdog();
  let fired = 0;
  dog.watch(30, () => fired++);
  vi.advanceTimersByTime(29);
  expect(fired).toBe(0);
  vi.advanceTimersByTime(1);
  expect(fired).toBe(1);
  vi.advanceTimersByTime(1_000);
  expect(fired).toBe(1);
});

it('does not expire a statement that ended, nor the next one before its own limit', () => {
  const dog = new Watchdog();
  let fired = 0;
  dog.watch(40, () => fired++);
  dog.done();
  vi.advanceTimersByTime(20);
  // Started 20 ms later with the same limit: the timer armed for the first one must not end it early.
  dog.watch(40, () => fired++);
  vi.advanceTimersByTime(30);
  expect(fired).toBe(0);
  vi.advanceTimersByTime(10);
  expect(fired).toBe(1);
});

it('re-arms for a statement with a shorter limit than the pending timer', () => {
  const dog = new Watchdog();
  let fired = '';
  dog.watch(10_000, () => (fired += 'long'));
  dog.done();
  dog.watch(20, () => (fired += 'short'));
  vi.advanceTimersByTime(20);
  expect(fired).toBe('short');
  dog.done();
  vi.advanceTimersByTime(20_000);
  expect(fired).toBe('short');
});

it('reaches a limit longer than setTimeout can wait in steps', () => {
  const dog = new Watchdog();
  let fired = 0;
  const limit = 2 ** 31 + 5_000;
  dog.watch(limit, () => fired++);
  vi.advanceTimersByTime(2 ** 31 - 1);
  expect(fired).toBe(0);
  vi.advanceTimersByTime(limit - (2 ** 31 - 1));
  expect(fired).toBe(1);
});
