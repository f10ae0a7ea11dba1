// Reads through the API views are recorded in data_access_audit: own data, cross-user access by an
// advisor, and the demo's suspicious account that the runbook's "Identify Threat" query finds.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolkitDatabase, type ToolkitDb } from './fixture.js';

let db: ToolkitDb;
beforeAll(async () => {
  db = await toolkitDatabase('rb_tk_audit');
});
afterAll(async () => {
  await db?.end();
});

/** Runs `sql` as the API would for user `sub`: role authenticated with the JWT subject set. */
async function asUser(sub: string, sql: string, begin = 'BEGIN') {
  await db.client.query(begin);
  try {
    await db.client.query('SET LOCAL ROLE authenticated');
    await db.client.query(`SELECT set_config('request.jwt.claim.sub', $1, true)`, [sub]);
    const rows = (await db.client.query(sql)).rows;
    await db.client.query('COMMIT');
    return rows;
  } catch (error) {
    await db.client.query('ROLLBACK');
    throw error;
  }
}

const auditSince = (since: string) =>
  db.rows(`SELECT user_id, resource_type, access_type, count(*)::int AS n FROM data_access_audit
            WHERE "timestamp" >= $1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`, [since]);

describe('data access audit', () => {
  it('records each row a student reads through api.animals as own_data', async () => {
    const [{ now }] = (await db.rows('SELECT clock_timestamp()::text AS now')) as [{ now: string }];
    const [student] = await db.rows<{ id: string }>(`SELECT id FROM user_profiles WHERE role = 'student' ORDER BY email LIMIT 1`);
    const rows = await asUser(student!.id, 'SELECT id, user_id FROM api.animals');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.user_id === student!.id)).toBe(true);
    expect(await auditSince(now)).toEqual([{ user_id: student!.id, resource_type: 'animals', access_type: 'own_data', n: rows.length }]);
  });

  it('records an advisor reading students\' journal entries as cross_user_access, only for rows returned', async () => {
    const [{ now }] = (await db.rows('SELECT clock_timestamp()::text AS now')) as [{ now: string }];
    const [advisor] = await db.rows<{ id: string }>(`SELECT id FROM user_profiles WHERE role = 'advisor' ORDER BY email LIMIT 1`);
    const rows = await asUser(advisor!.id, `SELECT id FROM api.journal_entries WHERE user_id <> '${advisor!.id}' AND category = 'health' LIMIT 5`);
    expect(rows).toHaveLength(5);
    expect(await auditSince(now)).toEqual([{ user_id: advisor!.id, resource_type: 'journal_entries', access_type: 'cross_user_access', n: 5 }]);
  });

  it('works in a read-only transaction: own rows are returned, other users\' rows withheld, nothing written', async () => {
    const [{ now }] = (await db.rows('SELECT clock_timestamp()::text AS now')) as [{ now: string }];
    const [student] = await db.rows<{ id: string }>(`SELECT id FROM user_profiles WHERE role = 'student' ORDER BY email LIMIT 1`);
    const [advisor] = await db.rows<{ id: string }>(`SELECT id FROM user_profiles WHERE role = 'advisor' ORDER BY email LIMIT 1`);
    const own = await asUser(student!.id, 'SELECT id, user_id FROM api.animals', 'BEGIN READ ONLY');
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((r) => r.user_id === student!.id)).toBe(true);
    const warnings: string[] = [];
    const onNotice = (n: { message?: string; severity?: string }) => warnings.push(`${n.severity}: ${n.message}`);
    db.client.on('notice', onNotice);
    try {
      const seen = await asUser(advisor!.id, 'SELECT id, user_id FROM api.journal_entries LIMIT 50', 'BEGIN READ ONLY');
      expect(seen.every((r) => r.user_id === advisor!.id)).toBe(true); // cross-user rows withheld: they cannot be audited
      const readWrite = await asUser(advisor!.id, `SELECT id FROM api.journal_entries WHERE user_id <> '${advisor!.id}' LIMIT 3`);
      expect(readWrite).toHaveLength(3); // the same reader sees them where the read is recorded
    } finally {
      db.client.off('notice', onNotice);
    }
    expect(warnings).toEqual(["WARNING: other users' rows are withheld from api views in a read-only transaction: their reads cannot be audited"]);
    expect(await auditSince(now)).toEqual([{ user_id: advisor!.id, resource_type: 'journal_entries', access_type: 'cross_user_access', n: 3 }]);
  });

  it('keeps API users out of the audit table itself', async () => {
    const [student] = await db.rows<{ id: string }>(`SELECT id FROM user_profiles WHERE role = 'student' LIMIT 1`);
    await expect(asUser(student!.id, 'SELECT * FROM data_access_audit')).rejects.toThrow(/permission denied/);
  });

  it('gives the runbook\'s security queries something to find', async () => {
    const threats = await db.rows(`SELECT user_id, COUNT(*) as access_count, array_agg(DISTINCT resource_type) as accessed_resources
      FROM data_access_audit WHERE timestamp > NOW() - INTERVAL '1 hour' GROUP BY user_id HAVING COUNT(*) > 1000`);
    expect(threats).toEqual([{ user_id: expect.any(String), access_count: '1200', accessed_resources: ['animals', 'journal_entries'] }]);
    const [cross] = await db.rows(`SELECT count(*)::int AS n FROM data_access_audit
      WHERE timestamp > NOW() - INTERVAL '24 hours' AND access_type = 'cross_user_access'`);
    expect(cross!.n).toBeGreaterThanOrEqual(1500);
  });
});
