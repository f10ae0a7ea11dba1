// One writer per session (issue 12, defect 1): the lock a process holds on a session folder refuses a
// second holder naming the first, and a lock left by a dead process is recognised and taken over.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { lockSession, LOCK_FILE } from '../../src/session/lock.js';
import { SessionBusy } from '../../src/errors.js';

describe('the session lock', () => {
  it('refuses a second holder, naming the first; released, it can be taken again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rb-lock-'));
    const lock = lockSession(dir);
    let error: unknown;
    try {
      lockSession(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SessionBusy);
    expect((error as Error).message).toMatch(new RegExp(`is in use by pid ${process.pid} on ${hostname()} since \\d{4}-\\d\\d-\\d\\dT[\\d:]+Z; one process writes a session at a time$`));
    lock.release();
    lockSession(dir).release();
  });

  it('takes over the lock of a process that is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rb-lock-'));
    const dead = await execa('node', ['-e', 'console.log(process.pid)']);
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: Number(dead.stdout), host: hostname(), since: new Date().toISOString() }));
    const lock = lockSession(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock whose pid now belongs to another process (its start time differs)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rb-lock-'));
    // Our own pid, but a start time that is not ours: the holder died and the pid was reused.
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, host: hostname(), since: '2020-01-01T00:00:00.000Z', start: 'other-boot:1' }));
    lockSession(dir).release();
  });
});
