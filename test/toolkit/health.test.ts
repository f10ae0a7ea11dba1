// health_check judges backups by the runbook's Backup Schedule (written into backup_recovery.backup_schedule
// at install): the latest full backup's age against "Daily 2 AM", retention against "30 days", WAL
// archiving for "Incremental / Every 6 hours / WAL logs", and storage outside the database reported as
// not checkable. Editing the runbook's table and re-installing changes the verdict.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installToolkit } from '../../src/database/toolkit.js';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { ROOT } from '../helpers/cli.js';
import { toolkitDatabase, type ToolkitDb, lineOf } from './fixture.js';

let db: ToolkitDb;
beforeAll(async () => {
  db = await toolkitDatabase('rb_tk_health');
});
afterAll(async () => {
  await db?.end();
});

const health = async () =>
  Object.fromEntries((await db.rows<{ check_name: string; status: string; details: string }>('SELECT * FROM backup_recovery.health_check()'))
    .map((r) => [r.check_name, { status: r.status, details: r.details }]));
const ageFullBackups = (hours: number) =>
  db.client.query(`UPDATE backup_recovery.backup_catalog SET created_at = now() - make_interval(hours => $1) WHERE backup_type = 'full'`, [hours]);

describe('health_check against the runbook\'s Backup Schedule', () => {
  it('installs the schedule from the runbook, each row naming its line', async () => {
    expect(await db.rows(`SELECT backup_type, kind, frequency, every::text, keep_for::text, location, checked_by, source
                            FROM backup_recovery.backup_schedule ORDER BY every`)).toEqual([
      { backup_type: 'Incremental', kind: 'incremental', frequency: 'Every 6 hours', every: '06:00:00', keep_for: '7 days', location: 'WAL logs', checked_by: 'wal', source: `runbooks/database-operations.md:${lineOf('| Incremental |')}` },
      { backup_type: 'Full Backup', kind: 'full', frequency: 'Daily 2 AM', every: '1 day', keep_for: '30 days', location: 'backup_recovery schema', checked_by: 'catalog', source: `runbooks/database-operations.md:${lineOf('| Full Backup |')}` },
      { backup_type: 'Snapshot', kind: 'snapshot', frequency: 'Weekly Sunday', every: '7 days', keep_for: '90 days', location: 'External storage', checked_by: 'none', source: `runbooks/database-operations.md:${lineOf('| Snapshot |')}` },
    ]);
  });

  it('is CRITICAL without a full backup, OK after one, WARNING past a day and CRITICAL past two missed runs', async () => {
    expect((await health()).latest_full_backup).toEqual({
      status: 'CRITICAL',
      details: `no full backup in backup_recovery.backup_catalog; the runbook schedules Full Backup "Daily 2 AM" (every 1 day) (runbooks/database-operations.md:${lineOf('| Full Backup |')})`,
    });
    await db.client.query('SELECT * FROM backup_recovery.create_full_backup()');
    expect((await health()).latest_full_backup!.status).toBe('OK');
    await ageFullBackups(27);
    expect((await health()).latest_full_backup).toEqual({ status: 'WARNING', details: expect.stringMatching(/ was taken 1 day 03:00:\d\d ago; the runbook schedules Full Backup "Daily 2 AM"/) });
    await ageFullBackups(51);
    // A table backup is no full backup: it does not make the schedule good again.
    await db.client.query(`SELECT backup_recovery.create_table_backup('animals')`);
    expect((await health()).latest_full_backup!.status).toBe('CRITICAL');
  });

  it('warns when full backups are kept past the runbook\'s retention', async () => {
    expect((await health()).full_backup_retention!.status).toBe('OK');
    await ageFullBackups(24 * 32);
    expect((await health()).full_backup_retention).toEqual({
      status: 'WARNING',
      details: expect.stringMatching(/^older than the 30 days retention of Full Backup: bak_\w+_\d{8}_\d{6}/),
    });
  });

  it('judges WAL archiving by the Incremental row and reports external snapshots as not checkable', async () => {
    const h = await health();
    const [{ mode }] = (await db.rows(`SELECT current_setting('archive_mode') AS mode`)) as [{ mode: string }];
    if (mode === 'off') {
      expect(h.wal_archiving).toEqual({
        status: 'CRITICAL',
        details: `archive_mode = off, but the runbook schedules Incremental "Every 6 hours" in WAL logs (runbooks/database-operations.md:${lineOf('| Incremental |')}): no WAL is archived, no point-in-time recovery`,
      });
    }
    expect(h.snapshot).toEqual({ status: 'NOT CHECKED', details: `Snapshot "Weekly Sunday" is kept in External storage, outside the database: check it there (runbooks/database-operations.md:${lineOf('| Snapshot |')})` });
  });

  it('follows the runbook: "Every 3 days" instead of "Daily 2 AM" and re-installing makes a 51-hour-old backup OK', async () => {
    await ensureParsers();
    const text = readFileSync(join(ROOT, 'runbooks/database-operations.md'), 'utf8')
      .replace('| Full Backup | Daily 2 AM | 30 days |', '| Full Backup | Every 3 days | 30 days |');
    const edited = parseRunbook(text, 'edited.md');
    await installToolkit(db.client, { demoData: false, runbook: { path: 'edited.md', declared: edited.declared } });
    await db.client.query('SELECT * FROM backup_recovery.create_full_backup()');
    await ageFullBackups(51);
    expect((await health()).latest_full_backup).toEqual({ status: 'OK', details: expect.stringContaining(`the runbook schedules Full Backup "Every 3 days" (every 3 days) (edited.md:${lineOf('| Full Backup |')})`) });
    await installToolkit(db.client, { demoData: false });
  });
});
