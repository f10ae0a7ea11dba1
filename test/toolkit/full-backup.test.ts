// create_full_backup() under concurrent writes: every table of a set is copied in one snapshot, so a
// journal entry is in the set exactly when the animal it references is, however many commits land
// while the backup runs.

import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { toolkitDatabase, type ToolkitDb } from './fixture.js';

let db: ToolkitDb;
beforeAll(async () => {
  db = await toolkitDatabase('rb_tk_fullbak');
});
afterAll(async () => {
  await db?.end();
});

it('one consistent snapshot per full backup set while animals and their journal entries are inserted', async () => {
  const writer = new pg.Client({ connectionString: db.url });
  await writer.connect();
  let committed = 0;
  let stop = false;
  // Each commit adds an animal and a journal entry that references it, atomically.
  const writing = (async () => {
    while (!stop) {
      await writer.query(`WITH a AS (INSERT INTO animals (user_id, name, species) SELECT user_id, 'Concurrent', 'goat' FROM animals WHERE id = 1 RETURNING id, user_id)
                          INSERT INTO journal_entries (user_id, animal_id, entry_date, category, title, content)
                          SELECT user_id, id, CURRENT_DATE, 'feeding', 'fed', 'fed' FROM a`);
      committed++;
    }
  })();
  try {
    await expect.poll(() => committed).toBeGreaterThan(5);
    const during: number[] = [];
    for (let run = 0; run < 3; run++) {
      const before = committed;
      const set = await db.rows<{ backup_name: string; source_table: string; row_count: string }>('SELECT * FROM backup_recovery.create_full_backup()');
      during.push(committed - before);
      const copy = (table: string) => set.find((r) => r.source_table === `public.${table}`)!.backup_name;
      const [orphans] = await db.rows(`SELECT count(*)::int AS n FROM ${copy('journal_entries')} j
                                        WHERE NOT EXISTS (SELECT 1 FROM ${copy('animals')} a WHERE a.id = j.animal_id)`);
      const [childless] = await db.rows(`SELECT count(*)::int AS n FROM ${copy('animals')} a
                                          WHERE a.name = 'Concurrent' AND NOT EXISTS (SELECT 1 FROM ${copy('journal_entries')} j WHERE j.animal_id = a.id)`);
      expect({ orphans: orphans!.n, childless: childless!.n }).toEqual({ orphans: 0, childless: 0 });
    }
    // The test is only worth something if writes really landed while the backups ran.
    expect(during.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  } finally {
    stop = true;
    await writing;
    await writer.end();
  }
}, 120_000);
