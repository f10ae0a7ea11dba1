// An on-disk cache of runbook models, keyed by the file's content hash, its path and the build of the
// modelling code. Modelling is pure, so the same bytes always give the same model; reading it back as
// JSON skips remark and the SQL parser's WebAssembly, which is most of a cold `runbook list` or of the
// time to the picker's first frame. Every failure (no cache dir, a torn or foreign file, a full disk)
// falls back to modelling; the cache is never the only copy of anything.
//
// Only the bundled CLI caches: the build defines the id of the modelling code, so a changed parser
// never reads an old model. Under vitest or tsx (no build id) and with RUNBOOK_NO_CACHE=1 it is off.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Runbook } from '../runbook/model.js';

declare const __RUNBOOK_MODEL_BUILD__: string | undefined;

function buildId(): string | undefined {
  return typeof __RUNBOOK_MODEL_BUILD__ === 'string' ? __RUNBOOK_MODEL_BUILD__ : undefined;
}

export function modelCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'runbook', 'models');
}

function cacheFile(hash: string, path: string, build: string): string {
  const key = createHash('sha256').update(`${build}\0${path}\0${hash}`).digest('hex');
  return join(modelCacheDir(), `${key}.json`);
}

function enabled(): string | undefined {
  if (process.env.RUNBOOK_NO_CACHE) return undefined;
  return buildId();
}

export function readCachedModel(hash: string, path: string): Runbook | undefined {
  const build = enabled();
  if (!build) return undefined;
  try {
    const entry = JSON.parse(readFileSync(cacheFile(hash, path, build), 'utf8')) as { build?: string; hash?: string; path?: string; runbook?: Runbook };
    // The key already says all this; checking it again guards against a foreign or torn file.
    if (entry.build !== build || entry.hash !== hash || entry.path !== path || !entry.runbook?.procedures) return undefined;
    return entry.runbook;
  } catch {
    return undefined;
  }
}

export function writeCachedModel(hash: string, path: string, runbook: Runbook): void {
  const build = enabled();
  if (!build) return;
  try {
    const file = cacheFile(hash, path, build);
    mkdirSync(modelCacheDir(), { recursive: true });
    // Written aside and renamed, so a reader never sees half a file.
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ build, hash, path, runbook }));
    renameSync(temp, file);
  } catch {
    // A cache that cannot be written costs the next run some time, nothing else.
  }
}
