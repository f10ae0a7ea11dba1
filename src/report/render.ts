// One entry point for every report format, from a session's fold alone (session/state.ts), plus the
// write of a session's `report.md` that report/writer.ts repeats after every step (so a crash still
// leaves a current report).

import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Derived } from '../session/state.js';
import { buildReport } from './data.js';
import { toMarkdown } from './markdown.js';
import { toHtml } from './html.js';
import { REPORT_FILE } from '../session/list.js';
import { ensureSqlParser } from '../runbook/sql-parser.js';

/**
 * Loads what reports read statements with (the SQL parser, for the changes left in place). Await it once
 * before rendering; a report rendered without it lists each statement that ran as "not read".
 */
export const prepareReports: () => Promise<void> = ensureSqlParser;

export type ReportFormat = 'md' | 'json' | 'html';
export const REPORT_FORMATS: readonly ReportFormat[] = ['md', 'json', 'html'];

export function renderReport(session: Derived, format: ReportFormat): string {
  const data = buildReport(session);
  if (format === 'json') return `${JSON.stringify(data, null, 2)}\n`;
  if (format === 'html') return toHtml(data);
  return toMarkdown(data);
}

/** Writes `<dir>/report.md` atomically (write then rename: a reader never sees half a report). */
export function writeSessionReport(dir: string, session: Derived): string {
  const path = join(dir, REPORT_FILE);
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, renderReport(session, 'md'));
  renameSync(tmp, path);
  return path;
}
