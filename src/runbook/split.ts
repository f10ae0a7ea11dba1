// A fenced block's code -> raw statements, by language: ```sql-like blocks are split the way psql
// splits its input (sql-split.ts), shell blocks are one script (shell-split.ts); any other language is
// one `note`, kept for the reader and never run. blocks.ts turns raw statements into model Statements.
import type { StatementKind } from './model.js';
import { splitSql } from './sql-split.js';
import { splitShell } from './shell-split.js';
import type { RawStatement } from './raw-statement.js';

export type { RawStatement } from './raw-statement.js';

export const SQL_LANGS = new Set(['sql', 'psql', 'postgres', 'postgresql', 'pgsql', 'plpgsql']);
export const SHELL_LANGS = new Set(['bash', 'sh', 'shell', 'zsh', 'console']);

export function splitByLang(lang: string, code: string): RawStatement[] {
  if (SQL_LANGS.has(lang)) return splitSql(code);
  if (SHELL_LANGS.has(lang)) return splitShell(code);
  if (code.trim() === '') return [];
  const kind: StatementKind = 'note';
  const lines = code.split('\n');
  return [{ text: code.replace(/\s+$/, ''), offset: 0, line: 1, column: 1, endLine: lines.length, kind }];
}
