// The exec/crash tests drive the BUILT binary (dist/cli.js), as users and cron run it. Rebuilds it when
// it is missing or older than a source file; a lock directory keeps parallel test files from building at
// once (the build deletes dist/ first).

import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT } from '../helpers/cli.js';

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export async function ensureBuilt(): Promise<string> {
  const lock = join(ROOT, 'node_modules', '.rb-build-lock');
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (i > 600) throw new Error(`build lock ${lock} held for a minute`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const copy = join(ROOT, 'node_modules', '.cache', `rb-test-dist-${process.pid}`);
  try {
    if (!existsSync(CLI) || statSync(CLI).mtimeMs < newest(join(ROOT, 'src'))) {
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    }
    if (!existsSync(copy)) {
      cpSync(join(ROOT, 'dist'), copy, { recursive: true });
      process.once('exit', () => rmSync(copy, { recursive: true, force: true }));
    }
  } finally {
    rmdirSync(lock);
  }
  return join(copy, 'cli.js');
}
