// Builds executor requests and targets for the executor tests.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveTarget } from '../../src/database/resolve.js';
import type { Target } from '../../src/database/target.js';
import type { ExecKind, ExecRequest } from '../../src/executors/types.js';

export { until } from '../helpers/until.js';

export function targetFor(url: string): Promise<Target> {
  return resolveTarget({ db: url, env: {}, embedded: () => Promise.reject(new Error('no embedded in tests')) });
}

export const outputDir = () => mkdtempSync(join(tmpdir(), 'rb-exec-out-'));

let counter = 0;
export function request(kind: ExecKind, text: string, overrides: Partial<ExecRequest> = {}): ExecRequest {
  return {
    kind,
    text,
    cwd: process.cwd(),
    timeoutMs: 60_000,
    outputDir: overrides.outputDir ?? join(tmpdir(), 'rb-exec-out'),
    outputName: `s${++counter}`,
    origin: { file: 'runbooks/test.md', line: 10, column: 1 },
    ...overrides,
  };
}

