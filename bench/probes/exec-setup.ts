// What the executor probes share: a Target from the bench server's URL, the executor registry as the
// session builds it, and a request as the session would send it.

import { join } from 'node:path';
import { resolveTarget } from '../../src/database/resolve.js';
import type { Target } from '../../src/database/target.js';
import { createExecutors, type ClosableRegistry } from '../../src/executors/index.js';
import type { ExecKind, ExecRequest } from '../../src/executors/types.js';

export async function targetFrom(url: string): Promise<Target> {
  return resolveTarget({ db: url, env: {}, embedded: () => Promise.reject(new Error('no database URL')) });
}

export function executors(target: Target): ClosableRegistry {
  return createExecutors({ target });
}

let n = 0;
export function request(kind: ExecKind, text: string, dir: string): ExecRequest {
  return {
    kind,
    text,
    cwd: dir,
    timeoutMs: 10 * 60_000,
    outputDir: join(dir, 'outputs'),
    outputName: `s${++n}`,
    origin: { file: join(dir, 'bench.md'), line: 1, column: 1 },
  };
}
