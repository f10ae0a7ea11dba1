// What a preview shows: the probes' rows (preview-plan.ts), read into one `Preview` with a one-line
// summary. Pure: the session runs the probes and hands their rows here; the UI, exec's output, the
// journal and the report all show this same object.
import type { LockMode, PreviewPlan, Probe } from './preview-probe.js';

export interface PreviewSession {
  pid: number;
  user?: string;
  application?: string;
  state?: string;
  query?: string;
  /** runbook's own backend (the one that would run the statement). */
  thisSession?: true;
}

export interface PreviewLock extends PreviewSession {
  mode: string;
  /** false: waiting for it (queued ahead of the statement). */
  granted: boolean;
  table?: string;
}

export interface PreviewTable {
  table: string;
  exists: boolean;
  rows?: number;
  /** The planner's estimate (pg_class.reltuples), when counting ran out of time. */
  estimatedRows?: number;
  bytes?: number;
  /** Reached by TRUNCATE ... CASCADE through a foreign key. */
  cascaded?: true;
}

export interface Preview {
  /** One line: what it would touch. */
  summary: string;
  /** Rows it would change (DML count, the tables' rows). */
  rows?: number;
  /** `rows` is the planner's estimate (the count ran out of time). */
  estimated?: true;
  sessions?: PreviewSession[];
  locks?: PreviewLock[];
  grants?: { object: string; privilege: string; grantee: string }[];
  settings?: { name: string; current: string | null; new: string; note?: string }[];
  tables?: PreviewTable[];
  backups?: { backup: string; createdAt: string; rows?: number; bytes?: number }[];
  /** The lock a DDL statement takes (its run gets a lock_timeout). */
  lock?: { mode: LockMode; tables: string[] };
  /** Why some or all of it could not be shown. */
  unavailable?: string;
}

export type ProbeResult =
  | { ok: true; columns: string[]; rows: (string | null)[][]; estimated?: boolean }
  | { ok: false; error: string; unreachable?: boolean };

export interface ProbeOutcome {
  probe: Probe;
  result: ProbeResult;
}

type Row = Record<string, string | null>;

function records(r: { columns: string[]; rows: (string | null)[][] }): Row[] {
  return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c, row[i] ?? null])));
}

const num = (v: string | null | undefined): number | undefined => (v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v));
const text = (v: string | null | undefined): string | undefined => (v === null || v === undefined ? undefined : v);
const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function session(row: Row): PreviewSession {
  const s: PreviewSession = { pid: num(row.pid) ?? 0 };
  if (text(row.usename) !== undefined) s.user = row.usename!;
  if (text(row.application_name)) s.application = row.application_name!;
  if (text(row.state) !== undefined) s.state = row.state!;
  if (text(row.query) !== undefined) s.query = row.query!;
  if (row.this_session === 't' || row.this_session === 'true') s.thisSession = true;
  return s;
}

function pids(list: PreviewSession[]): string {
  const shown = list.slice(0, 8).map((s) => `${s.pid}${s.thisSession ? ' (this session)' : ''}`);
  return `pid ${shown.join(', ')}${list.length > 8 ? `, +${list.length - 8} more` : ''}`;
}

/** Reads one probe's rows into the preview; returns its summary phrase. */
function read(preview: Preview, probe: Probe, r: Extract<ProbeResult, { ok: true }>): string {
  const rows = records(r);
  switch (probe.kind) {
    case 'count': {
      const n = r.estimated ? estimateOf(r.rows[0]?.[0]) : num(rows[0]?.rows);
      if (n === undefined) return `${probe.label}: no count`;
      preview.rows = (preview.rows ?? 0) + n;
      if (r.estimated) preview.estimated = true;
      return `${probe.label}: ${r.estimated ? `about ${count(n, 'row')} (the planner's estimate: counting ran out of time)` : count(n, 'row')}`;
    }
    case 'tables': {
      const tables = rows.map((row): PreviewTable => {
        const t: PreviewTable = { table: row.table ?? '', exists: row.exists === 't' || row.exists === 'true' };
        const exact = num(row.rows);
        if (exact !== undefined) t.rows = exact;
        else if (num(row.estimated_rows) !== undefined && t.exists) t.estimatedRows = num(row.estimated_rows)!;
        if (num(row.bytes) !== undefined) t.bytes = num(row.bytes)!;
        if (row.cascaded === 't' || row.cascaded === 'true') t.cascaded = true;
        return t;
      });
      preview.tables = [...(preview.tables ?? []), ...tables];
      const total = tables.reduce((sum, t) => sum + (t.rows ?? t.estimatedRows ?? 0), 0);
      if (tables.some((t) => t.exists)) preview.rows = (preview.rows ?? 0) + total;
      if (tables.some((t) => t.rows === undefined && t.estimatedRows !== undefined)) preview.estimated = true;
      const each = tables.map((t) => {
        if (!t.exists) return `${t.table} does not exist`;
        const n = t.rows !== undefined ? count(t.rows, 'row') : t.estimatedRows !== undefined ? `about ${count(t.estimatedRows, 'row')}` : 'rows unknown';
        return `${t.table}${t.cascaded ? ' (by cascade)' : ''} ${n}${t.bytes !== undefined ? `, ${formatBytes(t.bytes)}` : ''}`;
      });
      return `${probe.label.split(' ')[0]}: ${each.join('; ')}`;
    }
    case 'sessions': {
      const list = rows.map(session);
      preview.sessions = [...(preview.sessions ?? []), ...list];
      return list.length === 0 ? `${probe.label}: none now` : `${probe.label} ${count(list.length, 'session')} (${pids(list)})`;
    }
    case 'grants': {
      const grants = rows.map((row) => ({ object: row.object ?? '', privilege: row.privilege ?? '', grantee: row.grantee ?? '' }));
      preview.grants = grants;
      if (grants.length === 0) return `${probe.label}: the roles hold no such grant now (nothing would disappear)`;
      const who = [...new Set(grants.map((g) => g.grantee))].join(', ');
      const objects = new Set(grants.map((g) => g.object)).size;
      return `${probe.label} takes ${count(grants.length, 'grant')} on ${count(objects, 'object')} from ${who}`;
    }
    case 'settings': {
      const settings = rows.map((row) => ({ name: row.name ?? '', current: row.current ?? null, new: row.new ?? '', ...(row.note ? { note: row.note } : {}) }));
      preview.settings = [...(preview.settings ?? []), ...settings];
      if (settings.length === 0) return `${probe.label}: no such setting`;
      return settings.map((s) => `${s.name}: ${s.current ?? '(not set)'} -> ${s.new}${s.note ? ` (${s.note})` : ''}`).join('; ');
    }
    case 'locks': {
      const locks = rows.map((row): PreviewLock => ({ ...session(row), mode: row.mode ?? '', granted: row.granted === 't' || row.granted === 'true', ...(row.table ? { table: row.table } : {}) }));
      preview.locks = locks;
      if (locks.length === 0) return `${probe.label}: no other session holds or awaits a conflicting lock now`;
      const held = locks.filter((l) => l.granted).length;
      return `${probe.label}: ${count(locks.length, 'session')} ${held === locks.length ? 'hold' : held === 0 ? 'await' : 'hold or await'} a conflicting lock (${pids(locks)}); it would wait behind them`;
    }
    case 'backups': {
      const backups = rows.map((row) => ({ backup: row.backup ?? '', createdAt: row.created_at ?? '', ...(num(row.rows) !== undefined ? { rows: num(row.rows)! } : {}), ...(num(row.bytes) !== undefined ? { bytes: num(row.bytes)! } : {}) }));
      preview.backups = backups;
      if (backups.length === 0) return `${probe.label}: none`;
      return `${probe.label} ${count(backups.length, 'backup')} (${backups.slice(0, 5).map((b) => b.backup).join(', ')}${backups.length > 5 ? ', ...' : ''})`;
    }
    case 'restore': {
      const row = rows[0];
      if (!row) return `${probe.label}: the backup is not in the catalog`;
      const backupRows = num(row.backup_rows);
      const targetRows = num(row.target_rows);
      preview.tables = [
        { table: row.backup ?? '', exists: true, ...(backupRows !== undefined ? { rows: backupRows } : {}) },
        { table: row.target ?? '', exists: targetRows !== undefined, ...(targetRows !== undefined ? { rows: targetRows } : {}) },
      ];
      if (targetRows !== undefined) preview.rows = targetRows;
      const what = row.mode === 'merge' ? 'merge inserts the rows it lacks and updates the others' : 'replace deletes the rows the backup lacks and updates or inserts the others';
      return `${probe.label}: backup ${row.backup} has ${backupRows === undefined ? 'an unknown number of rows' : count(backupRows, 'row')}; ${row.target} ${targetRows === undefined ? 'does not exist yet' : `has ${count(targetRows, 'row')} now`} (${what})`;
    }
  }
  return probe.label;
}

/** The plan rows of an EXPLAIN (FORMAT JSON) of `SELECT count(...) ...`: what the count would have counted. */
function estimateOf(json: string | null | undefined): number | undefined {
  try {
    const plan = (JSON.parse(json ?? '') as { Plan: { 'Plan Rows'?: number; Plans?: { 'Plan Rows'?: number }[] } }[])[0]!.Plan;
    const rows = plan.Plans?.[0]?.['Plan Rows'] ?? plan['Plan Rows'];
    return typeof rows === 'number' ? Math.round(rows) : undefined;
  } catch {
    return undefined;
  }
}

/** The preview of a plan from its probes' outcomes (in the plan's order). */
export function readPreview(plan: PreviewPlan, outcomes: ProbeOutcome[]): Preview {
  const preview: Preview = { summary: '' };
  if (plan.lock) preview.lock = plan.lock;
  const parts: string[] = [];
  const missing: string[] = [];
  const unreachable = outcomes.find((o) => !o.result.ok && o.result.unreachable);
  if (unreachable && !unreachable.result.ok) {
    preview.unavailable = `cannot connect (${unreachable.result.error})`;
    preview.summary = `no preview: ${preview.unavailable}`;
    return preview;
  }
  for (const { probe, result } of outcomes) {
    if (result.ok) parts.push(read(preview, probe, result));
    else missing.push(`${probe.label}: ${result.error}`);
  }
  if (plan.unavailable) missing.push(plan.unavailable);
  if (missing.length > 0) preview.unavailable = missing.join('; ');
  if (parts.length === 0) {
    preview.summary = missing.length > 0 ? `no preview: ${missing.join('; ')}` : `no preview available for ${plan.what}`;
  } else preview.summary = [...parts, ...(missing.length > 0 ? [`not shown: ${missing.join('; ')}`] : [])].join('; ');
  return preview;
}
