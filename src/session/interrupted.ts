// Statements a dead process left running (started, never finished, in the journal). Resume cannot know
// whether such a statement did its work, so it asks the one who can: the server. Every SQL connection of
// a session is named `runbook/<session-id>` (application_name), so a backend of the dead process that is
// still running its statement shows in pg_stat_activity under that name. What the server said is kept
// with the statement: `exec --yes`/`resume --yes` runs it again only when told to (--rerun-interrupted)
// and never while it still runs; the UI shows it as interrupted and asks again (a destructive one typed).

import type { Risk, StatementKind } from '../runbook/model.js';
import type { Executor } from '../executors/types.js';
import type { Decision, SessionState } from './types.js';
import { askServer } from './server-snapshot.js';

/** application_name is cut by the server at 63 bytes; session ids are ASCII slugs. */
export function applicationName(sessionId: string): string {
  return `runbook/${sessionId}`.slice(0, 63);
}

/** A backend of this session (other than the asking connection) that is not idle. */
export interface Backend {
  pid: number;
  state: string;
  seconds: number;
  query: string;
}

export type ServerAnswer = { running: Backend[] } | { error: string };

export interface InterruptedStatement {
  statementId: string;
  line: number;
  kind: StatementKind;
  risk: Risk;
  /** As started by the dead process (bound, secrets masked). */
  text: string;
  startedAt: string;
  /** For SQL: what the server says now. A shell statement's outcome is not the server's to tell. */
  server?: { still?: Backend } | { error: string };
}

const SQL = (name: string) => `SELECT coalesce(json_agg(json_build_object('pid', pid, 'state', state,
    'seconds', round(extract(epoch FROM clock_timestamp() - query_start)::numeric, 1), 'query', left(query, 200))), '[]'::json)
  FROM pg_stat_activity
  WHERE application_name = '${name.replace(/'/g, "''")}' AND pid <> pg_backend_pid() AND state IS DISTINCT FROM 'idle'`;

/** The session's other backends that are busy (a dead process's statement still running, or its open transaction). */
export async function busyBackends(sql: Executor | undefined, sessionDir: string, sessionId: string): Promise<ServerAnswer> {
  const asked = await askServer(sql, sessionDir, SQL(applicationName(sessionId)), 'interrupted-check');
  if ('error' in asked) return asked;
  try {
    const rows = JSON.parse(asked.value ?? '[]') as Backend[];
    return { running: rows.filter((r) => typeof r.pid === 'number').map((r) => ({ pid: r.pid, state: String(r.state), seconds: Number(r.seconds) || 0, query: String(r.query ?? '') })) };
  } catch {
    return { error: 'the server gave no readable answer' };
  }
}

/** The cut-off statements of `state` with what the server said (one SQL statement runs at a time, so a busy backend is the SQL one's). */
export function describeCutOff(state: SessionState, cutOff: readonly string[], answer: ServerAnswer | undefined): InterruptedStatement[] {
  return cutOff.flatMap((id) => {
    const v = state.statements.find((s) => s.id === id);
    const last = v?.attempts.at(-1);
    if (!v || !last) return [];
    const base = { statementId: id, line: v.line, kind: v.kind, risk: last.risk ?? v.risk, text: last.text, startedAt: last.startedAt };
    if (v.kind !== 'sql' && v.kind !== 'psql-meta') return [base];
    if (!answer) return [base];
    if ('error' in answer) return [{ ...base, server: { error: answer.error } }];
    return [{ ...base, server: { still: answer.running[0] } }];
  });
}

/** One phrase for messages and the UI's question: what is known about its outcome. */
export function interruptedPhrase(i: InterruptedStatement): string {
  const died = `the process running it died (started ${i.startedAt.replace(/\.\d+Z$/, 'Z')})`;
  if (!i.server) return `${died}; whether it finished is unknown`;
  if ('error' in i.server) return `${died}; the server could not be asked whether it still runs (${i.server.error}), so it may have run`;
  if (i.server.still) return `${died}; it is still running on the server (pid ${i.server.still.pid}, ${i.server.still.state} for ${i.server.still.seconds} s)`;
  return `${died}; it is not running on the server now, and may have completed before the process died`;
}

/** The line a confirmation shows above an interrupted statement (the UI's "what happened before"). */
export function interruptedLine(i: InterruptedStatement): string {
  return `Interrupted: ${interruptedPhrase(i)}.`;
}

/**
 * The question for an interrupted statement: always asked again (never run without asking, even a read
 * allowed without asking before); a destructive one keeps its typed confirmation. What is known of it is
 * `interruptedLine`, which the engine hands over beside the question.
 */
export function askAgain(decision: Decision): Decision {
  return decision.kind === 'allow' ? { kind: 'ask', prompt: 'Run it again?' } : decision;
}

/**
 * Why `resume --yes` must stop before running anything, if it must: an interrupted statement still running
 * on the server is never started again; one that is not is run again only with --rerun-interrupted.
 */
export function headlessRefusal(list: readonly InterruptedStatement[], rerun: boolean): string | undefined {
  const running = list.find((i) => i.server && 'still' in i.server && i.server.still);
  if (running) {
    const pid = (running.server as { still: Backend }).still.pid;
    return `line ${running.line} was interrupted: ${interruptedPhrase(running)}; it is not started again while it runs: wait for it to end, or cancel it (SELECT pg_cancel_backend(${pid})), then resume`;
  }
  if (rerun || list.length === 0) return undefined;
  const first = list[0]!;
  const more = list.length > 1 ? ` (and ${list.length - 1} more)` : '';
  return `line ${first.line}${more} was interrupted: ${interruptedPhrase(first)}; check what it did, then resume with --rerun-interrupted to run it again (or without --yes, to decide in the terminal UI)`;
}
