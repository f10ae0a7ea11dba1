// Secrets that leaked before (issue 12, defect 9), with the real binary: the log of a shell statement
// that was running when the process died holds no secret (masked as it is written; resume redacts what
// is left, such as a password inside a URL); parameters come from a file (`--param name=@FILE`), the
// environment (`--param-env name=VAR`) or, for secrets on a terminal, a prompt that does not echo,
// so that no value has to be on the command line where `ps` shows it.

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { createTestDatabase } from '../helpers/db.js';
import { CLI, ROOT } from '../helpers/cli.js';
import { Terminal } from '../e2e/tmux.js';

const RUNBOOK = join(import.meta.dirname, 'runbooks/secrets.md');
const token = 'tok-Leak5-Secret';
const pgPassword = 'PgEnvPw-Leak6';
let db: string;
let cwd: string;
const groups: number[] = [];
const terminals: Terminal[] = [];

beforeAll(async () => {
  db = await createTestDatabase('rb_secrets');
  cwd = mkdtempSync(join(tmpdir(), 'rb-secrets-'));
});

afterAll(() => {
  for (const g of groups) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      // gone
    }
  }
  for (const t of terminals) t.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

function cli(args: string[], env: Record<string, string> = {}) {
  return execa('node', [CLI, ...args], { cwd, reject: false, stdin: 'ignore', env: { DATABASE_URL: '', PGHOST: '', ...env } });
}

describe('secrets', () => {
  it('a shell statement running when the process dies leaves no secret in its log; resume redacts the rest', async () => {
    const session = join(cwd, 'leaky');
    const tokenFile = join(cwd, 'token');
    writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
    const pidFile = join(cwd, 'leaky.pid');
    const child = cli(['exec', RUNBOOK, 'leaky shell', '--yes', '--db', db, '--session-dir', session, '--param', `api_token=@${tokenFile}`], {
      PGPASSWORD: pgPassword,
      SHELL_PID_FILE: pidFile,
    });
    const log = () => {
      const names = (() => {
        try {
          return readdirSync(join(session, 'outputs'));
        } catch {
          return [];
        }
      })();
      const name = names.find((n) => n.endsWith('.log'));
      return name ? read(join(session, 'outputs', name)) : '';
    };
    await until(() => log().includes('url='), 'the statement to write its log');
    groups.push(Number(read(pidFile)));
    child.kill('SIGKILL');
    await child;
    expect(log()).toContain('token=**** pw=****');
    expect(log()).not.toContain(token);
    expect(log()).not.toContain(pgPassword);

    const resumed = await cli(['resume', session, '--yes', '--dry-run', '--db', db, '--param-env', 'api_token=TOKEN'], { PGPASSWORD: pgPassword, TOKEN: token });
    expect(resumed.exitCode, String(resumed.stderr)).toBe(0);
    expect(log()).toContain('url=postgres://app:****@db.example/x');
    expect(log()).not.toContain('UrlOnlyPw-9');
  });

  it('takes a value from a file (--param name=@FILE) or the environment (--param-env name=VAR)', async () => {
    const file = join(cwd, 'greeting');
    writeFileSync(file, 'hello from a file\n');
    const fromFile = await cli(['exec', RUNBOOK, 'greeting', '--yes', '--db', db, '--json', '--param', `greeting_text=@${file}`]);
    expect(fromFile.exitCode, String(fromFile.stderr)).toBe(0);
    expect(JSON.parse(String(fromFile.stdout)).rows).toEqual([['hello from a file']]);
    const fromEnv = await cli(['exec', RUNBOOK, 'greeting', '--yes', '--db', db, '--json', '--param-env', 'greeting_text=GREETING'], { GREETING: 'hello from env' });
    expect(fromEnv.exitCode, String(fromEnv.stderr)).toBe(0);
    expect(JSON.parse(String(fromEnv.stdout)).rows).toEqual([['hello from env']]);
    const literal = await cli(['exec', RUNBOOK, 'greeting', '--yes', '--db', db, '--json', '--param', 'greeting_text=@@home']);
    expect(JSON.parse(String(literal.stdout)).rows).toEqual([['@home']]);
  });

  it('refuses a missing file or variable in one line (exit 2)', async () => {
    const missing = await cli(['exec', RUNBOOK, 'greeting', '--yes', '--db', db, '--param', 'greeting_text=@/nonexistent/file']);
    expect(missing.exitCode).toBe(2);
    expect(String(missing.stderr)).toBe('runbook: --param greeting_text=@/nonexistent/file: cannot read /nonexistent/file (ENOENT)');
    const unset = await cli(['exec', RUNBOOK, 'greeting', '--yes', '--db', db, '--param-env', 'greeting_text=NOT_SET_ANYWHERE']);
    expect(unset.exitCode).toBe(2);
    expect(String(unset.stderr)).toBe('runbook: --param-env greeting_text=NOT_SET_ANYWHERE: the environment variable NOT_SET_ANYWHERE is not set');
  });

  it('asks for a secret on a terminal without echoing it', async () => {
    const t = new Terminal(`node ${CLI} exec ${RUNBOOK} token --yes --db ${db} --json --session-dir ${join(cwd, 'asked')}`, { cwd: ROOT, env: { NO_COLOR: '1', DATABASE_URL: '' } });
    terminals.push(t);
    t.start();
    await t.waitFor('Secret [api_token] (line');
    t.type(token);
    t.keys('Enter');
    const screen = await t.waitFor('[exit 0]');
    expect(screen).toContain(`"rows":[["${token.length}"]]`);
    expect(screen).not.toContain(token);
    expect(read(join(cwd, 'asked', 'journal.jsonl'))).not.toContain(token);
  });
});
