// The SQL executor's backstop timer: it fires for a statement that runs past its limit, never for one
// that ended, and serves statements with shorter limits than the one it was armed for.

import { expect, it } from 'vitest';
import { Watchdog } from '../../src/executors/watchdog.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('expires a statement that runs past its limit, once', async () => {
  const dog = new Watchdog();
  let fired = 0;
  dog.watch(30, () => fired++);
  await sleep(80);
  expect(fired).toBe(1);
});

it('does not expire a statement that ended, nor the next one before its own limit', async () => {
  const dog = new Watchdog();
  let fired = 0;
  dog.watch(40, () => fired++);
  dog.done();
  await sleep(20);
  // Started 20 ms later with the same limit: the timer armed for the first one must not end it early.
  dog.watch(40, () => fired++);
  await sleep(30);
  expect(fired).toBe(0);
  await sleep(40);
  expect(fired).toBe(1);
});

it('re-arms for a statement with a shorter limit than the pending timer', async () => {
  const dog = new Watchdog();
  let fired = '';
  dog.watch(10_000, () => (fired += 'long'));
  dog.done();
  dog.watch(20, () => (fired += 'short'));
  await sleep(60);
  expect(fired).toBe('short');
  dog.done();
});
