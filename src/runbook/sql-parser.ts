// The real PostgreSQL grammar, for risk classification and `runbook check`.
//
// Why libpg-query (the WASM build of libpg_query, PostgreSQL 18's own parser extracted as a library):
// - it is PostgreSQL's actual grammar, so what it accepts is what the server accepts (a hand-written or
//   JS grammar such as node-sql-parser drifts on dollar quotes, EXPLAIN options, GRANT forms, ...);
// - it is WebAssembly, so `npm ci` needs no compiler or node-gyp and works the same on every machine;
// - loading is one async step (~20-60 ms measured here), after which `parseSync` is synchronous, which
//   lets the pure model stay synchronous: callers `await ensureSqlParser()` once before modelling.
// Results are cached per text because the same statements are re-classified often (show, check, run).
import { loadModule, parseSync } from 'libpg-query';

let ready = false;
let loading: Promise<void> | undefined;

/** Loads the WASM parser once; later calls return at once. */
export async function ensureSqlParser(): Promise<void> {
  if (ready) return;
  loading ??= loadModule().then(() => {
    ready = true;
  });
  await loading;
}

export function isSqlParserReady(): boolean {
  return ready;
}

export type SqlParseResult =
  | { ok: true; stmts: unknown[] }
  | { ok: false; message: string; /** 0-based offset in the parsed text */ offset: number };

const CACHE_LIMIT = 10_000;
const cache = new Map<string, SqlParseResult>();

/**
 * Parses SQL text (one or more statements). Never throws for bad SQL; throws only when called before
 * `ensureSqlParser()` resolved, which is a programming error, not bad input.
 */
export function parseSql(text: string): SqlParseResult {
  const cached = cache.get(text);
  if (cached) return cached;
  if (!ready) throw new Error('SQL parser not loaded: await ensureSqlParser() before modelling');
  let result: SqlParseResult;
  try {
    const parsed = parseSync(text) as { stmts?: unknown[] };
    result = { ok: true, stmts: parsed.stmts ?? [] };
  } catch (error) {
    result = toFailure(error, text);
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, result);
  return result;
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
