// installToolkit: one transaction, idempotent, reports what it created; the demo schema's contents,
// row level security and the indexes the runbook's "Slow Animal Queries" is left to create.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { installToolkit, splitToolkitSql } from '../../src/database/toolkit.js';
import { createTestDatabase } from '../helpers/db.js';
import { toolkitDatabase, type ToolkitDb } from './fixture.js';

let db: ToolkitDb;
beforeAll(async () => {
  db = await toolkitDatabase('rb_tk_install');
});
afterAll(async () => {
  await db?.end();
});

describe('installToolkit', () => {
  it('reports the objects it created and the statements it ran', () => {
    const { created, statements } = db.install;
    for (const name of [
      'schema performance',
      'schema backup_recovery',
      'table public.animals',
      'table public.data_access_audit',
      'view api.animals',
      'view performance.slow_query_log',
      'table performance.slow_query_history',
      'table performance.alert_thresholds',
      'table performance.metric_targets',
      'table backup_recovery.backup_schedule',
      'function performance.dashboard()',
      'function performance.kill_long_queries(minutes integer)',
      'function backup_recovery.restore_table(backup_name text, target_table text, mode text, with_dependants boolean)',
      'policy own animals on public.animals',
    ]) {
      expect(created).toContain(name);
    }
    expect(statements).toBeGreaterThan(50);
  });

  it('is idempotent: a second install creates nothing and generates no rows', async () => {
    const before = await db.rows<{ n: string }>('SELECT count(*) AS n FROM animals');
    const again = await installToolkit(db.client, { demoData: true });
    expect(again.created).toEqual([]);
    expect(again.notices).toContain('demo data already present: nothing generated');
    expect(await db.rows('SELECT count(*) AS n FROM animals')).toEqual(before);
  });

  it('generates the demo data the runbook describes, deterministically', async () => {
    const [counts] = await db.rows(`SELECT (SELECT count(*) FROM user_profiles)::int AS users,
      (SELECT count(*) FROM animals)::int AS animals, (SELECT count(*) FROM journal_entries)::int AS journal,
      (SELECT count(*) FROM spar_runs)::int AS spar, (SELECT count(*) FROM feed_brands)::int AS brands,
      (SELECT count(*) FROM user_profiles WHERE role = 'advisor')::int AS advisors`);
    expect(counts).toEqual({ users: 1000, animals: 10000, journal: 20000, spar: 3333, brands: 24, advisors: 20 });
    // Same rows in a second database: the generator hashes row numbers instead of calling random().
    const other = await toolkitDatabase('rb_tk_install2');
    try {
      const sum = 'SELECT checksum FROM backup_recovery.table_checksum($1)';
      for (const table of ['user_profiles', 'feed_brands', 'animals', 'journal_entries', 'spar_runs']) {
        expect(await other.rows(sum, [table])).toEqual(await db.rows(sum, [table]));
      }
    } finally {
      await other.end();
    }
  });

  it('leaves out the indexes that "Slow Animal Queries" creates', async () => {
    const rows = await db.rows(`SELECT indexname FROM pg_indexes WHERE tablename = 'animals' ORDER BY 1`);
    expect(rows.map((r) => r.indexname)).toEqual(['animals_pkey']);
  });

  it('enables row level security per user for the authenticated role', async () => {
    const owner = (await db.rows<{ user_id: string; n: number }>(
      'SELECT user_id, count(*)::int AS n FROM animals GROUP BY user_id ORDER BY user_id LIMIT 1',
    ))[0]!;
    const other = (await db.rows<{ id: string }>('SELECT id FROM user_profiles WHERE id <> $1 LIMIT 1', [owner.user_id]))[0]!;
    await db.client.query('BEGIN');
    try {
      await db.client.query('SET LOCAL ROLE authenticated');
      await db.client.query(`SELECT set_config('request.jwt.claim.sub', $1, true)`, [owner.user_id]);
      expect(await db.rows('SELECT count(*)::int AS n FROM animals')).toEqual([{ n: owner.n }]);
      await db.client.query(`INSERT INTO animals (user_id, name, species) VALUES ($1, 'Own', 'goat')`, [owner.user_id]);
      await expect(
        db.client.query(`INSERT INTO animals (user_id, name, species) VALUES ($1, 'Theirs', 'goat')`, [other.id]),
      ).rejects.toThrow(/row-level security/);
    } finally {
      await db.client.query('ROLLBACK');
    }
    const rls = await db.rows(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND NOT rowsecurity`);
    expect(rls).toEqual([]);
  });

  it('installs in one transaction: a failing statement leaves nothing behind and names file:line', async () => {
    const url = await createTestDatabase('rb_tk_empty');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // A table where the toolkit creates a view makes performance.sql fail after schema.sql ran.
      await client.query('CREATE SCHEMA performance; CREATE TABLE performance.active_queries (x int)');
      await expect(installToolkit(client, { demoData: true })).rejects.toThrow(
        /^runbooks\/toolkit\/performance\.sql:\d+: "active_queries" is not a view/,
      );
      expect((await client.query(`SELECT to_regclass('public.animals') AS t`)).rows).toEqual([{ t: null }]);
      await client.query('DROP SCHEMA performance CASCADE');
      const result = await installToolkit(client, { demoData: false });
      expect(result.created).toContain('table public.animals');
      expect((await client.query('SELECT count(*)::int AS n FROM user_profiles')).rows).toEqual([{ n: 0 }]);
    } finally {
      await client.end();
    }
  });
});

describe('splitToolkitSql', () => {
  it('splits on semicolons outside quotes, dollar quotes and comments, with line numbers', () => {
    const sql = [
      "-- a; comment",
      "SELECT 'a;b';",
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;",
      "/* x; */ SELECT \"we;ird\";",
      "DO $body$ BEGIN PERFORM 1; END $body$",
      "-- trailing comment only",
    ].join('\n');
    expect(splitToolkitSql(sql)).toEqual([
      { text: "-- a; comment\nSELECT 'a;b'", line: 2 },
      { text: 'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$', line: 3 },
      { text: '/* x; */ SELECT "we;ird"', line: 4 },
      { text: 'DO $body$ BEGIN PERFORM 1; END $body$\n-- trailing comment only', line: 5 },
    ]);
  });
});
