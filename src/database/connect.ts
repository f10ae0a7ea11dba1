// Opens pg connections to a Target: maps libpq's sslmode onto pg's `ssl` option, returns every value as
// PostgreSQL's text (the executors show values exactly as psql would), and turns connection failures
// into one line naming host:port, so an unreachable server never ends in a stack trace.

import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { ConnectionOptions } from 'node:tls';
import { UserError, EXIT } from '../errors.js';
import type { Target } from './target.js';

/** pg's type parser hook: every value stays the server's text; NULL stays null (pg never calls parsers for it). */
export const rawTextTypes = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

/** libpq sslmode -> pg's ssl option. `prefer` (libpq's default) is tried with SSL, then without. */
export function sslOption(sslmode: string | undefined, env: NodeJS.ProcessEnv = process.env): false | ConnectionOptions {
  const ca = env.PGSSLROOTCERT ? safeRead(env.PGSSLROOTCERT) : undefined;
  switch (sslmode) {
    case 'disable':
    case 'allow':
      return false;
    case 'verify-full':
      return { rejectUnauthorized: true, ...(ca ? { ca } : {}) };
    case 'verify-ca':
      // Chain checked, host name not: what libpq's verify-ca means.
      return { rejectUnauthorized: true, checkServerIdentity: () => undefined, ...(ca ? { ca } : {}) };
    default:
      // require / prefer: encrypted, not verified (libpq verifies only when given a root certificate).
      return { rejectUnauthorized: Boolean(ca), ...(ca ? { ca, checkServerIdentity: () => undefined } : {}) };
  }
}

function safeRead(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Remembered per server once `prefer` found out that the server speaks no SSL. */
const plainServers = new Set<string>();

/**
 * `applicationName` is what pg_stat_activity shows for the connection: `runbook`, or a session's
 * `runbook/<session-id>` so that resume can ask the server whether its interrupted statement still runs.
 */
export function pgConfig(target: Target, ssl: false | ConnectionOptions = sslOption(target.sslmode), applicationName = 'runbook'): pg.ClientConfig {
  const timeout = Number(process.env.PGCONNECT_TIMEOUT);
  return {
    host: target.host,
    port: target.port,
    user: target.user,
    database: target.database,
    password: target.password ?? '',
    ssl,
    types: rawTextTypes,
    application_name: applicationName,
    connectionTimeoutMillis: (Number.isFinite(timeout) && timeout > 0 ? timeout : 10) * 1000,
  };
}

/** Connects a new client, falling back to plain TCP for `prefer`/unset sslmode when the server has no SSL. */
export async function connectClient(target: Target, applicationName?: string): Promise<pg.Client> {
  const key = `${target.host}:${target.port}`;
  const preferring = target.sslmode === undefined || target.sslmode === 'prefer';
  const first = preferring && (plainServers.has(key) || target.embedded || target.host.startsWith('/')) ? false : sslOption(target.sslmode);
  try {
    return await tryConnect(pgConfig(target, first, applicationName));
  } catch (error) {
    if (preferring && first !== false && /does not support SSL/i.test(String((error as Error).message))) {
      plainServers.add(key);
      try {
        return await tryConnect(pgConfig(target, false, applicationName));
      } catch (second) {
        throw connectionError(target, second);
      }
    }
    throw connectionError(target, error);
  }
}

async function tryConnect(config: pg.ClientConfig): Promise<pg.Client> {
  const client = new pg.Client(config);
  // A connection error after connect() settled would otherwise crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    client.end().catch(() => {});
    throw error;
  }
  return client;
}

/** One line naming host:port and the cause; never the password. */
export function connectionError(target: Target, error: unknown): UserError {
  const where = target.host.startsWith('/') ? `${target.host} port ${target.port}` : `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  const err = error as { code?: string; message?: string };
  const netCode = err.code && /^E[A-Z]+$/.test(err.code) ? err.code : undefined;
  if (netCode) return new UserError(`cannot connect to ${where} (${netCode})`, EXIT.database);
  const message = String(err.message ?? error).split('\n')[0];
  if (/timeout/i.test(message)) return new UserError(`cannot connect to ${where} (timed out)`, EXIT.database);
  return new UserError(`cannot connect to ${where} as ${target.user}, database ${target.database}: ${message}`, EXIT.database);
}

/** Connects once and disconnects: proves the target is reachable before anything runs. */
export async function checkTarget(target: Target): Promise<void> {
  const client = await connectClient(target);
  await client.end().catch(() => {});
}
