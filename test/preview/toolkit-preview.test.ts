// Previews of the toolkit functions declared destructive, on a database with the toolkit installed:
// kill_long_queries(n) lists the queries it would end (through performance.long_queries, the function's
// own definition), cleanup_old_backups(n) the copies it would drop, restore_table the backup's and the
// target's rows; none of them ends, drops or restores anything, and the real call then does what the
// preview said.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { toolkitDatabase, type ToolkitDb } from '../toolkit/fixture.js';
import { SqlExecutor } from '../../src/executors/sql.js';
import { planFor, runPreview, type Preview } from '../../src/session/preview.js';
import { outputDir, targetFor, until } from '../executors/helpers.js';

let db: ToolkitDb;
let sql: SqlExecutor;
const out = outputDir();
let sleeper: pg.Client;

beforeAll(async () => {
  db = await toolkitDatabase('rb_preview_toolkit', false);
  await db.rows('CREATE TABLE IF NOT EXISTS public.pens (id int PRIMARY KEY, name text); INSERT INTO public.pens SELECT g, g::text FROM generate_series(1, 12) g');
  sql = new SqlExecutor(await targetFor(db.url));
});

afterAll(async () => {
  await sleeper?.end().catch(() => undefined);
  await sql.close();
  await db.end();
});

const preview = async (text: string): Promise<Preview> => runPreview(sql, await planFor(text), out);

describe('toolkit previews', () => {
  it('kill_long_queries(0): the active queries it would end, ended by nothing', async () => {
    sleeper = new pg.Client({ connectionString: db.url, application_name: 'rb-long-query' });
    sleeper.on('error', () => undefined); // it is terminated below
    await sleeper.connect();
    const pid = Number((await sleeper.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
    const running = sleeper.query('SELECT pg_sleep(30)').catch((e: Error) => e);
    await until(async () => (await db.rows("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active'", [pid])).length === 1, 'the long query');
    const p = await preview('SELECT * FROM performance.kill_long_queries(0)');
    expect(p.sessions).toEqual([expect.objectContaining({ pid, application: 'rb-long-query', state: 'active', query: 'SELECT pg_sleep(30)' })]);
    expect(p.summary).toBe(`queries kill_long_queries(0) ends 1 session (pid ${pid})`);
    expect(await db.rows('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).toHaveLength(1);
    // What the call then terminates is what the preview listed.
    const killed = await db.rows<{ pid: number }>('SELECT pid FROM performance.kill_long_queries(0)');
    expect(killed.map((k) => k.pid)).toEqual([pid]);
    expect(await running).toBeInstanceOf(Error);
  });

  it('cleanup_old_backups(n): the copies it would drop, still there after', async () => {
    const [{ backup }] = await db.rows<{ backup: string }>("SELECT replace(backup_recovery.create_table_backup('public.pens'), 'backup_recovery.', '') AS backup");
    await db.rows("UPDATE backup_recovery.backup_catalog SET created_at = now() - interval '40 days' WHERE backup_name = $1", [backup]);
    const p = await preview('SELECT * FROM backup_recovery.cleanup_old_backups(30)');
    expect(p.backups).toEqual([expect.objectContaining({ backup, rows: 12, bytes: expect.any(Number) })]);
    expect(p.summary).toBe(`backups cleanup_old_backups(30) drops 1 backup (${backup})`);
    expect(await db.rows('SELECT 1 FROM backup_recovery.backup_catalog WHERE backup_name = $1', [backup])).toHaveLength(1);
    expect(await db.rows<{ dropped: string[] }>('SELECT dropped FROM backup_recovery.cleanup_old_backups(30)')).toEqual([{ dropped: [backup] }]);
  });

  it("restore_table(..., 'replace'): the backup's rows and the target's rows now", async () => {
    const [{ backup }] = await db.rows<{ backup: string }>("SELECT replace(backup_recovery.create_table_backup('public.pens'), 'backup_recovery.', '') AS backup");
    await db.rows('DELETE FROM public.pens WHERE id > 9');
    const p = await preview(`SELECT backup_recovery.restore_table('${backup}', 'public.pens', 'replace')`);
    expect(p.tables).toEqual([
      { table: backup, exists: true, rows: 12 },
      { table: 'public.pens', exists: true, rows: 9 },
    ]);
    expect(p.summary).toBe(`restore_table(replace): backup ${backup} has 12 rows; public.pens has 9 rows now (replace deletes the rows the backup lacks and updates or inserts the others)`);
    expect(await db.rows('SELECT count(*)::int AS n FROM public.pens')).toEqual([{ n: 9 }]);
    const missing = await preview("SELECT backup_recovery.restore_table('no_such_backup', 'public.pens', 'merge')");
    expect(missing.summary).toMatch(/^no preview: restore_table\(merge\): backup "no_such_backup" is not in backup_recovery.backup_catalog/);
  });

  it('says plainly when a toolkit function has no preview', async () => {
    const p = await preview("SELECT backup_recovery.create_full_backup()");
    expect(p.summary).toBe('no preview: backup_recovery.create_full_backup() has no preview');
  });
});
