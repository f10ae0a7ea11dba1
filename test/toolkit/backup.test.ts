// The `backup_recovery` schema against a real server: copies with catalogued checksums, validation that
// catches tampering, restores that reproduce the original exactly, retention, health and the drill.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flushStats, toolkitDatabase, type ToolkitDb } from './fixture.js';

let db: ToolkitDb;
beforeAll(async () => {
  db = await toolkitDatabase('rb_tk_backup');
});
afterAll(async () => {
  await db?.end();
});

const checksum = async (table: string) =>
  (await db.rows('SELECT row_count, checksum FROM backup_recovery.table_checksum($1)', [table]))[0];
const backup = async (table: string) =>
  (await db.rows<{ b: string }>('SELECT backup_recovery.create_table_backup($1) AS b', [table]))[0]!.b;
const status = async (name: string) =>
  (await db.rows<{ status: string }>('SELECT status FROM backup_recovery.validate_backup($1)', [name]))[0]!.status;

describe('create_table_backup and validate_backup', () => {
  it('copies a table to bak_<table>_<yyyymmdd_hhmmss> and catalogues its row count and checksum', async () => {
    const name = await backup('animals');
    expect(name).toMatch(/^backup_recovery\.bak_animals_\d{8}_\d{6}(_\d+)?$/);
    const [row] = await db.rows('SELECT source_table, row_count, checksum FROM backup_recovery.backup_catalog WHERE $1 = $2 || backup_name', [name, 'backup_recovery.']);
    const original = await checksum('animals');
    expect(row).toEqual({ source_table: 'public.animals', row_count: original?.row_count, checksum: original?.checksum });
    expect(await checksum(name)).toEqual(original);
  });

  it('names two backups of the same second apart', async () => {
    const [{ a, b }] = (await db.rows(`SELECT backup_recovery.create_table_backup('feed_brands') AS a,
                                              backup_recovery.create_table_backup('feed_brands') AS b`)) as [{ a: string; b: string }];
    expect(a).not.toBe(b);
  });

  it('validates by either name form, and reports tampering, a dropped copy and an unknown name', async () => {
    const name = await backup('user_profiles');
    const bare = name.replace('backup_recovery.', '');
    expect(await status(name)).toBe('VALID');
    expect(await status(bare)).toBe('VALID');
    await db.client.query(`UPDATE ${name} SET full_name = 'tampered' WHERE email = (SELECT min(email) FROM ${name})`);
    expect(await status(name)).toBe('FAILED');
    await db.client.query(`DROP TABLE ${name}`);
    expect(await status(name)).toBe('MISSING');
    await expect(db.client.query(`SELECT * FROM backup_recovery.validate_backup('bak_nothing')`)).rejects.toThrow(
      'backup "bak_nothing" is not in backup_recovery.backup_catalog',
    );
  });
});

describe('restore_table', () => {
  it('replace makes the table equal to the backup again, keeping rows that reference it', async () => {
    const original = await checksum('animals');
    const name = await backup('animals');
    await db.client.query(`UPDATE animals SET weight_lbs = 1 WHERE id <= 500`);
    await db.client.query(`INSERT INTO animals (user_id, name, species) SELECT user_id, 'Extra', 'goat' FROM animals LIMIT 3`);
    expect(await checksum('animals')).not.toEqual(original);
    const journal = await checksum('journal_entries');
    const [{ r }] = (await db.rows('SELECT backup_recovery.restore_table($1, $2, $3) AS r', [name, 'animals', 'replace'])) as [{ r: string }];
    expect(r).toMatch(/^replace animals from backup_recovery\.bak_animals_\S+: 10003 rows deleted, 10000 inserted, 10000 rows now; checksum matches the backup$/);
    expect(await checksum('animals')).toEqual(original);
    expect(await checksum('journal_entries')).toEqual(journal);
    // The identity sequence is past the restored ids: new rows still insert.
    await db.client.query(`INSERT INTO animals (user_id, name, species) SELECT user_id, 'New', 'goat' FROM animals LIMIT 1`);
    await db.client.query(`DELETE FROM animals WHERE name = 'New'`);
  });

  it('replace that would orphan referencing rows fails and changes nothing', async () => {
    const name = await backup('animals');
    await db.client.query(`INSERT INTO animals (id, user_id, name, species) SELECT 20001, user_id, 'Late', 'goat' FROM animals LIMIT 1`);
    await db.client.query(`INSERT INTO journal_entries (user_id, animal_id, entry_date, category, title, content)
                           SELECT user_id, 20001, CURRENT_DATE, 'health', 't', 'c' FROM animals WHERE id = 20001`);
    const before = await checksum('animals');
    await expect(db.client.query('SELECT backup_recovery.restore_table($1, $2, $3)', [name, 'animals', 'replace'])).rejects.toThrow(/foreign key/);
    expect(await checksum('animals')).toEqual(before);
    await db.client.query('DELETE FROM journal_entries WHERE animal_id = 20001; DELETE FROM animals WHERE id = 20001');
  });

  it('merge inserts only the rows whose primary key is missing', async () => {
    const name = await backup('feed_brands');
    await db.client.query(`DELETE FROM feed_brands WHERE id IN (23, 24) AND NOT EXISTS (SELECT 1 FROM animals WHERE feed_brand_id IN (23, 24))`);
    const deleted = 24 - Number((await db.rows('SELECT count(*) AS n FROM feed_brands'))[0]!.n);
    await db.client.query(`UPDATE feed_brands SET manufacturer = 'kept' WHERE id = 1`);
    const [{ r }] = (await db.rows('SELECT backup_recovery.restore_table($1, $2, $3) AS r', [name, 'feed_brands', 'merge'])) as [{ r: string }];
    expect(r).toContain(`0 rows deleted, ${deleted} inserted, 24 rows now`);
    expect(await db.rows('SELECT manufacturer FROM feed_brands WHERE id = 1')).toEqual([{ manufacturer: 'kept' }]);
  });

  it('restores into a table that does not exist by creating it from the backup columns', async () => {
    const name = await backup('spar_runs');
    await db.client.query('SELECT backup_recovery.restore_table($1, $2, $3)', [name, 'backup_recovery.scratch_spar', 'replace']);
    expect(await checksum('backup_recovery.scratch_spar')).toEqual(await checksum('spar_runs'));
    await db.client.query('DROP TABLE backup_recovery.scratch_spar');
  });

  it('rejects an unknown mode', async () => {
    const name = await backup('feed_brands');
    await expect(db.client.query('SELECT backup_recovery.restore_table($1, $2, $3)', [name, 'feed_brands', 'overwrite'])).rejects.toThrow(
      'restore mode must be replace or merge, not "overwrite"',
    );
  });
});

describe('full backup, retention, health, maintenance and the drill', () => {
  it('create_full_backup copies every public table and health_check then passes its backup checks', async () => {
    const rows = await db.rows('SELECT source_table FROM backup_recovery.create_full_backup()');
    expect(rows.map((r) => r.source_table)).toEqual(
      ['animals', 'data_access_audit', 'feed_brands', 'journal_entries', 'spar_runs', 'user_profiles'].map((t) => `public.${t}`),
    );
    const health = Object.fromEntries((await db.rows('SELECT * FROM backup_recovery.health_check()')).map((r) => [r.check_name, r.status]));
    expect(health).toMatchObject({ latest_backup: 'OK', full_backup_valid: 'OK', row_level_security: 'OK' });
    expect(health.backup_copies_present).toBe('WARNING'); // the copy dropped in the validation test
  });

  it('cleanup_old_backups drops only copies older than the retention', async () => {
    const old = (await backup('feed_brands')).replace('backup_recovery.', '');
    await db.client.query(`UPDATE backup_recovery.backup_catalog SET created_at = now() - interval '31 days' WHERE backup_name = $1`, [old]);
    const kept = Number((await db.rows('SELECT count(*) AS n FROM backup_recovery.backup_catalog'))[0]!.n) - 1;
    expect(await db.rows('SELECT * FROM backup_recovery.cleanup_old_backups(30)')).toEqual([{ backups_dropped: 1, dropped: [old], backups_kept: kept }]);
    expect(await db.rows(`SELECT to_regclass('backup_recovery.' || $1) AS t`, [old])).toEqual([{ t: null }]);
  });

  it('perform_maintenance analyzes every public table and lists the VACUUMs to run outside', async () => {
    await flushStats(db.client);
    const rows = await db.rows('SELECT table_name, action, status, details FROM backup_recovery.perform_maintenance()');
    expect(rows.filter((r) => r.action === 'ANALYZE').map((r) => r.table_name)).toHaveLength(6);
    expect(rows.find((r) => r.table_name === 'animals' && r.action === 'VACUUM')).toMatchObject({
      status: 'TO RUN',
      details: expect.stringContaining('run VACUUM (ANALYZE) animals; outside a transaction'),
    });
  });

  it('disaster_recovery_drill passes every step and leaves nothing behind', async () => {
    const tablesBefore = await db.rows(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'backup_recovery'`);
    const rows = await db.rows('SELECT step, status FROM backup_recovery.disaster_recovery_drill()');
    expect(rows).toEqual(['backup', 'restore', 'validate', 'cleanup', 'overall'].map((step) => ({ step, status: 'PASS' })));
    expect(await db.rows(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'backup_recovery'`)).toEqual(tablesBefore);
  });
});
