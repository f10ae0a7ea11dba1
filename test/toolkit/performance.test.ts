// The `performance` schema against a real server: the runbook's alert thresholds to the unit, metrics
// that move when the database does, kill_long_queries terminating a real backend, slow query capture.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { flushStats, toolkitDatabase, type ToolkitDb, lineOf } from './fixture.js';

let db: ToolkitDb;
beforeAll(async () => {
  db = await toolkitDatabase('rb_tk_perf');
});
afterAll(async () => {
  await db?.end();
});

const level = async (metric: string, value: number) =>
  (await db.rows<{ l: string }>('SELECT performance.alert_level($1, $2) AS l', [metric, value]))[0]!.l;

describe('alert thresholds (the runbook table: warning / critical)', () => {
  it.each([
    ['cache_hit_ratio', 90, 'OK'], ['cache_hit_ratio', 89.99, 'WARNING'], ['cache_hit_ratio', 80, 'WARNING'],
    ['cache_hit_ratio', 79.99, 'CRITICAL'],
    ['active_connections', 50, 'OK'], ['active_connections', 51, 'WARNING'], ['active_connections', 80, 'WARNING'],
    ['active_connections', 81, 'CRITICAL'],
    ['longest_query', 5, 'OK'], ['longest_query', 5.01, 'WARNING'], ['longest_query', 10, 'WARNING'],
    ['longest_query', 10.01, 'CRITICAL'],
    ['dead_tuples', 10000, 'OK'], ['dead_tuples', 10001, 'WARNING'], ['dead_tuples', 50000, 'WARNING'],
    ['dead_tuples', 50001, 'CRITICAL'],
    ['database_size', 5 * 1024 ** 3, 'OK'], ['database_size', 5 * 1024 ** 3 + 1, 'WARNING'],
    ['database_size', 10 * 1024 ** 3, 'WARNING'], ['database_size', 10 * 1024 ** 3 + 1, 'CRITICAL'],
  ])('%s = %s is %s', async (metric, value, expected) => {
    expect(await level(metric, value)).toBe(expected);
  });
});

describe('dashboard and check_alerts', () => {
  it('dashboard reports the five metrics with a status each, and no table for 0 dead tuples', async () => {
    await db.client.query('VACUUM');
    await flushStats(db.client);
    const rows = await db.rows('SELECT * FROM performance.dashboard()');
    expect(rows.map((r) => r.metric)).toEqual(['database_size', 'active_connections', 'cache_hit_ratio', 'longest_query', 'dead_tuples']);
    for (const r of rows) expect(['OK', 'WARNING', 'CRITICAL']).toContain(r.status);
    expect(rows.find((r) => r.metric === 'dead_tuples')).toEqual({ metric: 'dead_tuples', value: '0', status: 'OK' });
    expect(rows.find((r) => r.metric === 'cache_hit_ratio')!.value).toMatch(/ \(target > 95%\)$/);
  });

  it('judges by the thresholds the runbook\'s table gave, each naming its line', async () => {
    expect(await db.rows('SELECT metric, warning::float8, critical::float8, direction, source FROM performance.alert_thresholds ORDER BY source')).toEqual([
      { metric: 'cache_hit_ratio', warning: 90, critical: 80, direction: 'below', source: `runbooks/database-operations.md:${lineOf('| Cache Hit Ratio |')}` },
      { metric: 'active_connections', warning: 50, critical: 80, direction: 'above', source: `runbooks/database-operations.md:${lineOf('| Active Connections |')}` },
      { metric: 'longest_query', warning: 5, critical: 10, direction: 'above', source: `runbooks/database-operations.md:${lineOf('| Longest Query |')}` },
      { metric: 'dead_tuples', warning: 10000, critical: 50000, direction: 'above', source: `runbooks/database-operations.md:${lineOf('| Dead Tuples |')}` },
      { metric: 'database_size', warning: 5 * 1024 ** 3, critical: 10 * 1024 ** 3, direction: 'above', source: `runbooks/database-operations.md:${lineOf('| DB Size |')}` },
    ]);
  });

  it('check_alerts raises dead tuples to WARNING past 10K and CRITICAL past 50K', async () => {
    expect(await db.rows(`SELECT alert_level, metric FROM performance.check_alerts() WHERE metric = 'dead_tuples'`)).toEqual([]);
    await db.client.query(`CREATE TABLE churn WITH (autovacuum_enabled = false) AS SELECT g FROM generate_series(1, 60000) g`);
    await db.client.query('DELETE FROM churn WHERE g <= 12000');
    await flushStats(db.client);
    expect(await db.rows(`SELECT alert_level, threshold, action FROM performance.check_alerts() WHERE metric = 'dead_tuples'`))
      .toEqual([{ alert_level: 'WARNING', threshold: '> 10000 tuples', action: 'Run VACUUM' }]);
    await db.client.query('DELETE FROM churn WHERE g <= 51000');
    await flushStats(db.client);
    expect(await db.rows(`SELECT alert_level, threshold FROM performance.check_alerts() WHERE metric = 'dead_tuples'`))
      .toEqual([{ alert_level: 'CRITICAL', threshold: '> 50000 tuples' }]);
    const [bloat] = await db.rows(`SELECT n_dead_tup, recommendation FROM performance.table_bloat_analysis WHERE table_name = 'churn'`);
    expect(bloat).toMatchObject({ n_dead_tup: '51000', recommendation: expect.stringMatching(/^CRITICAL: VACUUM/) });
    await db.client.query('DROP TABLE churn');
  });
});

describe('sessions', () => {
  it('active_queries shows a running query; kill_long_queries(N) spares it, (0) terminates it', async () => {
    const victim = new pg.Client({ connectionString: db.url });
    await victim.connect();
    victim.on('error', () => undefined);
    const [{ pid }] = (await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
    const sleeping = victim.query('SELECT pg_sleep(30)').then(() => 'finished', (e: Error) => e.message);
    await expect.poll(async () => (await db.rows('SELECT pid FROM performance.active_queries')).map((r) => r.pid), { timeout: 5000 })
      .toContain(pid);
    expect(await db.rows('SELECT pid FROM performance.kill_long_queries(30)')).toEqual([]);
    const killed = await db.rows('SELECT pid, terminated, query FROM performance.kill_long_queries(0)');
    expect(killed).toEqual([{ pid, terminated: true, query: 'SELECT pg_sleep(30)' }]);
    expect(await sleeping).toMatch(/terminat/);
    await expect.poll(async () => db.rows('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]), { timeout: 5000 }).toEqual([]);
    await victim.end().catch(() => undefined);
  });

  it('connection_pool_status counts connections per state and in total', async () => {
    const rows = await db.rows('SELECT * FROM performance.connection_pool_status');
    const total = rows.find((r) => r.state === 'total');
    expect(Number(total?.connections)).toBeGreaterThanOrEqual(1);
    expect(total?.max_connections).toBeGreaterThan(0);
  });

  it('connection_pool_status never shows a negative time in state, even for a state entered after this transaction began', async () => {
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      await db.client.query('BEGIN');
      await db.client.query('SELECT now()'); // now() is fixed from here on
      await new Promise((r) => setTimeout(r, 50));
      await other.query('BEGIN; SELECT 1'); // idle in transaction since after our now()
      const [row] = await db.rows(`SELECT extract(epoch FROM longest_in_state)::float8 AS s FROM performance.connection_pool_status WHERE state = 'idle in transaction'`);
      await db.client.query('COMMIT');
      expect(row!.s).toBeGreaterThanOrEqual(0);
    } finally {
      await db.client.query('ROLLBACK').catch(() => undefined);
      await other.end();
    }
  });
});

describe('tuning', () => {
  it('table_access_patterns computes hot_update_ratio from real updates', async () => {
    await db.client.query(`UPDATE feed_brands SET protein_pct = protein_pct + 1`);
    await flushStats(db.client);
    const [row] = await db.rows(`SELECT n_tup_upd, hot_update_ratio FROM performance.table_access_patterns WHERE table_name = 'feed_brands'`);
    expect(Number(row?.n_tup_upd)).toBe(24);
    expect(Number(row?.hot_update_ratio)).toBeGreaterThanOrEqual(0);
    expect(Number(row?.hot_update_ratio)).toBeLessThanOrEqual(100);
  });

  it('optimize_cache reports the database hit ratio with a recommendation', async () => {
    const [first] = await db.rows('SELECT * FROM performance.optimize_cache()');
    expect(first?.scope).toMatch(/^database rb_tk_perf/);
    expect(first?.recommendation).toMatch(/^(OK|BELOW TARGET|WARNING|CRITICAL)/);
  });
});
