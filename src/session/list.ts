// Finding sessions on disk: `./.runbook/sessions/<started-at>-<procedure-slug>/journal.jsonl`. Used by
// `runbook sessions` (every session), and by `runbook resume` and `runbook report`, which look for one
// session and hand its journal, read once and folded once, to whatever comes next.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { readJournal } from './journal.js';
import { derive, type Derived } from './state.js';
import type { JournalEvent } from './types.js';

export const SESSIONS_ROOT = '.runbook/sessions';
export const JOURNAL_FILE = 'journal.jsonl';
/** Kept current by whoever opened the session (report/writer.ts), not by the engine. */
export const REPORT_FILE = 'report.md';

/** A session as read from disk: its journal read once, and the fold of those events. */
export interface InspectedSession {
  dir: string;
  events: JournalEvent[];
  /** A torn last line, an unreadable line: said once, never thrown. */
  warnings: string[];
  /** Unreadable lines before the last (journal.ts ReadJournal.damaged): resume refuses them without --force. */
  damaged: number[];
  /** The journal's size when read: a lock taken later tells from it whether to read again. */
  bytes: number;
  /** The fold (state.ts) of `events`: resume continues it, the report is built from it. */
  derived: Derived;
}

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

/**
 * Reads a session folder's journal once and folds it once; undefined when the folder holds no session
 * (no journal, or no `session-started` in it). A journal of a newer format throws JournalTooNew.
 */
export function inspectSession(dir: string): InspectedSession | undefined {
  const journal = join(dir, JOURNAL_FILE);
  if (!existsSync(journal)) return undefined;
  const bytes = statSync(journal).size;
  const { events, warnings, damaged } = readJournal(journal);
  const derived = derive(events, dir);
  if (!derived.state.id) return undefined;
  return { dir, events, warnings, damaged, bytes, derived };
}

export function summarize(session: InspectedSession): SessionSummary {
  const { state } = session.derived;
  const report = join(session.dir, REPORT_FILE);
  return {
    id: state.id,
    dir: session.dir,
    runbook: state.runbookPath,
    procedure: state.procedureTitle,
    startedAt: state.startedAt,
    endedAt: state.endedAt,
    status: state.status,
    reportPath: existsSync(report) ? report : undefined,
    warnings: session.warnings,
  };
}

/** Session folders under `root`, newest first: their names start with the start time (`20250314T092654Z-...`). */
function foldersNewestFirst(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory())
    .sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))
    .map((name) => join(root, name));
}

/** The newest session under `root` that `accept` takes, reading no journal past it. */
function newest(root: string, accept: (s: InspectedSession) => boolean = () => true): InspectedSession | undefined {
  for (const dir of foldersNewestFirst(root)) {
    const s = inspectSession(dir);
    if (s && accept(s)) return s;
  }
  return undefined;
}

/** Sessions under `root`, oldest first. */
export function listSessions(root = sessionsRoot()): SessionSummary[] {
  const out: SessionSummary[] = [];
  for (const dir of foldersNewestFirst(root)) {
    const s = inspectSession(dir);
    if (s) out.push(summarize(s));
  }
  return out.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
}

/**
 * A session named by folder path, or by id (its folder's name under `root`), or by a prefix of at least
 * 4 characters of the id (the newest such session). Only the session found is read.
 */
export function findSession(name: string, root = sessionsRoot()): InspectedSession | undefined {
  if (existsSync(join(name, JOURNAL_FILE))) return inspectSession(resolve(name));
  if (existsSync(join(root, name, JOURNAL_FILE))) return inspectSession(resolve(root, name));
  if (name.length < 4) return undefined;
  for (const dir of foldersNewestFirst(root)) {
    const s = basename(dir).startsWith(name) || dir.endsWith(name) ? inspectSession(dir) : undefined;
    if (s) return s;
  }
  return undefined;
}

/** The newest session under `root`. */
export function latestSession(root = sessionsRoot()): InspectedSession | undefined {
  return newest(root);
}

/** The newest unfinished session under `root` (newer, finished ones are read to know they are finished). */
export function latestUnfinished(root = sessionsRoot()): InspectedSession | undefined {
  return newest(root, (s) => s.derived.state.status === 'active');
}
