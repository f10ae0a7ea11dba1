// ~/.pgpass lookup, as libpq does it: `hostname:port:database:username:password` lines, first match wins,
// `*` matches anything, `\:` and `\\` are escapes, and the file is ignored (with a warning) unless only its
// owner can read it. PGPASSFILE names another file.

import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface PgpassQuery {
  host: string;
  port: number;
  database: string;
  user: string;
}

/** Splits one line on unescaped colons, undoing `\:` and `\\`. */
export function parsePgpassLine(line: string): string[] | undefined {
  if (line.trim() === '' || line.startsWith('#')) return undefined;
  const fields: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\' && i + 1 < line.length) {
      current += line[++i];
    } else if (ch === ':' && fields.length < 4) {
      fields.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  fields.push(current);
  return fields.length === 5 ? fields : undefined;
}

function matches(pattern: string, value: string): boolean {
  return pattern === '*' || pattern === value;
}

/** libpq treats a socket directory (or empty host) as `localhost` when matching. */
function hostForMatch(host: string): string {
  return host === '' || host.startsWith('/') ? 'localhost' : host;
}

export function lookupPgpass(text: string, query: PgpassQuery): string | undefined {
  const host = hostForMatch(query.host);
  for (const raw of text.split(/\r?\n/)) {
    const fields = parsePgpassLine(raw);
    if (!fields) continue;
    const [h, p, d, u, password] = fields as [string, string, string, string, string];
    if (matches(h, host) && matches(p, String(query.port)) && matches(d, query.database) && matches(u, query.user)) {
      return password;
    }
  }
  return undefined;
}

export function pgpassPath(env: NodeJS.ProcessEnv): string {
  return env.PGPASSFILE || join(env.HOME || homedir(), '.pgpass');
}

/**
 * Reads the password file for a connection. A missing file is silence; a file readable by group or
 * others is ignored with a warning, as libpq does, so a leaked permission never silently hands out passwords.
 */
export function passwordFromPgpass(
  query: PgpassQuery,
  env: NodeJS.ProcessEnv,
  onWarning?: (message: string) => void,
): string | undefined {
  const file = pgpassPath(env);
  let mode: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return undefined;
    mode = stat.mode;
  } catch {
    return undefined;
  }
  if ((mode & 0o077) !== 0) {
    onWarning?.(`password file ${file} has group or world access; permissions should be u=rw (0600) or less (ignored)`);
    return undefined;
  }
  try {
    return lookupPgpass(readFileSync(file, 'utf8'), query);
  } catch {
    return undefined;
  }
}
