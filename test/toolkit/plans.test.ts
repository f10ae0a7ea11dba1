// Plans without running anything, and what the toolkit proposes from them: analyze_query never executes
// (whatever the text: ANALYZE, EXPLAIN ANALYZE, a second statement, a data-modifying CTE), unused_indexes
// never proposes an index a constraint or foreign key needs, and recommend_indexes finds the two indexes
// of "Slow Animal Queries" from a realistic load of those queries in pg_stat_statements.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { flushStats, toolkitDatabase, type ToolkitDb } from './fixture.js';

let db: ToolkitDb;
beforeAll(async () => {
  db = await toolkitDatabase('rb_tk_plans');
  await db.client.query('CREATE TABLE victim (id int PRIMARY KEY); INSERT INTO victim SELECT generate_series(1, 10)');
});
afterAll(async () => {
  await db?.end();
});

const plan = async (text: string) => (await db.rows<{ query_plan: string }>('SELECT query_plan FROM performance.analyze_query($1)', [text])).map((r) => r.query_plan).join('\n');
const victims = async () => Number((await db.rows('SELECT count(*) AS n FROM victim'))[0]!.n);

describe('analyze_query never executes anything', () => {
  it.each([
    ['ANALYZE DELETE FROM victim', /^analyze_query: pass the statement itself, without ANALYZE/],
    ['EXPLAIN ANALYZE DELETE FROM victim', /^analyze_query: pass the statement itself, without EXPLAIN/],
    ['explain (analyze) delete from victim', /^analyze_query: pass the statement itself, without EXPLAIN/],
    ['  -- why\n(ANALYZE) DELETE FROM victim', /^analyze_query: pass the statement itself, without ANALYZE/],
    ['SELECT 1; DELETE FROM victim', /^analyze_query: pass one statement; this text holds more than one/],
    ["SELECT ';'; DELETE FROM victim;", /^analyze_query: pass one statement; this text holds more than one/],
    ['SELECT $$;$$; DELETE FROM victim', /^analyze_query: pass one statement; this text holds more than one/],
    ['/* ; */ SELECT 1; /* nested /* ; */ */ DELETE FROM victim', /^analyze_query: pass one statement; this text holds more than one/],
    ['VACUUM victim', /^analyze_query: syntax error at or near "VACUUM"/],
    ["COPY (SELECT 1) TO PROGRAM 'touch /tmp/rb-analyze-query-pwned'", /^analyze_query: syntax error at or near "COPY"/],
    ['   ;  ', /^analyze_query: needs the text of one SQL statement/],
    ['[query_text]', /^analyze_query: syntax error at or near "\["/],
  ])('refuses %j', async (text, error) => {
    await expect(plan(text)).rejects.toThrow(error);
    expect(await victims()).toBe(10);
  });

  it('explains a DELETE, a data-modifying CTE and pg_terminate_backend without running them', async () => {
    expect(await plan('DELETE FROM victim WHERE id > 2;')).toMatch(/^Delete on victim/);
    expect(await plan('WITH d AS (DELETE FROM victim RETURNING *) SELECT count(*) FROM d')).toMatch(/Delete on victim/);
    expect(await victims()).toBe(10);
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    const [{ pid }] = (await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
    expect(await plan(`SELECT pg_terminate_backend(${pid})`)).toMatch(/^Result/);
    expect((await other.query('SELECT 1 AS alive')).rows).toEqual([{ alive: 1 }]);
    await other.end();
  });

  it('gives the generic plan of a statement with $n parameters, as pg_stat_statements shows them', async () => {
    expect(await plan(`SELECT * FROM animals WHERE user_id = $1 AND species = $2 -- ; from pg_stat_statements`)).toMatch(/Seq Scan on animals[\s\S]*Filter: \(\(user_id = \$1\) AND \(species = \$2\)\)/);
  });

  it('leaves the session as it was: read-write, no prepared statements, the plan cache mode unchanged', async () => {
    await plan('SELECT 1');
    await expect(plan('SELECT 1; SELECT 2')).rejects.toThrow();
    expect(await db.rows(`SELECT current_setting('transaction_read_only') AS ro, current_setting('plan_cache_mode') AS mode,
                                 (SELECT count(*)::int FROM pg_prepared_statements) AS prepared`)).toEqual([{ ro: 'off', mode: 'auto', prepared: 0 }]);
    await db.client.query('INSERT INTO victim VALUES (11); DELETE FROM victim WHERE id = 11');
  });
});

describe('unused_indexes', () => {
  it('never proposes an index a primary key, unique constraint or foreign key needs', async () => {
    await db.client.query('CREATE INDEX animals_name_idx ON animals (name)');
    await db.client.query('CREATE INDEX journal_entries_animal_category_idx ON journal_entries (animal_id, category)');
    await db.client.query('SELECT pg_stat_reset()');
    await flushStats(db.client);
    const names = (await db.rows('SELECT index_name FROM performance.unused_indexes')).map((r) => r.index_name);
    expect(names).toContain('animals_name_idx');
    for (const needed of ['journal_entries_animal_id_idx', 'journal_entries_user_id_entry_date_idx', 'spar_runs_animal_id_idx',
      'journal_entries_animal_category_idx', 'animals_pkey', 'user_profiles_email_key', 'feed_brands_name_key']) {
      expect(names).not.toContain(needed);
    }
    await db.client.query('DROP INDEX animals_name_idx, journal_entries_animal_category_idx');
  });
});

describe('recommend_indexes from pg_stat_statements', () => {
  it('finds animals(user_id, species) and animals(created_at DESC) after 600 animal list and search queries, until they exist', async () => {
    const [{ preload }] = (await db.rows(`SELECT current_setting('shared_preload_libraries') AS preload`)) as [{ preload: string }];
    expect(preload).toContain('pg_stat_statements'); // both test servers preload it
    const fk = async () => (await db.rows(`SELECT reason FROM performance.recommend_indexes() WHERE suggested_index = 'CREATE INDEX CONCURRENTLY ON public.animals (user_id);'`));
    expect(await fk()).toEqual([{ reason: 'foreign key animals_user_id_fkey (user_id) has no index leading with its columns' }]);
    const app = new pg.Client({ connectionString: db.url });
    await app.connect();
    const users = (await app.query<{ user_id: string }>('SELECT DISTINCT user_id FROM animals ORDER BY user_id LIMIT 30')).rows;
    const species = ['cattle', 'swine', 'sheep', 'goat', 'poultry', 'rabbit'];
    // The application's two queries, as it sends them (literals, no prepared statements): search and list.
    for (let i = 0; i < 300; i++) {
      await app.query(`SELECT id, name, species, breed FROM animals WHERE species = '${species[i % 6]}' AND user_id = '${users[i % users.length]!.user_id}'`);
      await app.query(`SELECT id, name, species, created_at FROM animals ORDER BY created_at DESC LIMIT ${10 + (i % 3) * 10}`);
    }
    await app.end();
    const recommended = async () => (await db.rows<{ table_name: string; reason: string; suggested_index: string | null }>(
      'SELECT * FROM performance.recommend_indexes()')).filter((r) => r.table_name === 'public.animals');
    const before = await recommended();
    expect(before.map((r) => r.suggested_index)).toEqual(expect.arrayContaining([
      'CREATE INDEX CONCURRENTLY ON public.animals (user_id, species);',
      'CREATE INDEX CONCURRENTLY ON public.animals (created_at DESC);',
    ]));
    expect(before.find((r) => r.suggested_index?.includes('(user_id, species)'))!.reason).toMatch(/^300 calls \([\d.]+ ms in all\) read the table without an index, e.g. SELECT id, name, species, breed FROM animals WHERE species = \$1 AND user_id = \$2/);
    // The most distinct column leads, whatever order the query wrote them in; the foreign key's own
    // suggestion (user_id) is covered by (user_id, species): not repeated.
    expect(before.map((r) => r.suggested_index)).not.toContain('CREATE INDEX CONCURRENTLY ON public.animals (user_id);');

    // What "Slow Animal Queries" creates.
    await db.client.query('CREATE INDEX idx_animals_user_species ON animals(user_id, species)');
    await db.client.query('CREATE INDEX idx_animals_created_at ON animals(created_at DESC)');
    await db.client.query('ANALYZE animals');
    const after = (await recommended()).map((r) => r.suggested_index);
    expect(after).not.toContain('CREATE INDEX CONCURRENTLY ON public.animals (user_id, species);');
    expect(after).not.toContain('CREATE INDEX CONCURRENTLY ON public.animals (created_at DESC);');
  }, 120_000);
});
