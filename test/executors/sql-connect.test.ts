// The session connection's edges: a Ctrl-C that arrives while the connection is still being opened is
// honoured (the query never starts, instead of running to its end unseen by the cancel), and a server
// that cannot be reached fails the statement as "cannot connect", marked unreachable, each time it is
// tried; a result names the backend that ran it (pg_backend_pid(), once per connection).

import { expect, it } from 'vitest';
import { SqlExecutor } from '../../src/executors/sql.js';
import { createTestDatabase } from '../helpers/db.js';
import { outputDir, request, targetFor } from './helpers.js';

it('a cancel during connect stops the statement before it starts', async () => {
  const sql = new SqlExecutor(await targetFor(await createTestDatabase('rb_connect')));
  try {
    const controller = new AbortController();
    const running = sql.run(request('sql', 'SELECT pg_sleep(30)', { outputDir: outputDir() }), { signal: controller.signal });
    controller.abort();
    const result = await running;
    expect(result.status).toBe('cancelled');
    expect(result.error?.message).toMatch(/cancelled (before it started|while connecting)/);
    // The connection is kept for the next statement, which runs on it and names its backend.
    const next = await sql.run(request('sql', 'SELECT pg_backend_pid() AS pid', { outputDir: outputDir() }));
    expect(next.status).toBe('succeeded');
    expect(next.backendPid).toBe(Number(next.rows![0]![0]));
  } finally {
    await sql.close();
  }
});

it('an unreachable server fails each statement as "cannot connect", marked unreachable', async () => {
  const sql = new SqlExecutor(await targetFor('postgres://nobody@127.0.0.1:1/none'));
  try {
    for (let i = 0; i < 2; i++) {
      const result = await sql.run(request('sql', 'SELECT 1', { outputDir: outputDir() }));
      expect(result).toMatchObject({ status: 'failed', error: { message: 'cannot connect to 127.0.0.1:1 (ECONNREFUSED)', unreachable: true } });
      expect(result.backendPid).toBeUndefined();
    }
  } finally {
    await sql.close();
  }
});
