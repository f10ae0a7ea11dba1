// A short look at the server at the start, on resume and at the end of a session, for the report: client
// connections by state, the longest-running statement of another session, sessions waiting on locks,
// the database's size. Taken through the session's own SQL executor, read-only, under a short
// statement_timeout, and bounded as a whole (a server that does not answer, or a host that swallows
// packets, must not hold up opening an outage session): any failure becomes the snapshot's `error`,
// never an exception.

import type { ExecRequest, Executor } from '../executors/types.js';
import type { ServerSnapshot } from './types.js';
import { callExecutor } from './executor-call.js';

/** The server-side statement_timeout of the snapshot query. */
export const SNAPSHOT_TIMEOUT_MS = 3000;
/** The longest a snapshot may hold the session up, connecting included. */
export const SNAPSHOT_WAIT_MS = 5000;
const QUERY_CHARS = 300;

/** One row, one JSON column: the executor returns values as text, JSON keeps the types. */
export const SNAPSHOT_SQL = `SELECT json_build_object(
  'connections', (SELECT coalesce(json_object_agg(state, n), '{}'::json) FROM (
      SELECT coalesce(state, 'unknown') AS state, count(*) AS n FROM pg_stat_activity
      WHERE backend_type = 'client backend' GROUP BY 1) c),
  'maxConnections', current_setting('max_connections')::int,
  'longest', (SELECT json_build_object('pid', pid, 'user', usename, 'state', state,
      'seconds', round(extract(epoch FROM clock_timestamp() - query_start)::numeric, 1), 'query', left(query, ${QUERY_CHARS}))
    FROM pg_stat_activity
    WHERE backend_type = 'client backend' AND state IS DISTINCT FROM 'idle' AND pid <> pg_backend_pid() AND query_start IS NOT NULL
    ORDER BY query_start LIMIT 1),
  'waitingOnLocks', (SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'),
  'databaseBytes', pg_database_size(current_database()),
  'serverVersion', current_setting('server_version')
) AS snapshot`;

export type Taken = { snapshot: ServerSnapshot } | { error: string };

export async function takeSnapshot(sql: Executor | undefined, sessionDir: string, waitMs = SNAPSHOT_WAIT_MS): Promise<Taken> {
  const asked = await askServer(sql, sessionDir, SNAPSHOT_SQL, 'server-snapshot', waitMs);
  return 'error' in asked ? asked : readSnapshot(asked.value);
}

/**
 * One read-only question to the server through the session's SQL executor, under SNAPSHOT_TIMEOUT_MS on
 * the server and `waitMs` in all: the first column of the first row, or why there is none (never throws).
 */
export async function askServer(sql: Executor | undefined, sessionDir: string, text: string, name: string, waitMs = SNAPSHOT_WAIT_MS): Promise<{ value: string | null | undefined } | { error: string }> {
  if (!sql) return { error: 'no SQL executor' };
  const request: ExecRequest = {
    kind: 'sql',
    text,
    cwd: sessionDir,
    timeoutMs: SNAPSHOT_TIMEOUT_MS,
    outputDir: `${sessionDir}/outputs`,
    outputName: name,
    readOnly: true,
    origin: { file: name.replace(/-/g, ' '), line: 1, column: 1 },
  };
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<{ error: string }>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ error: `no answer within ${waitMs / 1000} s` });
    }, waitMs);
  });
  const asked = callExecutor(sql, request, controller.signal, () => undefined).then((result) =>
    result.status === 'succeeded' ? { value: result.rows?.[0]?.[0] } : { error: result.error?.message ?? result.status },
  );
  try {
    return await Promise.race([asked, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The query's JSON, checked field by field (a field of the wrong type is left out, not trusted). */
export function readSnapshot(raw: string | null | undefined): Taken {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(raw ?? '') as Record<string, unknown>;
  } catch {
    return { error: 'the snapshot query returned no JSON' };
  }
  const connections: Record<string, number> = {};
  const c = json.connections;
  if (c && typeof c === 'object') for (const [state, n] of Object.entries(c)) if (typeof n === 'number') connections[state] = n;
  const snapshot: ServerSnapshot = { connections, waitingOnLocks: num(json.waitingOnLocks) ?? 0 };
  const max = num(json.maxConnections);
  if (max !== undefined) snapshot.maxConnections = max;
  const bytes = num(json.databaseBytes);
  if (bytes !== undefined) snapshot.databaseBytes = bytes;
  if (typeof json.serverVersion === 'string') snapshot.serverVersion = json.serverVersion;
  const l = json.longest as Record<string, unknown> | null | undefined;
  const pid = num(l?.pid);
  if (l && pid !== undefined) {
    snapshot.longest = { pid, state: String(l.state ?? ''), seconds: num(l.seconds) ?? 0, query: String(l.query ?? '') };
    if (typeof l.user === 'string') snapshot.longest.user = l.user;
  }
  return { snapshot };
}

function num(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}
