// Binds placeholder values into a statement without ever pasting a value in as code. Where each value
// goes was recorded once by the placeholder finder (PlaceholderUse.spot, src/runbook/placeholders.ts);
// binding reads that record and never lexes the text again:
// - SQL statements: bind-sql.ts renders each value for its spot (literal, identifier, fragment, text
//   inside a string, quoted identifier or dollar-quoted body) and re-renders the containers around it;
// - shell statements: bind-shell.ts passes values as RB_<NAME> environment variables, and SQL handed to
//   psql as RB_SQL_<n> variables holding already-quoted SQL;
// - psql meta-commands (`\i [file]`): a psql-quoted argument.
// NUL bytes are refused: PostgreSQL text and environment variables cannot hold them.

import { UserError, EXIT } from '../errors.js';
import { ValueRefused } from './bind-refused.js';
import type { PlaceholderUse, Statement } from '../runbook/model.js';
import { sqlEdits, type Edit } from './bind-sql.js';
import { bindShell } from './bind-shell.js';
import { MASK } from './redact.js';

export { escapeIdentifier, literal } from './bind-sql.js';
export { envName } from './bind-shell.js';

export interface Bound {
  /** The text to run. */
  text: string;
  /** The text to show and journal: secret values masked as ****. */
  display: string;
  /** RB_<NAME> / RB_SQL_<n> variables for shell statements. */
  env: Record<string, string>;
  /** Placeholders without a value (their tokens are left in place). */
  missing: string[];
  /** Names of placeholders whose value becomes SQL code (raw fragments, dynamic SQL): needs its own confirmation. */
  fragments: string[];
}

/** How the engine binds a statement (deps.ts wraps bindStatement; `secret` says which names to mask). */
export type BindFn = (statement: Statement, values: Record<string, string>, secret: (name: string) => boolean) => Bound;

/** A value and the escaped forms binding writes it in (quotes and backslashes doubled), to mask them all. */
export function boundForms(value: string): string[] {
  const sql = value.replace(/'/g, "''");
  return [...new Set([value, sql, sql.replace(/\\/g, '\\\\'), value.replace(/"/g, '""'), psqlQuote(value).slice(1, -1)])];
}

/** ' -> '' and backslashes doubled, as psql reads a quoted meta-command argument (newlines as \n). */
export function psqlQuote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

export function bindStatement(statement: Statement, values: Record<string, string>, options: { secret?: Set<string> } = {}): Bound {
  const missing: string[] = [];
  const fragments: string[] = [];
  const ready: { use: PlaceholderUse; value: string; secret: boolean }[] = [];
  for (const use of statement.placeholders) {
    const value = values[use.name];
    if (value === undefined) {
      if (!missing.includes(use.name)) missing.push(use.name);
      continue;
    }
    if (value.includes('\0')) {
      throw new ValueRefused(use.name, `parameter [${use.name}] contains a NUL byte, which PostgreSQL text and environment variables cannot hold (line ${statement.line})`);
    }
    if (use.context === 'sql-fragment' && !fragments.includes(use.name)) fragments.push(use.name);
    ready.push({ use, value, secret: options.secret?.has(use.name) ?? false });
  }
  let edits: Edit[];
  let env: Record<string, string> = {};
  if (statement.kind === 'shell') {
    const shell = bindShell(statement, ready);
    edits = shell.edits;
    env = shell.env;
  } else if (statement.kind === 'psql-meta') {
    edits = ready.map(({ use, value, secret }) => ({
      start: use.spot.start,
      end: use.spot.end,
      run: use.spot.as === 'text' ? psqlQuote(value).slice(1, -1) : psqlQuote(value),
      show: use.spot.as === 'text' ? (secret ? MASK : value) : psqlQuote(secret ? MASK : value),
    }));
  } else {
    edits = sqlEdits(
      statement.text,
      ready.map(({ use, value, secret }) => ({ layers: use.spot.layers, spot: use.spot, name: use.name, value, secret })),
    );
  }
  return { ...apply(statement, edits), env, missing, fragments };
}

/**
 * Values binding would refuse (a NUL byte, an option-looking value where it would be an option, text
 * unsafe where another shell or a blind psql reads it), found before anything runs: one message each.
 */
export function refusedValues(statements: Iterable<Statement>, values: Record<string, string>): { line: number; message: string }[] {
  const out: { line: number; message: string }[] = [];
  for (const statement of statements) {
    if (statement.kind === 'note') continue;
    try {
      bindStatement(statement, values);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      out.push({ line: statement.line, message: error.message.replace(/ \(line \d+\)/, '') });
    }
  }
  return out;
}

/** Applies non-overlapping edits from the end, so earlier offsets stay valid. */
function apply(statement: Statement, edits: Edit[]): { text: string; display: string } {
  let text = statement.text;
  let display = statement.text;
  let limit = Infinity;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) {
    if (e.end > limit || e.start > e.end || e.end > statement.text.length) {
      throw new Error(`overlapping or out-of-range binding edits in statement ${statement.id}`);
    }
    text = text.slice(0, e.start) + e.run + text.slice(e.end);
    display = display.slice(0, e.start) + e.show + display.slice(e.end);
    limit = e.start;
  }
  return { text, display };
}
