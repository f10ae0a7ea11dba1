// The real PostgreSQL grammar, for risk classification and `runbook check`.
//
// Why libpg-query (the WASM build of libpg_query, PostgreSQL 18's own parser extracted as a library):
// - it is PostgreSQL's actual grammar, so what it accepts is what the server accepts (a hand-written or
//   JS grammar such as node-sql-parser drifts on dollar quotes, EXPLAIN options, GRANT forms, ...);
// - it is WebAssembly, so `npm ci` needs no compiler or node-gyp and works the same on every machine;
// - loading is one async step (~20-60 ms measured here), after which `parseSync` is synchronous, which
//   lets the pure model stay synchronous: callers `await ensureSqlParser()` once before modelling.
// Parse results are not cached: the one caller, risk classification, caches its own results per
// statement text (risk.ts), and a parse tree kept per text would only hold memory.
//
// The module is imported on first use, not at start-up: importing libpg-query starts compiling its
// 1.7 MB of WebAssembly, which only commands that model a runbook need. Before that import, V8's WASM
// tier-up is switched off for the process: by default V8 recompiles the parser's hot functions with
// TurboFan on background threads, which costs more CPU than a CLI run's whole SQL parsing (measured:
// 4,000 statements parse in half the time without it on this 2-core machine) and a process cannot exit
// until those compile jobs finish (~100 ms after `runbook list` is done). Liftoff code is plenty fast
// for statements a few lines long. The flags are process-wide: the bash grammar (shell-grammar.ts),
// the only other WebAssembly in this program, is loaded after them (parsers.ts) and runs on Liftoff too.
import { setFlagsFromString } from 'node:v8';
import { ensureShellGrammar } from './shell-grammar.js';

type PgQuery = typeof import('libpg-query');

let parseSync: PgQuery['parseSync'] | undefined;
let parsePlPgSQLSync: PgQuery['parsePlPgSQLSync'] | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads the WASM parser once; later calls return at once. It also loads the bash grammar
 * (shell-grammar.ts), because every caller that prepares for modelling needs both and code written
 * before the bash grammar awaits only this; new code awaits `ensureParsers()` (parsers.ts).
 */
export async function ensureSqlParser(): Promise<void> {
  if (parseSync) {
    await ensureShellGrammar();
    return;
  }
  loading ??= (async () => {
    setFlagsFromString('--no-wasm-tier-up');
    setFlagsFromString('--no-wasm-dynamic-tiering');
    const pg = await import('libpg-query');
    await pg.loadModule();
    parsePlPgSQLSync = pg.parsePlPgSQLSync;
    parseSync = pg.parseSync;
  })();
  await Promise.all([loading, ensureShellGrammar()]);
}

export function isSqlParserReady(): boolean {
  return parseSync !== undefined;
}

export type SqlParseResult =
  | { ok: true; stmts: unknown[] }
  | { ok: false; message: string; /** 0-based offset in the parsed text */ offset: number };

export type PlpgsqlParseResult = { ok: true; functions: unknown[] } | { ok: false; message: string };

/**
 * Parses the PL/pgSQL bodies of a `DO` or `CREATE FUNCTION ... LANGUAGE plpgsql` statement (its whole
 * text) into PL/pgSQL statement trees (PLpgSQL_stmt_execsql, PLpgSQL_stmt_dynexecute, ...).
 */
export function parsePlpgsql(text: string): PlpgsqlParseResult {
  if (!parsePlPgSQLSync) throw new Error('SQL parser not loaded: await ensureParsers() before modelling');
  try {
    const parsed = parsePlPgSQLSync(text) as { plpgsql_funcs?: unknown[] };
    return { ok: true, functions: parsed.plpgsql_funcs ?? [] };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Parses SQL text (one or more statements). Never throws for bad SQL; throws only when called before
 * `ensureSqlParser()` resolved, which is a programming error, not bad input.
 */
export function parseSql(text: string): SqlParseResult {
  if (!parseSync) throw new Error('SQL parser not loaded: await ensureSqlParser() before modelling');
  try {
    const parsed = parseSync(text) as { stmts?: unknown[] };
    return { ok: true, stmts: parsed.stmts ?? [] };
  } catch (error) {
    return toFailure(error, text);
  }
}

function toFailure(error: unknown, text: string): SqlParseResult {
  const details = (error as { sqlDetails?: { message?: string; cursorPosition?: number } }).sqlDetails;
  const message = details?.message ?? (error instanceof Error ? error.message : String(error));
  // libpg-query reports a 0-based position in code points; some errors (empty input) have none.
  const position = details?.cursorPosition;
  const offset = typeof position === 'number' && position >= 0 ? codePointsToIndex(text, position) : 0;
  return { ok: false, message, offset };
}

/** JavaScript strings index UTF-16 units: an emoji outside the BMP is one code point but two units. */
function codePointsToIndex(text: string, codePoints: number): number {
  let index = 0;
  for (let seen = 0; seen < codePoints && index < text.length; seen++) {
    const unit = text.charCodeAt(index);
    index += unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length ? 2 : 1;
  }
  return index;
}
