// The embedded server shared by several processes (issue 12, defects 5 and 6), with the real binary:
// a process that started the server on demand leaves while another still uses it (the server stays up;
// the last one to leave stops it), one started with `runbook db start` stays up, a restart keeps its
// port, and a session resumes on a server that had to move to another port (the database is known by
// its system identifier, not host:port); and the server's log never holds a client's failed statement.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { execa, type ResultPromise } from 'execa';
import { embeddedStatus, resetEmbedded } from '../../src/database/embedded.js';
import { CLI } from '../helpers/cli.js';

const RUNBOOK = join(import.meta.dirname, 'runbooks/sleepers.md');
const dir = mkdtempSync(join(tmpdir(), 'rb-embedded-shared-'));
const cwd = mkdtempSync(join(tmpdir(), 'rb-embedded-shared-cwd-'));
// No database named (no DATABASE_URL, no PG* variables): the embedded one is used.
const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG') && k !== 'DATABASE_URL'));
const env = { ...inherited, RUNBOOK_EMBEDDED_DIR: dir, FIRST_MAY_GO: join(cwd, 'first-may-go'), SECOND_MAY_GO: join(cwd, 'second-may-go') };
afterAll(() => resetEmbedded({ dir }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cli(args: string[], extra: Record<string, string> = {}): ResultPromise {
  return execa('node', [CLI, ...args], { cwd, env: { ...env, ...extra }, extendEnv: false, reject: false, stdin: 'ignore' }) as unknown as ResultPromise;
}

function journal(session: string): string {
  try {
    return readFileSync(join(cwd, session, 'journal.jsonl'), 'utf8');
  } catch {
    return '';
  }
}

async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe('the embedded server shared by several processes', () => {
  it('stays up for a second exec when the exec that started it leaves; the last one stops it', async () => {
    const first = cli(['exec', RUNBOOK, 'first', '--yes', '--session-dir', 'first']);
    await until(() => journal('first').includes('"statement-started"'), 'the first exec to run');
    const second = cli(['exec', RUNBOOK, 'second', '--yes', '--session-dir', 'second']);
    await until(() => journal('second').includes('"statement-started"'), 'the second exec to run');
    writeFileSync(env.FIRST_MAY_GO, '');
    const a = await first;
    expect(a.exitCode, String(a.stderr)).toBe(0);
    expect(embeddedStatus({ dir }).running).toBe(true);
    writeFileSync(env.SECOND_MAY_GO, '');
    const b = await second;
    expect(b.exitCode, String(b.stderr)).toBe(0);
    expect(String(b.stdout)).toContain('second_done');
    expect(embeddedStatus({ dir }).running).toBe(false);
  }, 120_000);

  it('leaves a server started by `runbook db start` running after its users leave', async () => {
    expect((await cli(['db', 'start'])).exitCode).toBe(0);
    const r = await cli(['exec', RUNBOOK, 'first', '--yes', '--session-dir', 'third']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(embeddedStatus({ dir }).running).toBe(true);
    expect((await cli(['db', 'stop'])).exitCode).toBe(0);
  }, 60_000);

  it('keeps failing statements, their secret values and URL passwords out of postgres.log', async () => {
    const leaky = join(import.meta.dirname, 'runbooks/leaky.md');
    const r = await cli(['exec', leaky, 'failing with secrets', '--yes', '--continue-on-error', '--param-env', 'api_token=TOKEN', '--session-dir', 'leaky'], { TOKEN: 'tok-InLog-77' });
    expect(r.exitCode).toBe(1);
    expect(String(r.stdout)).toContain('invalid input syntax for type integer');
    const log = readFileSync(join(dir, 'postgres.log'), 'utf8');
    expect(log).toContain('database system is ready to accept connections');
    expect(log).not.toContain('tok-InLog-77');
    expect(log).not.toContain('UrlPwInSql-3');
    expect(log).not.toContain('invalid input syntax');
  }, 60_000);

  it('restarts on the same port, and a session resumes on a server that had to move (same system identifier)', async () => {
    expect((await cli(['db', 'start'])).exitCode).toBe(0);
    const port = embeddedStatus({ dir }).port!;
    expect((await cli(['db', 'stop'])).exitCode).toBe(0);
    expect((await cli(['db', 'start'])).exitCode).toBe(0);
    expect(embeddedStatus({ dir }).port).toBe(port);

    // A session killed mid-statement; the server then stops, and its port is taken by something else.
    const killed = cli(['exec', RUNBOOK, 'interrupted', '--yes', '--session-dir', 'moved']);
    await until(() => journal('moved').includes('"statement-started"'), 'the exec to run');
    killed.kill('SIGKILL');
    await killed;
    expect((await cli(['db', 'stop'])).exitCode).toBe(0);
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', r));
    try {
      const r = await cli(['resume', 'moved', '--yes', '--rerun-interrupted']);
      expect(r.exitCode, String(r.stderr)).toBe(0);
      expect(String(r.stderr)).toContain(`port ${port} of the embedded database is taken`);
      expect(String(r.stdout)).toContain('after_restart');
    } finally {
      blocker.close();
    }
    const started = JSON.parse(journal('moved').split('\n')[0]!) as { target: { systemIdentifier?: string; port: number } };
    expect(started.target.systemIdentifier).toMatch(/^\d+$/);
    expect(existsSync(join(dir, 'on-demand'))).toBe(false);
    expect(embeddedStatus({ dir }).running).toBe(false);
  }, 120_000);
});
