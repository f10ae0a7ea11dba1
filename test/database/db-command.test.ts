// `runbook db ...` end to end through the CLI entry point, in a throwaway RUNBOOK_EMBEDDED_DIR: status,
// start, the --json contract (no password anywhere), a url psql accepts, stop, and one-line errors.

import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { resetEmbedded } from '../../src/database/embedded.js';

const dir = mkdtempSync(join(tmpdir(), 'rb-dbcmd-'));
const env = { ...process.env, RUNBOOK_EMBEDDED_DIR: dir };
afterAll(() => resetEmbedded({ dir }));

function runbook(...args: string[]) {
  const r = spawnSync('node_modules/.bin/tsx', ['src/cli/main.ts', 'db', ...args], { env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.replace(/npm warn.*\n/g, '') };
}

it('manages the embedded database from the command line', async () => {
  expect(runbook('status').stdout).toMatch(/not created yet/);

  const start = runbook('start', '--json');
  expect(start.code).toBe(0);
  const started = JSON.parse(start.stdout);
  expect(started).toMatchObject({ status: 'started', created: true, target: { source: 'embedded', database: 'showtrack', user: 'postgres', host: '127.0.0.1' } });

  const status = runbook('status', '--json');
  const doc = JSON.parse(status.stdout);
  expect(doc).toMatchObject({ dir, initialized: true, running: true, port: started.target.port });
  expect(Object.keys(doc)).toEqual(['dir', 'initialized', 'running', 'pid', 'port', 'logFile', 'target']);

  const url = runbook('url').stdout.trim();
  expect(url).toMatch(new RegExp(`^postgresql://postgres:[^@]+@127\\.0\\.0\\.1:${started.target.port}/showtrack\\?sslmode=disable$`));
  const password = decodeURIComponent(new URL(url).password);
  expect(start.stdout + status.stdout).not.toContain(password);
  const psql = spawnSync('psql', [url, '-Atc', 'SELECT current_database()'], { encoding: 'utf8' });
  if (psql.error === undefined) expect(psql.stdout.trim()).toBe('showtrack');

  expect(JSON.parse(runbook('start', '--json').stdout).status).toBe('running');
  expect(runbook('stop').stdout).toMatch(/stopped/);
  const noUrl = runbook('url');
  expect(noUrl.code).toBe(3);
  expect(noUrl.stderr.trim()).toBe('runbook: the embedded database is not running: start it with `runbook db start`');
  expect(runbook('frobnicate').stderr.trim()).toMatch(/^runbook: runbook db: unknown action "frobnicate"/);
}, 120_000);
