// The runbook is the source of truth for the toolkit's tables: what it declares (Runbook.declared: the
// Alert Thresholds rows, the Key Metrics Targets, the Backup Schedule) is written into
// performance.alert_thresholds, performance.metric_targets and backup_recovery.backup_schedule when the
// toolkit is installed, each row naming the runbook line it came from; `runbook check FILE --db URL`
// reads them back and reports every disagreement at the runbook line it concerns.

import type pg from 'pg';
import type { Declared, Diagnostic, Position, Runbook } from '../runbook/model.js';
import { sortDiagnostics } from '../runbook/diagnostics.js';

export interface DeclaredSource {
  /** The runbook path as rows name it (`runbooks/database-operations.md:324`). */
  path: string;
  declared: Declared;
}

export interface WrittenSettings {
  thresholds: number;
  targets: number;
  schedule: number;
}

/** Replaces the three tables' rows with the runbook's, in the caller's transaction. */
export async function writeDeclared(client: pg.ClientBase, source: DeclaredSource): Promise<WrittenSettings> {
  const { declared, path } = source;
  const at = (p: Position) => `${path}:${p.line}`;
  await client.query('DELETE FROM performance.alert_thresholds');
  for (const t of declared.thresholds) {
    await client.query(
      'INSERT INTO performance.alert_thresholds (metric, unit, warning, critical, direction, action, source) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [t.metric, t.unit, t.warning, t.critical, t.direction, t.action || null, at(t)],
    );
  }
  await client.query('DELETE FROM performance.metric_targets');
  for (const t of declared.targets) {
    await client.query(
      'INSERT INTO performance.metric_targets (metric, comparison, target, unit, shown, source) VALUES ($1, $2, $3, $4, $5, $6)',
      [t.metric, t.comparison, t.value, t.unit, t.shown, at(t)],
    );
  }
  await client.query('DELETE FROM backup_recovery.backup_schedule');
  for (const s of declared.backupSchedule) {
    await client.query(
      `INSERT INTO backup_recovery.backup_schedule (backup_type, kind, frequency, every, retention, keep_for, location, checked_by, source)
       VALUES ($1, $2, $3, justify_hours(make_interval(secs => $4)), $5, justify_hours(make_interval(secs => $6)), $7, $8, $9)
       ON CONFLICT (backup_type) DO NOTHING`,
      [s.type, s.kind, s.frequency, s.everySeconds ?? null, s.retention || null, s.retentionSeconds ?? null, s.location || null, s.checkedBy, at(s)],
    );
  }
  return { thresholds: declared.thresholds.length, targets: declared.targets.length, schedule: declared.backupSchedule.length };
}

interface Row {
  key: string;
  /** What is compared, as text a person reads. */
  shown: string;
}

/**
 * One `db-mismatch` error per disagreement between the runbook's declarations and the database's toolkit
 * tables (`where` names the database, e.g. `postgres@db:5432/showtrack`).
 */
export async function compareDeclared(client: pg.ClientBase, runbook: Runbook, where: string): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const report = (p: Position, message: string) =>
    out.push({ path: runbook.path, line: p.line, column: p.column, severity: 'error', message, ruleId: 'db-mismatch' });
  const { rows: present } = await client.query<{ ok: boolean }>(
    `SELECT to_regclass('performance.alert_thresholds') IS NOT NULL AND to_regclass('performance.metric_targets') IS NOT NULL
        AND to_regclass('backup_recovery.backup_schedule') IS NOT NULL
        AND (SELECT relkind FROM pg_class WHERE oid = to_regclass('performance.alert_thresholds')) = 'r' AS ok`,
  );
  const d = runbook.declared;
  if (!present[0]?.ok) {
    if (d.thresholds.length + d.targets.length + d.backupSchedule.length === 0) return out;
    const first = d.thresholds[0] ?? d.targets[0] ?? d.backupSchedule[0] ?? { line: 1, column: 1 };
    report(first, `${where} has no toolkit tables for the runbook's thresholds, targets and backup schedule: install them with runbook db install-toolkit --runbook ${runbook.path} --db URL`);
    return out;
  }
  const num = (n: number) => String(Math.round(n * 1000) / 1000);
  const sections: { name: string; declared: (Row & Position)[]; database: Row[]; anchor: Position }[] = [];

  const thresholds = await client.query<{ metric: string; unit: string; warning: string; critical: string; direction: string; action: string | null }>(
    'SELECT metric, unit, warning::text, critical::text, direction, action FROM performance.alert_thresholds ORDER BY metric',
  );
  const thresholdText = (t: { unit: string; direction: string; warning: number; critical: number; action: string }) =>
    `${t.direction === 'below' ? '<' : '>'} ${num(t.warning)} / ${t.direction === 'below' ? '<' : '>'} ${num(t.critical)} ${t.unit}, action "${t.action}"`;
  sections.push({
    name: 'alert threshold',
    anchor: runbook.thresholds[0] ?? { line: 1, column: 1 },
    declared: d.thresholds.map((t) => ({ key: t.metric, shown: thresholdText(t), line: t.line, column: t.column })),
    database: thresholds.rows.map((t) => ({ key: t.metric, shown: thresholdText({ ...t, warning: Number(t.warning), critical: Number(t.critical), action: t.action ?? '' }) })),
  });

  const targets = await client.query<{ metric: string; comparison: string; target: string; unit: string }>(
    'SELECT metric, comparison, target::text, unit FROM performance.metric_targets ORDER BY metric',
  );
  sections.push({
    name: 'target',
    anchor: d.targets[0] ?? { line: 1, column: 1 },
    declared: d.targets.map((t) => ({ key: t.metric, shown: `${t.comparison} ${num(t.value)} ${t.unit}`, line: t.line, column: t.column })),
    database: targets.rows.map((t) => ({ key: t.metric, shown: `${t.comparison} ${num(Number(t.target))} ${t.unit}` })),
  });

  const schedule = await client.query<{ backup_type: string; kind: string; every: string | null; keep_for: string | null; location: string | null; checked_by: string }>(
    `SELECT backup_type, kind, extract(epoch FROM every)::text AS every, extract(epoch FROM keep_for)::text AS keep_for, location, checked_by
       FROM backup_recovery.backup_schedule ORDER BY backup_type`,
  );
  const scheduleText = (s: { kind: string; every?: number; keep?: number; location: string; checkedBy: string }) =>
    `${s.kind}, every ${s.every === undefined ? '?' : `${num(s.every)} s`}, kept ${s.keep === undefined ? '?' : `${num(s.keep)} s`}, in "${s.location}" (checked by ${s.checkedBy})`;
  sections.push({
    name: 'backup schedule row',
    anchor: runbook.schedules[0] ?? { line: 1, column: 1 },
    declared: d.backupSchedule.map((s) => ({
      key: s.type,
      shown: scheduleText({ kind: s.kind, every: s.everySeconds, keep: s.retentionSeconds, location: s.location, checkedBy: s.checkedBy }),
      line: s.line,
      column: s.column,
    })),
    database: schedule.rows.map((s) => ({
      key: s.backup_type,
      shown: scheduleText({
        kind: s.kind,
        every: s.every === null ? undefined : Number(s.every),
        keep: s.keep_for === null ? undefined : Number(s.keep_for),
        location: s.location ?? '',
        checkedBy: s.checked_by,
      }),
    })),
  });

  for (const section of sections) {
    const inDb = new Map(section.database.map((r) => [r.key, r]));
    for (const decl of section.declared) {
      const row = inDb.get(decl.key);
      if (!row) report(decl, `${where} has no ${section.name} for ${decl.key}; the runbook says ${decl.shown} (re-install: runbook db install-toolkit)`);
      else if (row.shown !== decl.shown) report(decl, `${where} has ${section.name} ${decl.key} as ${row.shown}; the runbook says ${decl.shown}`);
    }
    const declaredKeys = new Set(section.declared.map((r) => r.key));
    for (const row of section.database) {
      if (!declaredKeys.has(row.key)) report(section.anchor, `${where} has a ${section.name} for ${row.key} (${row.shown}) that the runbook does not declare`);
    }
  }
  return sortDiagnostics(out);
}
