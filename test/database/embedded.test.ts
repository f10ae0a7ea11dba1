// The embedded PostgreSQL's life in a throwaway directory: created with the demo data and
// pg_stat_statements, found again by status, left running when it was already up, stopped, started
// warm, recovered after a SIGKILL (stale postmaster.pid), a wedged server stopped by the SIGKILL fallback,
// and a taken port explained from the server's log.

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedStatus, openEmbedded, resetEmbedded, startEmbedded, stopEmbedded } from '../../src/database/embedded.js';
import { readPidFile, stopPostmaster } from '../../src/database/embedded-process.js';
import { connectClient } from '../../src/database/connect.js';
import type { Target } from '../../src/database/target.js';

const dir = mkdtempSync(join(tmpdir(), 'rb-embedded-'));
afterAll(() => resetEmbedded({ dir }));

async function one(target: Target, sql: string): Promise<(string | null)[]> {
  const client = await connectClient(target);
  try {
    return Object.values((await client.query(sql)).rows[0] ?? {}) as (string | null)[];
  } finally {
    await client.end();
  }
}

async function waitDead(pid: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('embedded PostgreSQL', () => {
  it('is created on first use with the demo database, pg_stat_statements and a private password', async () => {
    const progress: string[] = [];
    const r = await startEmbedded({ dir, onProgress: (m) => progress.push(m) });
    expect(r).toMatchObject({ created: true, startedHere: true });
    expect(r.target).toMatchObject({ source: 'embedded', embedded: true, host: '127.0.0.1', database: 'showtrack', user: 'postgres' });
    expect(progress[0]).toMatch(/creating the embedded database/);
    const [db, preload, animals] = await one(r.target, "SELECT current_database(), current_setting('shared_preload_libraries'), (SELECT count(*) FROM animals)");
    expect(db).toBe('showtrack');
    expect(preload).toBe('pg_stat_statements');
    expect(Number(animals)).toBeGreaterThan(0);
    expect(statSync(join(dir, 'password')).mode & 0o777).toBe(0o600);
    const listen = await one(r.target, "SELECT current_setting('listen_addresses')");
    expect(listen).toEqual(['127.0.0.1']);
  });

  it('is found by status and left running by a second start or open', async () => {
    const s = embeddedStatus({ dir });
    expect(s).toMatchObject({ initialized: true, running: true });
    const again = await startEmbedded({ dir });
    expect(again.startedHere).toBe(false);
    expect(again.target.port).toBe(s.port);
    const handle = await openEmbedded({ dir });
    expect(handle.startedHere).toBe(false);
    await handle.release();
    expect(embeddedStatus({ dir }).running).toBe(true);
  });

  it('stops, then starts warm without re-creating anything', async () => {
    expect(await stopEmbedded({ dir })).toBe('stopped');
    expect(embeddedStatus({ dir }).running).toBe(false);
    expect(await stopEmbedded({ dir })).toBe('not-running');
    const handle = await openEmbedded({ dir });
    expect(handle.startedHere).toBe(true);
    expect(await one(handle.target, 'SELECT count(*) > 0 FROM animals')).toEqual(['t']);
    await handle.release();
    expect(embeddedStatus({ dir }).running).toBe(false);
    const warm = await startEmbedded({ dir });
    expect(warm.created).toBe(false);
  });

  it('recovers from a crash that left a stale postmaster.pid', async () => {
    const info = readPidFile(join(dir, 'data'))!;
    process.kill(info.pid, 'SIGKILL');
    await waitDead(info.pid);
    expect(existsSync(join(dir, 'data', 'postmaster.pid'))).toBe(true);
    expect(embeddedStatus({ dir }).running).toBe(false);
    const progress: string[] = [];
    const r = await startEmbedded({ dir, onProgress: (m) => progress.push(m) });
    expect(r.startedHere).toBe(true);
    expect(progress.join('\n')).toMatch(/stale postmaster.pid/);
    expect(await one(r.target, 'SELECT 1')).toEqual(['1']);
  });

  it('stops a server that ignores shutdown requests (SIGKILL fallback) instead of hanging', async () => {
    const info = readPidFile(join(dir, 'data'))!;
    process.kill(info.pid, 'SIGSTOP');
    const t0 = performance.now();
    expect(await stopPostmaster(join(dir, 'data'), 300)).toBe('killed');
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(existsSync(join(dir, 'data', 'postmaster.pid'))).toBe(false);
    const r = await startEmbedded({ dir });
    expect(await one(r.target, 'SELECT 1')).toEqual(['1']);
    await stopEmbedded({ dir });
  });

  it('explains a taken port from the server log', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const { port } = blocker.address() as { port: number };
    try {
      const error = (await startEmbedded({ dir, port }).catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(new RegExp(`^embedded PostgreSQL did not start on 127\\.0\\.0\\.1:${port}: .*(could not bind|already in use)`));
      expect(error.message).toContain('postgres.log');
    } finally {
      blocker.close();
    }
  });
});

it('says which command repairs missing binaries or library links', async () => {
  const { checkBinaries, findBinaries } = await import('../../src/database/embedded-binaries.js');
  const real = findBinaries();
  const fake = mkdtempSync(join(tmpdir(), 'rb-native-'));
  expect(() => checkBinaries(fake, real.packageName)).toThrow(`embedded PostgreSQL binary missing or not executable: ${join(fake, 'bin', 'initdb')}; run \`npm rebuild ${real.packageName}\``);
  mkdirSync(join(fake, 'bin'));
  for (const name of ['initdb', 'pg_ctl', 'postgres']) writeFileSync(join(fake, 'bin', name), '', { mode: 0o755 });
  copyFileSync(join(real.root, 'pg-symlinks.json'), join(fake, 'pg-symlinks.json'));
  expect(() => checkBinaries(fake, real.packageName)).toThrow(/libraries are not linked .*npm rebuild/);
  rmSync(fake, { recursive: true });
});

it('cleans up its directory on reset', async () => {
  const other = mkdtempSync(join(tmpdir(), 'rb-embedded-reset-'));
  await resetEmbedded({ dir: other });
  expect(existsSync(other)).toBe(false);
});
