// Starts a throwaway embedded PostgreSQL for the test run (used when TEST_DATABASE_URL is unset): a temp
// directory, no demo data (each test file creates its own database), fsync off for speed. As root the
// server runs as the `postgres` OS user, created when missing (src/database/embedded-process.ts).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetEmbedded, startEmbedded } from '../../src/database/embedded.js';

export interface TestServer {
  url: string;
  stop(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rb-test-pg-'));
  try {
    const { target } = await startEmbedded({
      dir,
      database: 'postgres',
      demoData: false,
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '200' },
    });
    return {
      url: target.connectionString,
      async stop() {
        await resetEmbedded({ dir });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
