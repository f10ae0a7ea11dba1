// Redaction across everything a session writes: a password in the --db URL, PGPASSWORD, a .pgpass
// password and a secret parameter (echoed back by SQL and by shell) must not appear in the journal, the
// CSV and log outputs, report.md, the rebuilt md/json/html reports, or the screen.

import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { createTestDatabase } from '../helpers/db.js';
import { Redactor } from '../../src/session/redact.js';
import { CLI as cli } from '../helpers/cli.js';

const RUNBOOK = join(import.meta.dirname, 'runbooks/exec.md');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('redaction', () => {
  let url: string;
  let dbPassword: string;
  const token = 'tok-Zq9Secret-77';
  const pgPassword = 'PgEnvPw-4411';
  const pgpassPassword = 'PgpassPw-8822';

  beforeAll(async () => {
    const db = new URL(await createTestDatabase('rb_redact'));
    // A trust-auth server ignores a password it does not need; an embedded one has its own.
    if (!db.password) db.password = 'UrlPw-5533';
    dbPassword = decodeURIComponent(db.password);
    url = db.toString();
  });

  it('masks every secret in every file the session writes and on screen', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'rb-redact-'));
    const pgpass = join(cwd, 'pgpass');
    writeFileSync(pgpass, `otherhost:5432:*:someone:${pgpassPassword}\n`, { mode: 0o600 });
    const dir = join(cwd, 'session');
    const r = await execa('node', [cli, 'exec', RUNBOOK, 'secret', '--yes', '--db', url, '--session-dir', dir, '--param', `api_token=${token}`], {
      cwd,
      reject: false,
      env: { PGPASSWORD: pgPassword, PGPASSFILE: pgpass, DATABASE_URL: '' },
    });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const json = await execa('node', [cli, 'report', dir, '--format', 'json'], { cwd });
    const html = await execa('node', [cli, 'report', dir, '--format', 'html'], { cwd });
    const files = filesUnder(dir);
    expect(files.some((f) => f.endsWith('.csv'))).toBe(true);
    expect(files.some((f) => f.endsWith('.log'))).toBe(true);
    const everything = [String(r.stdout), String(r.stderr), String(json.stdout), String(html.stdout), ...files.map((f) => readFileSync(f, 'utf8'))];
    for (const secret of [token, pgPassword, pgpassPassword, dbPassword, encodeURIComponent(dbPassword)]) {
      for (const text of everything) expect(text).not.toContain(secret);
    }
    // The values were really used (and masked), not left out.
    const csv = readFileSync(files.find((f) => f.endsWith('.csv'))!, 'utf8');
    expect(csv).toContain('****');
    const log = readFileSync(files.find((f) => f.endsWith('.log'))!, 'utf8');
    expect(log).toContain('token=**** pw=****');
    expect(log).toContain('otherhost:5432:*:someone:****');
    const journal = readFileSync(join(dir, 'journal.jsonl'), 'utf8');
    expect(journal).toContain('"name":"api_token","value":"****","secret":true');
  });

  it('masks known values, URL passwords and assignments', () => {
    const r = new Redactor(['s3cr3t']);
    expect(r.text('a s3cr3t b')).toBe('a **** b');
    expect(r.text('postgres://u:other@h:5432/db')).toBe('postgres://u:****@h:5432/db');
    expect(r.text('PGPASSWORD=abc psql')).toBe('PGPASSWORD=**** psql');
    expect(r.text('host=h password=xyz dbname=d')).toBe('host=h password=**** dbname=d');
    expect(r.text('PGPASSWORD=$PW')).toBe('PGPASSWORD=$PW');
    expect(r.deep({ a: ['s3cr3t'], b: { c: 'x s3cr3t' } })).toEqual({ a: ['****'], b: { c: 'x ****' } });
  });
});
