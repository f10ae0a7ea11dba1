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
  };
}

/** Where a target came from, in words for people: "embedded demo database", "from DATABASE_URL", ... */
export function targetOrigin(t: Pick<TargetDescription, 'source' | 'embedded'>): string {
  if (t.source === 'embedded' || t.embedded) return 'embedded demo database';
  const from: Record<Exclude<TargetSource, 'embedded'>, string> = { flag: 'from --db', DATABASE_URL: 'from DATABASE_URL', 'PG-env': 'from PG* variables' };
  return from[t.source] ?? `from ${t.source}`;
}
