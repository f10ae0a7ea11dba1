// The runbook is the source of truth for the toolkit's tables: installing writes its Alert Thresholds,
// Key Metrics Targets and Backup Schedule; editing the runbook and re-installing changes the alert;
// compareDeclared (runbook check --db) names each disagreement at its runbook line. Also: installing over
// an earlier toolkit (thresholds as a view, slow_query_log as a table with duplicates) upgrades it.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { installToolkit } from '../../src/database/toolkit.js';
import { compareDeclared } from '../../src/database/toolkit-settings.js';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import type { Runbook } from '../../src/runbook/model.js';
import { createTestDatabase } from '../helpers/db.js';
import { ROOT } from '../helpers/cli.js';
import { flushStats, toolkitDatabase, type ToolkitDb, lineOf } from './fixture.js';

const SEED = readFileSync(join(ROOT, 'runbooks/database-operations.md'), 'utf8');
let db: ToolkitDb;
let bundled: Runbook;
let edited: Runbook;
beforeAll(async () => {
  await ensureParsers();
  bundled = parseRunbook(SEED, 'runbooks/database-operations.md');
  edited = parseRunbook(
    SEED.replace('| Dead Tuples | > 10K | > 50K | Run VACUUM |', '| Dead Tuples | > 100 | > 500 | Run VACUUM now |')
      .replace('**Cache Hit Ratio:** > 95%', '**Cache Hit Ratio:** > 99%'),
    'edited.md',
  );
  db = await toolkitDatabase('rb_tk_settings');
});
afterAll(async () => {
  await db?.end();
});

const deadTupleAlert = async () => db.rows(`SELECT alert_level, threshold, action FROM performance.check_alerts() WHERE metric = 'dead_tuples'`);

describe('the runbook\'s tables in the toolkit', () => {
  it('installs the bundled runbook\'s thresholds, targets and schedule', async () => {
    expect(db.install.settings).toEqual({ thresholds: 5, targets: 5, schedule: 3, from: 'runbooks/database-operations.md' });
    expect(await db.rows('SELECT metric, comparison, target::float8, unit, shown, source FROM performance.metric_targets ORDER BY source')).toEqual([
      { metric: 'availability', comparison: '>=', target: 99.9, unit: '%', shown: '99.9% uptime', source: 'runbooks/database-operations.md:35' },
      { metric: 'response_time', comparison: '<', target: 200, unit: 'ms', shown: '< 200ms for 95% of queries', source: 'runbooks/database-operations.md:36' },
      { metric: 'cache_hit_ratio', comparison: '>', target: 95, unit: '%', shown: '> 95%', source: 'runbooks/database-operations.md:37' },
      { metric: 'rto', comparison: '<=', target: 3600, unit: 's', shown: '1 hour', source: 'runbooks/database-operations.md:38' },
      { metric: 'rpo', comparison: '<=', target: 900, unit: 's', shown: '15 minutes', source: 'runbooks/database-operations.md:39' },
    ]);
    expect(await compareDeclared(db.client, bundled, 'the test database')).toEqual([]);
  });

  it('editing the runbook\'s Dead Tuples row and re-installing changes the alert; check --db names the disagreement until then', async () => {
    await db.client.query('CREATE TABLE churn WITH (autovacuum_enabled = false) AS SELECT g FROM generate_series(1, 2000) g');
    await db.client.query('DELETE FROM churn WHERE g <= 1000');
    await flushStats(db.client);
    expect(await deadTupleAlert()).toEqual([]);
    const before = await compareDeclared(db.client, edited, 'the test database');
    expect(before.map((d) => `${d.path}:${d.line}: ${d.severity} ${d.message} [${d.ruleId}]`)).toEqual([
      'edited.md:37: error the test database has target cache_hit_ratio as > 95 %; the runbook says > 99 % [db-mismatch]',
      `edited.md:${lineOf('| Dead Tuples |')}: error the test database has alert threshold dead_tuples as > 10000 / > 50000 tuples, action "Run VACUUM"; the runbook says > 100 / > 500 tuples, action "Run VACUUM now" [db-mismatch]`,
    ]);

    await installToolkit(db.client, { demoData: false, runbook: { path: 'edited.md', declared: edited.declared } });
    expect(await deadTupleAlert()).toEqual([{ alert_level: 'CRITICAL', threshold: '> 500 tuples', action: 'Run VACUUM now' }]);
    expect(await compareDeclared(db.client, edited, 'the test database')).toEqual([]);
    expect((await compareDeclared(db.client, bundled, 'the test database')).map((d) => d.line)).toEqual([37, lineOf('| Dead Tuples |')]);

    await installToolkit(db.client, { demoData: false });
    expect(await deadTupleAlert()).toEqual([]);
    await db.client.query('DROP TABLE churn');
  });

  it('reports rows the database has and the runbook does not declare, and a database without the toolkit', async () => {
    const noBackupSchedule = parseRunbook(SEED.replace('### Backup Schedule', '### Backup Plan'), 'plan.md');
    expect((await compareDeclared(db.client, noBackupSchedule, 'db')).map((d) => d.message)).toEqual([
      expect.stringMatching(/^db has a backup schedule row for Full Backup \(full, every 86400 s, kept 2592000 s, in "backup_recovery schema" \(checked by catalog\)\) that the runbook does not declare$/),
      expect.stringMatching(/^db has a backup schedule row for Incremental /),
      expect.stringMatching(/^db has a backup schedule row for Snapshot /),
    ]);
    const empty = new pg.Client({ connectionString: await createTestDatabase('rb_tk_nokit') });
    await empty.connect();
    try {
      const [d] = await compareDeclared(empty, bundled, 'db');
      expect(d).toMatchObject({ line: lineOf('| Cache Hit Ratio |'), severity: 'error', ruleId: 'db-mismatch', message: expect.stringMatching(/^db has no toolkit tables for the runbook's thresholds/) });
    } finally {
      await empty.end();
    }
  });

  it('upgrades an earlier toolkit: thresholds kept in a view, slow_query_log a table with duplicate captures', async () => {
    const client = new pg.Client({ connectionString: await createTestDatabase('rb_tk_upgrade') });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA performance;
        CREATE VIEW performance.alert_thresholds AS SELECT 'dead_tuples'::text AS metric, 'tuples'::text AS unit, 1::numeric AS warning;
        CREATE TABLE performance.slow_query_log (id bigint, captured_at timestamptz, queryid bigint, username name, query text, calls bigint,
          execution_time_ms numeric, max_execution_time_ms numeric, total_execution_time_ms numeric, rows bigint);
        INSERT INTO performance.slow_query_log SELECT g, now() - g * interval '1 hour', 42, current_user, 'SELECT slow()', 10 - g, 1500, 2000, 15000, 1
          FROM generate_series(1, 5) g;`);
      await installToolkit(client, { demoData: false });
      expect((await client.query(`SELECT relkind FROM pg_class WHERE oid IN ('performance.alert_thresholds'::regclass, 'performance.slow_query_log'::regclass) ORDER BY relname`)).rows)
        .toEqual([{ relkind: 'r' }, { relkind: 'v' }]);
      expect((await client.query(`SELECT queryid::int, query, calls::int FROM performance.slow_query_history`)).rows).toEqual([{ queryid: 42, query: 'SELECT slow()', calls: 9 }]);
    } finally {
      await client.end();
    }
  });
});
