// The real bash grammar (tree-sitter-bash), loaded once like the SQL parser (sql-parser.ts), so the
// pure model stays synchronous: callers `await ensureParsers()` (parsers.ts) once before modelling.
//
// Why tree-sitter-bash through web-tree-sitter:
// - it is a full grammar of bash (pipelines, lists, heredocs, substitutions, compound commands) with
//   error recovery: a broken line becomes an ERROR or MISSING node and the rest is still read, which is
//   what risk needs (fail safe on what could not be read, exact on the rest) and what `check` reports;
// - both ship WebAssembly: web-tree-sitter's runtime (tree-sitter.wasm) and the grammar that
//   tree-sitter-bash's npm package carries (tree-sitter-bash.wasm). The package's native addon is never
//   built: package.json's allowScripts denies its install script, so `npm ci` needs no compiler;
// - loading is one async step (tens of ms, see `npm run bench`: shell_grammar_load), a command line
//   then parses in a fraction of a millisecond (shell_grammar_parse).
//
// Both packages are external to the esbuild bundle (scripts/build.mjs): they find their .wasm files
// next to themselves at run time, resolved here through Node's module resolution.
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';

type TreeSitter = typeof import('web-tree-sitter');
export type SyntaxNode = import('web-tree-sitter').Node;

let parser: InstanceType<TreeSitter['Parser']> | undefined;
let loading: Promise<void> | undefined;

/** Loads the WASM runtime and the bash grammar once; later calls return at once. */
export async function ensureShellGrammar(): Promise<void> {
  if (parser) return;
  loading ??= (async () => {
    // Liftoff only, as for the SQL parser (sql-parser.ts says why): measured here, a command line
    // parses in ~0.15 ms this way and ~0.6 ms while TurboFan recompiles in the background.
    setFlagsFromString('--no-wasm-tier-up');
    setFlagsFromString('--no-wasm-dynamic-tiering');
    const require = createRequire(import.meta.url);
    const { Parser, Language } = await import('web-tree-sitter');
    const runtime = require.resolve('web-tree-sitter/tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtime });
    const bash = await Language.load(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
    const p = new Parser();
    p.setLanguage(bash);
    parser = p;
  })();
  await loading;
}

export function isShellGrammarReady(): boolean {
  return parser !== undefined;
}

/**
 * Runs `read` over the syntax tree of `text` and frees the tree (it lives in WebAssembly memory).
 * Throws only when called before `ensureShellGrammar()` resolved, a programming error.
 */
export function withShellTree<T>(text: string, read: (root: SyntaxNode) => T): T {
  if (!parser) throw new Error('shell grammar not loaded: await ensureParsers() before modelling');
  const tree = parser.parse(text);
  if (!tree) throw new Error('the shell grammar returned no tree');
  try {
    return read(tree.rootNode);
  } finally {
    tree.delete();
  }
}
