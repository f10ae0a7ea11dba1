// Binds placeholder values into a statement without ever pasting a value in as code:
// - sql-literal: a quoted literal (pg's escapeLiteral rules); inside a longer '...' string, the escaped
//   content is spliced in (quotes doubled; backslashes too when the string is E'...');
// - sql-identifier: a quoted identifier (each part of a dotted `schema.table` quoted on its own);
// - shell: an environment variable RB_<NAME>, referenced as "$RB_NAME" (quoted for the spot it is in);
//   in a psql meta-command (`\i [file]`) the value is a psql-quoted file name;
// - sql-fragment: raw text, the one place raw text enters SQL (the session asks a separate confirmation).
// NUL bytes are refused: PostgreSQL text and environment variables cannot hold them.

import { UserError, EXIT } from '../errors.js';
import type { PlaceholderUse, Statement } from '../runbook/model.js';
import { endOfBlockComment, endOfLine, endOfQuoted, isEscapeString, dollarTagAt } from '../runbook/sql-lex.js';
import { MASK } from './redact.js';

export interface Bound {
  /** The text to run. */
  text: string;
  /** The text to show and journal: secret values masked as ****. */
  display: string;
  /** RB_<NAME> variables for shell statements. */
  env: Record<string, string>;
  /** Placeholders without a value (their tokens are left in place). */
  missing: string[];
  /** Names of sql-fragment placeholders bound (raw SQL: needs its own confirmation). */
  fragments: string[];
}

/** How the engine binds a statement (deps.ts wraps bindStatement; `secret` says which names to mask). */
export type BindFn = (statement: Statement, values: Record<string, string>, secret: (name: string) => boolean) => Bound;


export function escapeLiteral(value: string): string {
  const body = value.replace(/'/g, "''");
  return value.includes('\\') ? ` E'${body.replace(/\\/g, '\\\\')}'` : `'${body}'`;
}

export function escapeIdentifier(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** `schema.table` names two identifiers; anything with quotes or empty parts is one identifier. */
function quoteIdentifier(value: string): string {
  return /^[^."]+(\.[^."]+)+$/.test(value) ? value.split('.').map(escapeIdentifier).join('.') : escapeIdentifier(value);
}

export function envName(name: string): string {
  return `RB_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

function psqlQuote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The quote a shell text is in at `offset`: '' (none), "'" or '"'. */
function shellQuoteAt(text: string, offset: number): string {
  let quote = '';
  for (let i = 0; i < offset; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = '';
    } else if (c === '\\') {
      i++;
    } else if (quote === '"') {
      if (c === '"') quote = '';
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      i = endOfLine(text, i) - 1;
    }
  }
  return quote;
}

/** Whether the SQL string literal around `offset` is an E'...' string (backslash escapes). */
function inEscapeString(text: string, offset: number): boolean {
  let i = 0;
  while (i < offset) {
    const c = text[i]!;
    if (c === "'") {
      const escapes = isEscapeString(text, i);
      const end = endOfQuoted(text, i, "'", escapes);
      if (end > offset) return escapes;
      i = end;
    } else if (c === '"') i = endOfQuoted(text, i, '"', false);
    else if (c === '-' && text[i + 1] === '-') i = endOfLine(text, i);
    else if (c === '/' && text[i + 1] === '*') i = endOfBlockComment(text, i);
    else if (c === '$' && dollarTagAt(text, i)) i += dollarTagAt(text, i)!.length;
    else i++;
  }
  return false;
}

interface Replacement {
  use: PlaceholderUse;
  run: string;
  show: string;
}

function replacementFor(statement: Statement, use: PlaceholderUse, value: string, secret: boolean): Replacement {
  const masked = secret ? MASK : value;
  switch (use.context) {
    case 'sql-literal':
      if (use.inString) {
        const escape = (v: string) => (inEscapeString(statement.text, use.offset) ? v.replace(/\\/g, '\\\\') : v).replace(/'/g, "''");
        return { use, run: escape(value), show: escape(masked) };
      }
      if (isEscapeString(statement.text, use.offset)) {
        // E'[x]': the E is already written; the literal must use E-string escaping.
        const e = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
        return { use, run: e(value), show: e(masked) };
      }
      return { use, run: escapeLiteral(value), show: secret ? `'${MASK}'` : escapeLiteral(value) };
    case 'sql-identifier':
      return { use, run: quoteIdentifier(value), show: secret ? `"${MASK}"` : quoteIdentifier(value) };
    case 'sql-fragment':
      return { use, run: value, show: masked };
    case 'shell': {
      if (statement.kind === 'psql-meta') return { use, run: psqlQuote(value), show: psqlQuote(masked) };
      const name = envName(use.name);
      const quote = shellQuoteAt(statement.text, use.offset);
      const run = quote === '"' ? `\${${name}}` : quote === "'" ? `'"\${${name}}"'` : `"\${${name}}"`;
      const show = quote === '' ? shellQuote(masked) : masked;
      return { use, run, show };
    }
  }
}

export function bindStatement(statement: Statement, values: Record<string, string>, options: { secret?: Set<string> } = {}): Bound {
  const missing: string[] = [];
  const fragments: string[] = [];
  const env: Record<string, string> = {};
  const replacements: Replacement[] = [];
  for (const use of statement.placeholders) {
    const value = values[use.name];
    if (value === undefined) {
      if (!missing.includes(use.name)) missing.push(use.name);
      continue;
    }
    if (value.includes('\0')) {
      throw new UserError(`parameter [${use.name}] contains a NUL byte, which PostgreSQL text and environment variables cannot hold (line ${statement.line})`, EXIT.usage);
    }
    const replacement = replacementFor(statement, use, value, options.secret?.has(use.name) ?? false);
    replacements.push(replacement);
    if (use.context === 'shell' && statement.kind !== 'psql-meta') env[envName(use.name)] = value;
    if (use.context === 'sql-fragment' && !fragments.includes(use.name)) fragments.push(use.name);
  }
  let text = statement.text;
  let display = statement.text;
  // From the end, so earlier offsets stay valid.
  for (const r of [...replacements].sort((a, b) => b.use.offset - a.use.offset)) {
    const end = r.use.offset + r.use.token.length;
    if (statement.text.slice(r.use.offset, end) !== r.use.token) {
      throw new Error(`placeholder ${r.use.token} not found at offset ${r.use.offset} of statement ${statement.id}`);
    }
    text = text.slice(0, r.use.offset) + r.run + text.slice(end);
    display = display.slice(0, r.use.offset) + r.show + display.slice(end);
  }
  return { text, display, env, missing, fragments };
}
