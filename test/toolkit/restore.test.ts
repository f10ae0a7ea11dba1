// restore_table(..., 'replace') and the rows of other tables that reference the restored one: an
// ON DELETE CASCADE child keeps its rows, a plain (non-deferrable) foreign key no longer fails every
// time, rows that would be lost are named and nothing changes, and with_dependants restores the
// referencing tables from the same full backup set.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolkitDatabase, type ToolkitDb } from './fixture.js';

let db: ToolkitDb;
beforeAll(async () => {
  db = await toolkitDatabase('rb_tk_restore');
  // Two children of animals the demo schema does not have: photos cascade, tags are a plain foreign key.
  await db.client.query(`
    CREATE TABLE animal_photos (id int PRIMARY KEY, animal_id bigint NOT NULL REFERENCES animals (id) ON DELETE CASCADE, url text NOT NULL);
    INSERT INTO animal_photos SELECT g, g, 'https://photos.example/' || g FROM generate_series(1, 100) g;
    CREATE TABLE animal_tags (id int PRIMARY KEY, animal_id bigint NOT NULL REFERENCES animals (id), tag text NOT NULL);
    INSERT INTO animal_tags SELECT g, 100 + g, 'blue ribbon' FROM generate_series(1, 50) g;`);
});
afterAll(async () => {
  await db?.end();
});

const checksum = async (table: string) =>
  (await db.rows('SELECT row_count, checksum FROM backup_recovery.table_checksum($1)', [table]))[0];
const count = async (table: string) => Number((await db.rows(`SELECT count(*) AS n FROM ${table}`))[0]!.n);
const restore = async (...args: unknown[]) =>
  (await db.rows<{ r: string }>(`SELECT backup_recovery.restore_table(${args.map((_, i) => `$${i + 1}`).join(', ')}) AS r`, args))[0]!.r;

describe('restore_table replace with referencing tables', () => {
  it('keeps ON DELETE CASCADE children and plain foreign keys: rows the backup also has are updated, not deleted', async () => {
    const original = await checksum('animals');
    const [{ b }] = (await db.rows(`SELECT backup_recovery.create_table_backup('animals') AS b`)) as [{ b: string }];
    await db.client.query('UPDATE animals SET name = upper(name) WHERE id <= 200'); // the corruption
    const r = await restore(b, 'animals', 'replace');
    expect(r).toMatch(/: 0 rows deleted, 200 updated, 0 inserted, 10000 rows now; checksum matches the backup$/);
    expect(await checksum('animals')).toEqual(original);
    expect(await count('animal_photos')).toBe(100);
    expect(await count('animal_tags')).toBe(50);
  });

  it('refuses, naming each table and how it would lose rows, when referenced rows are not in the backup', async () => {
    const [{ b }] = (await db.rows(`SELECT backup_recovery.create_table_backup('animals') AS b`)) as [{ b: string }];
    await db.client.query(`INSERT INTO animals (id, user_id, name, species) SELECT 30001, user_id, 'New', 'goat' FROM animals WHERE id = 1`);
    await db.client.query(`INSERT INTO animal_photos SELECT 1000 + g, 30001, 'https://photos.example/new' || g FROM generate_series(1, 5) g`);
    await db.client.query(`INSERT INTO animal_tags VALUES (1000, 30001, 'new')`);
    const before = { animals: await checksum('animals'), photos: await checksum('animal_photos') };
    const error = await restore(b, 'animals', 'replace').then(() => '', (e: Error) => e.message);
    expect(error).toContain('restore_table refused: replacing animals would take rows that other tables still reference:');
    expect(error).toContain('5 rows of animal_photos reference rows of animals that the backup does not have (foreign key animal_photos_animal_id_fkey: ON DELETE CASCADE would delete them)');
    expect(error).toContain('1 rows of animal_tags reference rows of animals that the backup does not have (foreign key animal_tags_animal_id_fkey: the restore would fail on it)');
    expect({ animals: await checksum('animals'), photos: await checksum('animal_photos') }).toEqual(before);
    // The three-argument call of the runbook and the named argument agree.
    await expect(restore(b, 'animals', 'replace', false)).rejects.toThrow(/restore_table refused/);
    await db.client.query('DELETE FROM animal_tags WHERE id = 1000; DELETE FROM animal_photos WHERE id > 1000; DELETE FROM animals WHERE id = 30001');
  });

  it('with_dependants restores the referencing tables from the same full backup set', async () => {
    const set = await db.rows<{ backup_name: string; source_table: string; checksum: string }>('SELECT * FROM backup_recovery.create_full_backup()');
    const copyOf = (table: string) => set.find((r) => r.source_table === `public.${table}`)!;
    // After the backup: a new animal with photos, tags, a journal entry and an AI run; an old photo gone.
    await db.client.query(`INSERT INTO animals (id, user_id, name, species) SELECT 30002, user_id, 'Later', 'goat' FROM animals WHERE id = 2`);
    await db.client.query(`INSERT INTO animal_photos VALUES (2001, 30002, 'x'); INSERT INTO animal_tags VALUES (2001, 30002, 'y')`);
    await db.client.query(`INSERT INTO journal_entries (user_id, animal_id, entry_date, category, title, content)
                           SELECT user_id, 30002, CURRENT_DATE, 'health', 't', 'c' FROM animals WHERE id = 30002`);
    await db.client.query(`INSERT INTO spar_runs (user_id, animal_id, status, model, started_at) SELECT user_id, 30002, 'queued', 'spar-v1', now() FROM animals WHERE id = 30002`);
    await db.client.query('DELETE FROM animal_photos WHERE id = 7');
    await expect(restore(copyOf('animals').backup_name, 'animals', 'replace')).rejects.toThrow(/restore_table refused/);

    const r = await restore(copyOf('animals').backup_name, 'animals', 'replace', true);
    expect(r.split('\n').map((line) => line.replace(/ from .*?: /, ': ').replace(/; checksum .*$/, ''))).toEqual([
      'replace animals: 1 rows deleted, 0 updated, 0 inserted, 10000 rows now',
      'replace animal_photos: 1 rows deleted, 0 updated, 1 inserted, 100 rows now',
      'replace animal_tags: 1 rows deleted, 0 updated, 0 inserted, 50 rows now',
      'replace journal_entries: 1 rows deleted, 0 updated, 0 inserted, 20000 rows now',
      'replace spar_runs: 1 rows deleted, 0 updated, 0 inserted, 3333 rows now',
    ]);
    for (const table of ['animals', 'animal_photos', 'animal_tags', 'journal_entries', 'spar_runs']) {
      expect((await checksum(table))!.checksum, table).toBe(copyOf(table).checksum);
    }
  });

  it('with_dependants needs a backup from a full backup set', async () => {
    const [{ b }] = (await db.rows(`SELECT backup_recovery.create_table_backup('animals') AS b`)) as [{ b: string }];
    await expect(restore(b, 'animals', 'replace', true)).rejects.toThrow(/belongs to no full backup set to restore it from/);
  });
});
