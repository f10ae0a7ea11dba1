// Faults the acceptance run injects before the runbook's own statements, as a DBA would try them, and
// the real effect each procedure must have on them:
// - Database Down, step 2: a session holds ACCESS EXCLUSIVE on animals and another waits for it; the
//   seed's join on locktype names false blockers, the added pg_blocking_pids() statement exactly the one
//   holder;
// - Data Corruption, Recovery: animals has ON DELETE CASCADE children (animal_photos); replace keeps all
//   of them, and refuses (naming them) while a photo references an animal the backup lacks;
// - Backup Procedures: create_full_backup() while animals and their journal entries are inserted: no
//   journal entry of the set references an animal missing from it;
// - End of Day: slow statements captured many times show once;
// - Slow Query Investigation: 600 animal list and search queries make recommend_indexes() name the two
//   indexes "Slow Animal Queries" creates;
// - Weekly Maintenance: tens of thousands of dead tuples are gone after the step, with last_vacuum set.

import { expect } from 'vitest';
import pg from 'pg';
import type { ExecResult } from '../../src/executors/types.js';

export interface Check {
  before?: () => Promise<void>;
  after?: (result: ExecResult) => Promise<void>;
  /** The statement cannot succeed by nature; its error must match. */
  fails?: RegExp;
}

export interface FaultContext {
  db: pg.Client;
  url: string;
  connect(connectionString: string): Promise<pg.Client>;
  /** The text a statement runs as, bound with the run's parameters. */
  bound(id: string): string;
}

const column = (r: ExecResult, name: string) => {
  const i = r.columns!.findIndex((c) => c.name === name);
  return (r.rows ?? []).map((row) => row[i]!);
};

/** Before the run: children of animals that cascade, which every restore of animals must keep. */
export async function seedFaults(db: pg.Client): Promise<void> {
  await db.query(`CREATE TABLE animal_photos (id int PRIMARY KEY, animal_id bigint NOT NULL REFERENCES animals (id) ON DELETE CASCADE, url text NOT NULL);
                  INSERT INTO animal_photos SELECT g, g, 'https://photos.example/' || g FROM generate_series(1, 100) g`);
}

export function faultChecks(ctx: FaultContext): Record<string, Check> {
  const { db } = ctx;
  const count = async (sql: string) => Number((await db.query(sql)).rows[0].n);
  let holder: pg.Client | undefined;
  let holderPid = 0;
  let waiterPid = 0;
  let waiting: Promise<unknown> | undefined;
  let writer: { stop(): Promise<number>; committed(): number } | undefined;
  let committedBefore = 0;

  return {
    'database-down/2/b1/2': {
      before: async () => {
        holder = await ctx.connect(ctx.url);
        const waiter = await ctx.connect(ctx.url);
        holderPid = (await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
        waiterPid = (await waiter.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
        await holder.query('BEGIN; LOCK TABLE animals IN ACCESS EXCLUSIVE MODE');
        waiting = waiter.query('SELECT count(*) FROM animals');
        await expect.poll(async () => (await db.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [waiterPid])).rows[0]?.wait_event_type).toBe('Lock');
      },
      after: async (r) => {
        // The seed's query: for the one waiter it names the holder and others that block nothing.
        const named = new Set(column(r, 'blocking_pid').filter((_, i) => column(r, 'blocked_pid')[i] === String(waiterPid)));
        expect(named).toContain(String(holderPid));
        expect(named.size).toBeGreaterThan(1);
      },
    },
    'database-down/2/b1/3': {
      after: async (r) => {
        const mine = column(r, 'blocked_pid').map((blocked, i) => [blocked, column(r, 'blocking_pid')[i]]).filter(([blocked]) => blocked === String(waiterPid));
        expect(mine).toEqual([[String(waiterPid), String(holderPid)]]);
        await holder!.query('ROLLBACK');
        await waiting;
      },
    },
    'data-corruption/3/b1/1': {
      before: async () => {
        // A photo of an animal added after the backup: replace must refuse, name the table, change nothing.
        await db.query(`INSERT INTO animals (id, user_id, name, species) SELECT 40001, user_id, 'After backup', 'goat' FROM animals WHERE id = 1;
                        INSERT INTO animal_photos VALUES (1001, 40001, 'https://photos.example/late')`);
        await expect(db.query(ctx.bound('data-corruption/3/b1/1'))).rejects.toThrow(
          /restore_table refused: .*1 rows of animal_photos reference rows of animals that the backup does not have \(foreign key animal_photos_animal_id_fkey: ON DELETE CASCADE would delete them\)/,
        );
        expect(await count('SELECT count(*) AS n FROM animal_photos')).toBe(101);
        await db.query('DELETE FROM animal_photos WHERE id = 1001; DELETE FROM animals WHERE id = 40001');
      },
      after: async () => expect(await count('SELECT count(*) AS n FROM animal_photos')).toBe(100),
    },
    'backup-procedures/1/b1/1': {
      before: async () => {
        const client = await ctx.connect(ctx.url);
        let committed = 0;
        let stop = false;
        const loop = (async () => {
          while (!stop) {
            await client.query(`WITH a AS (INSERT INTO animals (user_id, name, species) SELECT user_id, 'Concurrent', 'goat' FROM animals WHERE id = 1 RETURNING id, user_id)
                                INSERT INTO journal_entries (user_id, animal_id, entry_date, category, title, content) SELECT user_id, id, CURRENT_DATE, 'feeding', 'fed', 'fed' FROM a`);
            committed++;
          }
        })();
        writer = { committed: () => committed, stop: async () => ((stop = true), await loop, committed) };
        await expect.poll(() => committed).toBeGreaterThan(5);
        committedBefore = committed;
      },
      after: async (r) => {
        const during = (await writer!.stop()) - committedBefore;
        expect(during).toBeGreaterThan(0); // writes really landed while the backup ran
        const copy = (table: string) => r.rows!.find((row) => row[1] === `public.${table}`)![0]!;
        expect(await count(`SELECT count(*) AS n FROM ${copy('journal_entries')} j WHERE NOT EXISTS (SELECT 1 FROM ${copy('animals')} a WHERE a.id = j.animal_id)`)).toBe(0);
      },
    },
    'end-of-day-tasks-6-pm/1/b1/1': {
      before: async () => {
        await db.query('SELECT pg_sleep(0.25)');
        await db.query('SELECT pg_sleep(0.3)');
        for (let i = 0; i < 5; i++) await db.query('SELECT performance.capture_slow_queries()');
      },
      after: async (r) => expect(column(r, 'query').filter((q) => q === 'SELECT pg_sleep($1)')).toHaveLength(1),
    },
    'slow-query-investigation/3/b1/1': {
      before: async () => {
        const app = await ctx.connect(ctx.url);
        const users = (await app.query('SELECT DISTINCT user_id FROM animals ORDER BY user_id LIMIT 30')).rows as { user_id: string }[];
        const species = ['cattle', 'swine', 'sheep', 'goat', 'poultry', 'rabbit'];
        for (let i = 0; i < 300; i++) {
          await app.query(`SELECT id, name, species, breed FROM animals WHERE user_id = '${users[i % users.length]!.user_id}' AND species = '${species[i % 6]}'`);
          await app.query(`SELECT id, name, species, created_at FROM animals ORDER BY created_at DESC LIMIT 20`);
        }
      },
      after: async (r) => expect(column(r, 'suggested_index')).toEqual(expect.arrayContaining([
        'CREATE INDEX CONCURRENTLY ON public.animals (user_id, species);',
        'CREATE INDEX CONCURRENTLY ON public.animals (created_at DESC);',
      ])),
    },
    'weekly-maintenance-sunday-3-am/1/b1/1': {
      before: async () => {
        await db.query('ALTER TABLE journal_entries SET (autovacuum_enabled = false)');
        await db.query(`UPDATE journal_entries SET hours = coalesce(hours, 0)`);
        await db.query('SELECT pg_stat_force_next_flush()');
        expect(await count(`SELECT n_dead_tup AS n FROM pg_stat_user_tables WHERE relname = 'journal_entries'`)).toBeGreaterThanOrEqual(20000);
      },
    },
    'weekly-maintenance-sunday-3-am/1/b1/2': {
      after: async (r) => {
        expect(r.rows).toContainEqual(['VACUUM (ANALYZE) journal_entries', 'VACUUM']);
        const stats = async () => {
          await db.query('SELECT pg_stat_clear_snapshot()');
          return (await db.query(`SELECT n_dead_tup::int AS dead, last_vacuum IS NOT NULL AS vacuumed FROM pg_stat_user_tables WHERE relname = 'journal_entries'`)).rows[0];
        };
        // Another backend's snapshot (a connection starting up on a shared test server) can keep dead rows
        // through one VACUUM; the runbook's statement, run again, then removes them.
        await expect.poll(async () => {
          const now = await stats();
          if (now.dead !== 0) await db.query('VACUUM (ANALYZE) journal_entries');
          return now;
        }, { timeout: 20_000, interval: 500 }).toEqual({ dead: 0, vacuumed: true });
        await db.query('ALTER TABLE journal_entries RESET (autovacuum_enabled)');
      },
    },
  };
}

/** Both checks of one statement, the fault's first. */
export function mergeChecks(a: Check, b: Check): Check {
  const out: Check = {};
  if (a.before || b.before) out.before = async () => { await a.before?.(); await b.before?.(); };
  if (a.after || b.after) out.after = async (r) => { await a.after?.(r); await b.after?.(r); };
  const fails = a.fails ?? b.fails;
  if (fails) out.fails = fails;
  return out;
}
