// Finishing a session from the UI: the closing questions (their answers fill the report's post-incident
// template), the engine's finish, the summary box, then exit with the session's outcome; and how to
// name a session left unfinished so that `runbook resume` finds it.

import { isAbsolute, relative } from 'node:path';
import type { FinishNotes, FinishSummary, SessionController } from '../session/types.js';
import { EXIT } from '../errors.js';
import type { ReportTemplate } from '../runbook/model.js';
import type { Ask } from './runner.js';
import { formatDuration } from '../duration.js';

const TITLE = 'Finish the session and write the report';

export interface ClosingQuestion {
  field: keyof FinishNotes;
  /** The template field the answer fills (it is written as `Label: answer` so it lands there). */
  label?: string;
  question: string;
}

/** The default template's Lessons Learned fields (report/template.ts), for runbooks without a template. */
const DEFAULT_LESSONS = ['What went well', 'What could improve', 'Action items'];

/**
 * Impact and root cause, then one question per field of the template's Lessons Learned and Prevention
 * sections: each answer fills its own field instead of all of them landing under the first.
 */
export function closingQuestions(template?: ReportTemplate): ClosingQuestion[] {
  const out: ClosingQuestion[] = [
    { field: 'impact', question: 'Impact (who/what was affected)?' },
    { field: 'rootCause', question: 'Root cause?' },
  ];
  const section = (pattern: RegExp) => template?.sections.find((s) => pattern.test(s.heading));
  const lessons = template ? (section(/lesson|learn/i)?.fields.map((f) => f.label) ?? []) : DEFAULT_LESSONS;
  if (lessons.length === 0) out.push({ field: 'lessons', question: 'Lessons learned?' });
  for (const label of lessons) out.push({ field: 'lessons', label, question: `Lessons learned: ${label}?` });
  for (const f of section(/prevent/i)?.fields ?? []) out.push({ field: 'prevention', label: f.label, question: `Prevention: ${f.label}?` });
  return out;
}

/** Asks the closing questions; null when the operator backs out (Esc), keeping the session open. */
export async function askClosingNotes(ask: Ask, template?: ReportTemplate): Promise<FinishNotes | null> {
  const notes: FinishNotes = {};
  for (const { field, label, question } of closingQuestions(template)) {
    const answer = (await ask<string>({ kind: 'prompt', title: TITLE, question, optional: true }))?.trim();
    if (answer === undefined) return null;
    if (!answer) continue;
    const line = label ? `${label}: ${answer}` : answer;
    notes[field] = notes[field] ? `${notes[field]}\n${line}` : line;
  }
  return notes;
}

export async function finishSession(controller: SessionController, ask: Ask, onExit: (code: number, farewell?: string) => void, template?: ReportTemplate): Promise<void> {
  const notes = await askClosingNotes(ask, template);
  if (!notes) return;
  const summary: FinishSummary = await controller.finish(notes);
  await ask({ kind: 'summary', summary });
  // The session ended on disk (session-ended is journaled); closing only lets go of connections.
  await controller.close().catch(() => undefined);
  onExit(summary.failed > 0 ? EXIT.failure : EXIT.ok, farewellLine(summary));
}

/** What stays in the terminal after the UI's screen is gone: the outcome and where the report is. */
export function farewellLine(summary: FinishSummary): string {
  const counts = `${summary.run} run, ${summary.succeeded} succeeded, ${summary.failed} failed, ${summary.skipped} skipped`;
  const cancelled = summary.cancelled ? `, ${summary.cancelled} cancelled` : '';
  return [`Session finished (${counts}${cancelled}; ${formatDuration(summary.durationMs)}). Report: ${summary.reportPath}`, ...(summary.extra ?? [])].join('\n');
}

/** The session folder as the operator would type it to resume (relative when under the current directory). */
export function resumeArg(dir: string, id: string): string {
  if (!dir) return id;
  const rel = relative(process.cwd(), dir);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : dir;
}
