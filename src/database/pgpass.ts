// ~/.pgpass, read as libpq reads it, and the one reader of that file in the project: `hostname:port:
// database:username:password` lines, first match wins, `*` matches anything, a backslash escapes the next
// character (`\:`, `\\`), the password is the rest of the line, and for a lookup the file is ignored (with
// a warning) unless only its owner can read it. PGPASSFILE names another file. Redaction takes every
// password in it (pgpassPasswords), whatever the file's mode: masking more is the safe side.

import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface PgpassQuery {
  host: string;
  port: number;
  database: string;
  user: string;
}

interface Field {
  value: string;
  /** The whole field was an unescaped `*` (an escaped `\\*` is the character itself). */
  any: boolean;
}

/** Splits one line on unescaped colons (the fifth field, the password, runs to the end of the line). */
function splitLine(line: string): Field[] | undefined {
  if (line.trim() === '' || line.startsWith('#')) return undefined;
  const fields: Field[] = [];
  let current = '';
  let escaped = false;
  const push = () => fields.push({ value: current, any: current === '*' && !escaped });
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\' && i + 1 < line.length) {
      current += line[++i];
      escaped = true;
    } else if (ch === ':' && fields.length < 4) {
      push();
      current = '';
      escaped = false;
    } else {
      current += ch;
    }
  }
  push();
  return fields.length === 5 ? fields : undefined;
}

/** One line's five fields, escapes undone. */
export function parsePgpassLine(line: string): string[] | undefined {
  return splitLine(line)?.map((f) => f.value);
}

function matches(field: Field, value: string): boolean {
  return field.any || field.value === value;
}

/** libpq treats a socket directory (or empty host) as `localhost` when matching. */
function hostForMatch(host: string): string {
  return host === '' || host.startsWith('/') ? 'localhost' : host;
}

export function lookupPgpass(text: string, query: PgpassQuery): string | undefined {
  const host = hostForMatch(query.host);
  for (const raw of text.split(/\r?\n/)) {
    const fields = splitLine(raw);
    if (!fields) continue;
    const [h, p, d, u, password] = fields as [Field, Field, Field, Field, Field];
    if (matches(h, host) && matches(p, String(query.port)) && matches(d, query.database) && matches(u, query.user)) {
      return password.value;
    }
  }
  return undefined;
}

export function pgpassPath(env: NodeJS.ProcessEnv): string {
  return env.PGPASSFILE || join(env.HOME || homedir(), '.pgpass');
}

/** Every password in the password file (none when it is missing or unreadable), for masking. */
export function pgpassPasswords(env: NodeJS.ProcessEnv = process.env): string[] {
  let text: string;
  try {
    text = readFileSync(pgpassPath(env), 'utf8');
  } catch {
    return [];
  }
  return text.split(/\r?\n/).flatMap((line) => {
    const password = parsePgpassLine(line)?.[4];
    return password ? [password] : [];
  });
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
