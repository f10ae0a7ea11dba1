// Chooses where SQL runs, in the order psql users expect: `--db URL`, then DATABASE_URL, then the PG*
// variables (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD, PGSSLMODE, PGPASSFILE), and otherwise the
// embedded database. As in libpq, fields a connection string leaves out come from PG* variables, then
// defaults; a missing password is looked up in ~/.pgpass.
//
// PG* variables count as a target only when at least one of PGHOST, PGPORT, PGUSER or PGDATABASE is set:
// PGPASSWORD or PGSSLMODE alone name no server, so they must not silently move a session away from the
// embedded demo database.

import { userInfo } from 'node:os';
import { UserError, EXIT } from '../errors.js';
import { passwordFromPgpass } from './pgpass.js';
import type { Target, TargetSource } from './target.js';

export interface ResolveOptions {
  db?: string;
  env?: NodeJS.ProcessEnv;
  /** Starts (or finds) the embedded server; only called when nothing else names a database. */
  embedded: () => Promise<Target>;
  onWarning?: (message: string) => void;
}

export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;

/** Connection fields as written, before defaults. */
interface Fields {
  host?: string;
  port?: string;
  dbname?: string;
  user?: string;
  password?: string;
  sslmode?: string;
}

const PG_TARGET_VARS = ['PGHOST', 'PGPORT', 'PGUSER', 'PGDATABASE'] as const;

/** True when --db, DATABASE_URL or the PG* variables name a database, i.e. the embedded one is not used. */
export function namesDatabase(db: string | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(db || env.DATABASE_URL || PG_TARGET_VARS.some((name) => env[name]));
}

export async function resolveTarget(options: ResolveOptions): Promise<Target> {
  const env = options.env ?? process.env;
  if (options.db) return fromFields(parseConnectionString(options.db, '--db'), 'flag', env, options.onWarning);
  if (env.DATABASE_URL) return fromFields(parseConnectionString(env.DATABASE_URL, 'DATABASE_URL'), 'DATABASE_URL', env, options.onWarning);
  if (PG_TARGET_VARS.some((name) => env[name])) return fromFields({}, 'PG-env', env, options.onWarning);
  return options.embedded();
}

/** Parses a `postgres://` URL or a libpq `key=value` string. */
export function parseConnectionString(text: string, origin: string): Fields {
  const trimmed = text.trim();
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return parseUrl(trimmed, origin);
  if (/^\s*\w+\s*=/.test(trimmed)) return parseKeywords(trimmed, origin);
  throw new UserError(`${origin}: not a PostgreSQL connection string (expected postgres://user@host:port/db or "host=... dbname=...")`, EXIT.usage);
}

function parseUrl(text: string, origin: string): Fields {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(`${origin}: malformed connection URL`, EXIT.usage);
  }
  const fields: Fields = {};
  const host = decodeURIComponent(url.hostname).replace(/^\[(.*)\]$/, '$1');
  if (host) fields.host = host;
  if (url.port) fields.port = url.port;
  if (url.username) fields.user = decodeURIComponent(url.username);
  if (url.password) fields.password = decodeURIComponent(url.password);
  const db = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (db) fields.dbname = db;
  for (const [key, value] of url.searchParams) assign(fields, key, value);
  return fields;
}

function parseKeywords(text: string, origin: string): Fields {
  const fields: Fields = {};
  const pattern = /\s*(\w+)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|(\S+))/gy;
  let match: RegExpExecArray | null;
  let end = 0;
  while ((match = pattern.exec(text))) {
    const value = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]!;
    assign(fields, match[1]!, value);
    end = pattern.lastIndex;
  }
  if (text.slice(end).trim()) throw new UserError(`${origin}: cannot parse connection string near "${text.slice(end).trim().slice(0, 20)}"`, EXIT.usage);
  return fields;
}

function assign(fields: Fields, key: string, value: string): void {
  if (key === 'host' || key === 'hostaddr') fields.host = value;
  else if (key === 'port') fields.port = value;
  else if (key === 'dbname' || key === 'database') fields.dbname = value;
  else if (key === 'user') fields.user = value;
  else if (key === 'password') fields.password = value;
  else if (key === 'sslmode') fields.sslmode = value;
}

function fromFields(fields: Fields, source: TargetSource, env: NodeJS.ProcessEnv, onWarning?: (m: string) => void): Target {
  const host = fields.host || env.PGHOST || 'localhost';
  const portText = fields.port || env.PGPORT || '5432';
  const port = Number(portText);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new UserError(`${source}: invalid port "${portText}"`, EXIT.usage);
  const user = fields.user || env.PGUSER || safeUsername();
  const database = fields.dbname || env.PGDATABASE || user;
  const sslmode = fields.sslmode || env.PGSSLMODE || undefined;
  if (sslmode && !(SSL_MODES as readonly string[]).includes(sslmode)) {
    throw new UserError(`${source}: invalid sslmode "${sslmode}" (expected ${SSL_MODES.join(', ')})`, EXIT.usage);
  }
  const password = fields.password ?? env.PGPASSWORD ?? passwordFromPgpass({ host, port, database, user }, env, onWarning);
  const target: Target = { source, host, port, database, user, connectionString: '', embedded: false };
  if (password !== undefined) target.password = password;
  if (sslmode) target.sslmode = sslmode;
  target.connectionString = connectionUrl(target);
  return target;
}

function safeUsername(): string {
  try {
    return userInfo().username;
  } catch {
    return 'postgres';
  }
}

/** A `postgresql://` URL psql accepts, password included (never print it). Socket hosts go in `?host=`. */
export function connectionUrl(t: Pick<Target, 'host' | 'port' | 'database' | 'user' | 'password' | 'sslmode'>): string {
  const auth = encodeURIComponent(t.user) + (t.password !== undefined ? `:${encodeURIComponent(t.password)}` : '');
  const params = new URLSearchParams();
  let host = t.host.includes(':') ? `[${t.host}]` : t.host;
  if (t.host.startsWith('/')) {
    params.set('host', t.host);
    host = '';
  }
  if (t.sslmode) params.set('sslmode', t.sslmode);
  const query = params.size ? `?${params}` : '';
  return `postgresql://${auth}@${host}:${t.port}/${encodeURIComponent(t.database)}${query}`;
}
