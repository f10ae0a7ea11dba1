// Slow queries: performance.slow_query_log (what the End of Day review reads) captures from
// pg_stat_statements when it is read, one row per statement however often it is read or captured, works
// in a read-only transaction without writing, and degrades to a NOTICE without the extension.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolkitDatabase, type ToolkitDb } from './fixture.js';

let db: ToolkitDb;
beforeAll(async () => {
  db = await toolkitDatabase('rb_tk_slow');
});
afterAll(async () => {
  await db?.end();
});

// The runbook's End of Day query, verbatim.
const END_OF_DAY = `SELECT * FROM performance.slow_query_log
WHERE captured_at > CURRENT_DATE
ORDER BY execution_time_ms DESC LIMIT 10`;
const sleeps = async () => (await db.rows(END_OF_DAY)).filter((r) => /pg_sleep/.test(r.query as string));

describe('slow_query_log', () => {
  it('uses the runbook\'s response-time target (< 200ms) as the slow-query limit', async () => {
    expect(await db.rows('SELECT performance.slow_query_ms() AS ms')).toEqual([{ ms: '200' }]);
  });

  it('shows real slow queries when the End of Day query reads it, with nothing scheduled', async () => {
    await db.client.query('SELECT pg_sleep(0.25)');
    await db.client.query('SELECT pg_sleep(0.01)'); // same statement for pg_stat_statements: mean 130 ms, not slow
    await db.client.query('SELECT pg_sleep(0.4)'); // mean 220 ms now
    const rows = await sleeps();
    expect(rows).toEqual([expect.objectContaining({ query: 'SELECT pg_sleep($1)', calls: '3', username: expect.any(String) })]);
    expect(Number(rows[0]!.execution_time_ms)).toBeGreaterThan(200);
  });

  it('never holds a statement twice, however often it is read or captured', async () => {
    for (let i = 0; i < 5; i++) {
      await db.rows('SELECT performance.capture_slow_queries()');
      await db.rows(END_OF_DAY);
    }
    expect(await sleeps()).toHaveLength(1);
    const [{ n, distinct_n }] = (await db.rows(`SELECT count(*)::int AS n, count(DISTINCT (queryid, userid))::int AS distinct_n FROM performance.slow_query_history`)) as [{ n: number; distinct_n: number }];
    expect(n).toBe(distinct_n);
    // Capturing again with nothing new run records nothing; running it again updates the same row.
    expect(await db.rows('SELECT performance.capture_slow_queries() AS n')).toEqual([{ n: 0 }]);
    await db.client.query('SELECT pg_sleep(0.3)');
    expect(await sleeps()).toEqual([expect.objectContaining({ calls: '4' })]);
  });

  it('works inside a read-only transaction, writing nothing', async () => {
    await db.client.query('SELECT pg_sleep(0.3)'); // calls 5: a capture would update the row
    const history = async () => db.rows(`SELECT calls FROM performance.slow_query_history WHERE query = 'SELECT pg_sleep($1)'`);
    expect(await history()).toEqual([{ calls: '4' }]);
    await db.client.query('BEGIN READ ONLY');
    try {
      expect(await sleeps()).toEqual([expect.objectContaining({ calls: '5' })]);
    } finally {
      await db.client.query('COMMIT');
    }
    expect(await history()).toEqual([{ calls: '4' }]);
  });

  it('degrades to a NOTICE where pg_stat_statements is not installed', async () => {
    await db.client.query('DROP EXTENSION pg_stat_statements');
    const notices: string[] = [];
    const onNotice = (n: { message?: string }) => notices.push(n.message ?? '');
    db.client.on('notice', onNotice);
    try {
      expect(await db.rows('SELECT performance.capture_slow_queries() AS n')).toEqual([{ n: 0 }]);
      expect((await sleeps()).length).toBe(1); // the history stays readable
    } finally {
      db.client.off('notice', onNotice);
      await db.client.query('CREATE EXTENSION pg_stat_statements');
    }
    expect(notices[0]).toBe('pg_stat_statements is not installed in this database: nothing captured');
  });
});
