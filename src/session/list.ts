// Finding sessions on disk: `./.runbook/sessions/<started-at>-<procedure-slug>/journal.jsonl`. Used by
// `runbook sessions`, by `runbook resume` (latest unfinished) and `runbook report SESSION`.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readJournal } from './journal.js';
import { derive } from './state.js';

export const SESSIONS_ROOT = '.runbook/sessions';
export const JOURNAL_FILE = 'journal.jsonl';
/** Kept current by whoever opened the session (report/writer.ts), not by the engine. */
export const REPORT_FILE = 'report.md';

export interface SessionSummary {
  id: string;
  dir: string;
  runbook: string;
  procedure: string;
  startedAt: string;
  endedAt?: string;
  /** `active` also covers a session whose process died: it is unfinished and can be resumed. */
  status: 'active' | 'completed' | 'aborted';
  reportPath?: string;
  warnings: string[];
}

export function sessionsRoot(cwd = process.cwd()): string {
  return resolve(cwd, SESSIONS_ROOT);
}

export function summarize(dir: string): SessionSummary | undefined {
  const journal = join(dir, JOURNAL_FILE);
  if (!existsSync(journal)) return undefined;
  const { events, warnings } = readJournal(journal);
  const { state } = derive(events, dir);
  if (!state.id) return undefined;
  const report = join(dir, REPORT_FILE);
  return {
    id: state.id,
    dir,
    runbook: state.runbookPath,
    procedure: state.procedureTitle,
    startedAt: state.startedAt,
    endedAt: state.endedAt,
    status: state.status,
    reportPath: existsSync(report) ? report : undefined,
    warnings,
  };
}

/** Sessions under `root`, oldest first. */
export function listSessions(root = sessionsRoot()): SessionSummary[] {
  if (!existsSync(root)) return [];
  const out: SessionSummary[] = [];
  for (const name of readdirSync(root)) {
    const dir = join(root, name);
    if (!statSync(dir).isDirectory()) continue;
    const s = summarize(dir);
    if (s) out.push(s);
  }
  return out.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
}

/** A session named by folder path, or by id / id prefix under the root. */
export function findSession(name: string, root = sessionsRoot()): SessionSummary | undefined {
  if (existsSync(join(name, JOURNAL_FILE))) return summarize(resolve(name));
  const all = listSessions(root);
  return all.find((s) => s.id === name) ?? (name.length >= 4 ? all.filter((s) => s.id.startsWith(name) || s.dir.endsWith(name)).at(-1) : undefined);
}

export function latestUnfinished(root = sessionsRoot()): SessionSummary | undefined {
  return listSessions(root)
    .filter((s) => s.status === 'active')
    .at(-1);
}
