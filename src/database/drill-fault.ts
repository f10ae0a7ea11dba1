// Injecting a scenario's fault into a drill's disposable database, and asking its checks. The fault's
// SQL runs as the server's superuser, committed statement by statement; its shell runs with the drill
// database as PG*/DATABASE_URL and the PostgreSQL binaries on PATH; background sessions are connections
// kept open while the procedure runs (a transaction holding a lock, a query running for minutes, an
// idle transaction, a role reading in a loop), each named `drill: NAME` in pg_stat_activity. When the
// procedure terminates one of them, that is the point: its error is kept, never thrown.

import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import pg from 'pg';
import { execa, type ResultPromise } from 'execa';
import type { BackgroundSession, Scenario, ScenarioCode } from '../drill/scenario.js';
import { connectClient, pgConfig } from './connect.js';
import { findBinaries } from './embedded-binaries.js';
import { shellEnv } from '../executors/shell.js';
import type { Target } from './target.js';

const READY_MS = 15_000;
const CHECK_TIMEOUT_MS = 10_000;

export interface InjectedFault {
  /** Parameters the scenario's Parameters query computed once the fault was in place. */
  params: Record<string, string>;
  /** What a diagnostic statement should show (the Diagnosis query's values). */
  diagnosis?: string[];
  /** Background sessions by name with their backend pids. */
  sessions: { name: string; pid: number }[];
  /** Closes every background session and stops background shells. */
  end(): Promise<void>;
}

/** The environment of a scenario's shell: the drill database, and PostgreSQL's binaries first on PATH. */
export function drillShellEnv(target: Target): Record<string, string> {
  const env = shellEnv(target);
  try {
    env.PATH = `${dirname(findBinaries().pgCtl)}:${env.PATH ?? ''}`;
  } catch {
    // No embedded binaries: the system's are used.
  }
  return env;
}

async function runShell(code: ScenarioCode, target: Target, timeoutMs: number): Promise<{ exitCode?: number; output: string; timedOut: boolean }> {
  const r = await execa('bash', ['-c', code.text], { env: drillShellEnv(target), extendEnv: false, stdin: 'ignore', reject: false, timeout: timeoutMs, all: true });
  return { exitCode: r.exitCode, output: String(r.all ?? '').trim(), timedOut: r.timedOut };
}

/** Sets up the fault; on any failure what was started is ended and the error says which block failed. */
export async function injectFault(scenario: Scenario, target: Target, stopServer: () => Promise<void>): Promise<InjectedFault> {
  const opened: (() => Promise<void>)[] = [];
  const end = async () => {
    await Promise.all(opened.splice(0).map((close) => close().catch(() => undefined)));
  };
  const admin = await connectClient(target);
  try {
    for (const code of scenario.fault.setup) {
      if (code.lang === 'shell') {
        const r = await runShell(code, target, 60_000);
        if (r.exitCode !== 0) throw new Error(`${scenario.path}:${code.line}: the fault's shell ${r.timedOut ? 'timed out' : `exited ${r.exitCode}`}${r.output ? `: ${r.output.split('\n').at(-1)}` : ''}`);
        continue;
      }
      for (const statement of code.statements) {
        try {
          await admin.query(statement);
        } catch (error) {
          throw new Error(`${scenario.path}:${code.line}: the fault's SQL failed: ${(error as Error).message}`);
        }
      }
    }
    const sessions: { name: string; pid: number }[] = [];
    // One block after the other, each ready before the next starts: a lock is held before its waiters come.
    for (const background of scenario.fault.background) {
      const started: Started[] = [];
      for (let i = 1; i <= background.count; i++) {
        const name = background.count > 1 ? `${background.name} ${i}` : background.name;
        if (background.lang === 'shell') {
          opened.push(startShell(background, target));
          continue;
        }
        const session = await startSession(background, name, target, admin);
        opened.push(session.close);
        started.push(session);
        sessions.push({ name, pid: session.pid });
      }
      if (started.length) await waitReady(admin, background, started, scenario.path);
    }
    const params = scenario.parameters ? await parametersOf(admin, scenario.parameters, scenario.path) : {};
    const diagnosis = scenario.diagnosis ? await valuesOf(admin, scenario.diagnosis, scenario.path) : undefined;
    await admin.end().catch(() => undefined);
    if (scenario.serverStopped) await stopServer();
    return { params, ...(diagnosis ? { diagnosis } : {}), sessions, end };
  } catch (error) {
    await admin.end().catch(() => undefined);
    await end();
    throw error;
  }
}

interface Started {
  pid: number;
  /** Settles once every statement ran once (never, for one that runs for minutes or waits on a lock). */
  firstRound: Promise<void>;
  close(): Promise<void>;
}

async function startSession(background: BackgroundSession, name: string, target: Target, admin: pg.Client): Promise<Started> {
  let login = target;
  if (background.user) {
    const password = randomBytes(18).toString('base64url');
    await admin.query(`ALTER ROLE ${admin.escapeIdentifier(background.user)} LOGIN PASSWORD ${admin.escapeLiteral(password)}`);
    login = { ...target, user: background.user, password };
  }
  const client = new pg.Client({ ...pgConfig(login, false), application_name: `drill: ${name}`.slice(0, 63) });
  // Terminated by the procedure (the point of the drill) or by the drill's end: never a crash.
  client.on('error', () => undefined);
  await client.connect();
  const pid = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
  let ended = false;
  const statements = background.statements;
  let roundDone!: () => void;
  let roundFailed!: (error: Error) => void;
  const firstRound = new Promise<void>((resolve, reject) => ((roundDone = resolve), (roundFailed = reject)));
  // Before the fault is in place a failure is the scenario's mistake (reported); after, it is the point.
  firstRound.catch(() => undefined);
  const work = (async () => {
    do {
      for (const statement of statements) {
        if (ended) return;
        await client.query(statement);
      }
      roundDone();
      if (background.loopEveryMs !== undefined && !ended) await new Promise((r) => setTimeout(r, background.loopEveryMs));
    } while (background.loopEveryMs !== undefined && !ended);
  })().catch((error: Error) => roundFailed(error));
  return {
    pid,
    firstRound,
    async close() {
      ended = true;
      // A statement still running (pg_sleep, a lock wait) ends with the connection.
      await Promise.race([client.end().catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
      await Promise.race([work, new Promise((r) => setTimeout(r, 500))]);
    },
  };
}

function startShell(background: BackgroundSession, target: Target): () => Promise<void> {
  const child: ResultPromise = execa('bash', ['-c', background.text], { env: drillShellEnv(target), extendEnv: false, stdin: 'ignore', stdout: 'ignore', stderr: 'ignore', detached: true, reject: false });
  return async () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    await Promise.race([child, new Promise((r) => setTimeout(r, 2000))]);
  };
}

/**
 * A background session is ready when its statements ran once, or when its last one runs (or waits on a
 * lock) on the server: a query that runs for minutes never finishes, and that is the fault.
 */
async function waitReady(admin: pg.Client, background: BackgroundSession, started: Started[], path: string): Promise<void> {
  const last = background.statements.at(-1)!.trim();
  const deadline = Date.now() + READY_MS;
  const done = new Set<number>();
  let failed: Error | undefined;
  for (const s of started) void s.firstRound.then(() => done.add(s.pid), (error: Error) => (failed ??= error));
  // Most statements finish at once (BEGIN, LOCK, SELECT 1): give them that chance before asking the server.
  await Promise.race([Promise.allSettled(started.map((s) => s.firstRound)), new Promise((r) => setTimeout(r, 300))]);
  for (;;) {
    if (failed) throw new Error(`${path}:${background.line}: background session "${background.name}" failed: ${failed.message}`);
    const waiting = started.filter((s) => !done.has(s.pid)).map((s) => s.pid);
    if (waiting.length === 0) return;
    const { rows } = await admin.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE pid = ANY($1::int[]) AND state = 'active' AND btrim(query) = $2`, [waiting, last]);
    if (Number(rows[0]!.n) >= waiting.length) return;
    if (Date.now() > deadline) throw new Error(`${path}:${background.line}: background session "${background.name}" did not start within ${READY_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function parametersOf(admin: pg.Client, code: ScenarioCode, path: string): Promise<Record<string, string>> {
  try {
    const result = await admin.query(code.statements.join(';\n'));
    const last = Array.isArray(result) ? result.at(-1)! : result;
    const row = last.rows[0] as Record<string, unknown> | undefined;
    if (!row) throw new Error('it returned no row');
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? '' : String(v)]));
  } catch (error) {
    throw new Error(`${path}:${code.line}: the Parameters query failed: ${(error as Error).message}`);
  }
}

async function valuesOf(admin: pg.Client, code: ScenarioCode, path: string): Promise<string[]> {
  try {
    const { rows } = await admin.query(code.statements[0]!);
    return [...new Set(rows.flatMap((r: Record<string, unknown>) => Object.values(r).filter((v) => v !== null).map(String)))];
  } catch (error) {
    throw new Error(`${path}:${code.line}: the Diagnosis query failed: ${(error as Error).message}`);
  }
}

export interface CheckResult {
  value: boolean | null;
  /** Why it could not be asked (value null). */
  error?: string;
}

/** True, false, or null when it cannot be asked (the server does not answer, the query fails). */
export async function askCheck(code: ScenarioCode, target: Target): Promise<CheckResult> {
  if (code.lang === 'shell') {
    const r = await runShell(code, target, CHECK_TIMEOUT_MS);
    if (r.timedOut) return { value: null, error: `timed out after ${CHECK_TIMEOUT_MS / 1000} s` };
    return { value: r.exitCode === 0 };
  }
  let client: pg.Client;
  try {
    client = await connectClient({ ...target });
  } catch (error) {
    return { value: null, error: (error as Error).message };
  }
  try {
    await client.query(`SET statement_timeout = ${CHECK_TIMEOUT_MS}`);
    const { rows, fields } = await client.query({ text: code.statements[0]!, rowMode: 'array' });
    const first = rows[0]?.[0] as unknown;
    if (!fields.length) return { value: null, error: 'the query returns no column' };
    return { value: truthy(first) };
  } catch (error) {
    return { value: null, error: (error as Error).message.split('\n')[0] };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The first value of a check, as PostgreSQL's text: true, `t`, or a number other than 0. */
function truthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  const text = String(value).trim().toLowerCase();
  if (text === 't' || text === 'true') return true;
  if (text === 'f' || text === 'false' || text === '') return false;
  const n = Number(text);
  return Number.isFinite(n) ? n !== 0 : false;
}
