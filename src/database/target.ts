// A connection target: where SQL runs. Resolved by database/resolve.ts from --db, DATABASE_URL, PG*
// variables (with ~/.pgpass and sslmode), or the embedded PostgreSQL. The password travels only in
// `password` and `connectionString`; everything shown to people or written down uses `describeTarget`.

export type TargetSource = 'flag' | 'DATABASE_URL' | 'PG-env' | 'embedded';

export interface Target {
  source: TargetSource;
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
  /** libpq sslmode as given (disable, allow, prefer, require, verify-ca, verify-full). */
  sslmode?: string;
  /** Full connection string, password included: never print or journal it. */
  connectionString: string;
  /** True when this is the tool's own embedded demo database. */
  embedded: boolean;
  /** The embedded cluster's pg_control_system() identifier: the same database whatever its port. */
  systemIdentifier?: string;
}

/** What may be shown or recorded about a target: never the password. */
export interface TargetDescription {
  source: TargetSource;
  host: string;
  port: number;
  database: string;
  user: string;
  embedded: boolean;
  /** `postgres://user@host:port/db` with no password. */
  url: string;
  /** Embedded only: the cluster's system identifier (see Target). */
  systemIdentifier?: string;
}

export function describeTarget(t: Target): TargetDescription {
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  return {
    source: t.source,
    host: t.host,
    port: t.port,
    database: t.database,
    user: t.user,
    embedded: t.embedded,
    url: `postgres://${encodeURIComponent(t.user)}@${host}:${t.port}/${encodeURIComponent(t.database)}`,
    ...(t.systemIdentifier ? { systemIdentifier: t.systemIdentifier } : {}),
  };
}

/**
 * Whether `now` is the database a session described as `was`: the embedded database by its system
 * identifier (its port may change between starts), any other by host, port, database and user.
 */
export function sameDatabase(was: TargetDescription, now: TargetDescription): boolean {
  if (was.database !== now.database || was.user !== now.user) return false;
  if (was.embedded && now.embedded && was.systemIdentifier && now.systemIdentifier) return was.systemIdentifier === now.systemIdentifier;
  return was.host === now.host && was.port === now.port;
}

/** Where a target came from, in words for people: "embedded demo database", "from DATABASE_URL", ... */
export function targetOrigin(t: Pick<TargetDescription, 'source' | 'embedded'>): string {
  if (t.source === 'embedded' || t.embedded) return 'embedded demo database';
  const from: Record<Exclude<TargetSource, 'embedded'>, string> = { flag: 'from --db', DATABASE_URL: 'from DATABASE_URL', 'PG-env': 'from PG* variables' };
  return from[t.source] ?? `from ${t.source}`;
}
