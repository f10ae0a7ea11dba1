// Both grammars the model uses (PostgreSQL's, bash's) load asynchronously once; after that every
// parse is synchronous, so parse.ts stays pure and synchronous. Whoever models or classifies text
// awaits `ensureParsers()` first (the CLI's loader, the session engine, tests, the bench).
import { ensureShellGrammar, isShellGrammarReady } from './shell-grammar.js';
import { ensureSqlParser, isSqlParserReady } from './sql-parser.js';

export async function ensureParsers(): Promise<void> {
  await Promise.all([ensureSqlParser(), ensureShellGrammar()]);
}

export function areParsersReady(): boolean {
  return isSqlParserReady() && isShellGrammarReady();
}
