// Finishing a session from the UI: the closing questions (when the incident was detected and resolved,
// then what fills the report's post-incident template), the engine's finish, the summary box, then exit
// with the session's outcome; and how to name a session left unfinished so that `runbook resume` finds
// it. The questions say where they are ("3 of 10"), ↑ goes back one, and Esc stops without losing what
// was typed: the next `q` starts where it stopped, every answer still there.

import { isAbsolute, relative } from 'node:path';
import type { FinishNotes, FinishSummary, GivenTimes, SessionController, TimeMark } from '../session/types.js';
import { EXIT } from '../errors.js';
import type { ReportTemplate } from '../runbook/model.js';
import type { Ask } from './runner.js';
import type { PromptAnswer } from './hooks/useModal.js';
import { formatDuration } from '../duration.js';
import { readGivenTime } from '../session/given-time.js';

const TITLE = 'Finish the session and write the report';

export interface ClosingQuestion {
  field: keyof FinishNotes;
  /** The template field the answer fills (it is written as `Label: answer` so it lands there). */
  label?: string;
  question: string;
  /** A time the operator gives (checked as it is typed: given-time.ts). */
  mark?: TimeMark;
}

/** The default template's Lessons Learned fields (report/template.ts), for runbooks without a template. */
const DEFAULT_LESSONS = ['What went well', 'What could improve', 'Action items'];

/** When the incident was detected and resolved: the operator's word, never a guess (empty leaves it). */
export const TIME_QUESTIONS: readonly ClosingQuestion[] = [
  { field: 'detectedAt', mark: 'detected', question: 'Detected at (09:12 or 2025-03-14 09:12; empty: the session start)?' },
  { field: 'resolvedAt', mark: 'resolved', question: 'Resolved at (09:40, or empty to leave it blank)?' },
];

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

/** What the operator typed so far, kept across an Esc: an answer per question and where they were. */
export interface FinishDraft {
  answers: string[];
  at: number;
}

export const emptyDraft = (): FinishDraft => ({ answers: [], at: 0 });

/** The answers as the engine takes them (template fields as `Label: answer`, one per line). */
export function notesFrom(questions: readonly ClosingQuestion[], answers: readonly string[]): FinishNotes {
  const notes: FinishNotes = {};
  questions.forEach(({ field, label }, i) => {
    const answer = answers[i]?.trim();
    if (!answer) return;
    if (field === 'detectedAt' || field === 'resolvedAt') {
      notes[field] = answer;
      return;
    }
    const line = label ? `${label}: ${answer}` : answer;
    notes[field] = notes[field] ? `${notes[field]}\n${line}` : line;
  });
  return notes;
}

/**
 * Asks the closing questions; null when the operator stops (Esc), the session staying open and `draft`
 * keeping every answer and the question they were at. `times` are those already given (their check).
 */
export async function askClosingNotes(ask: Ask, questions: readonly ClosingQuestion[], draft: FinishDraft = emptyDraft(), times: GivenTimes = {}): Promise<FinishNotes | null> {
  let i = Math.min(draft.at, questions.length - 1);
  while (i < questions.length) {
    const q = questions[i]!;
    const check = q.mark ? (text: string) => timeProblem(times, answersOf(questions, draft), q.mark!, text) : undefined;
    const answer = await ask<PromptAnswer>({
      kind: 'prompt',
      title: TITLE,
      question: q.question,
      optional: true,
      initial: draft.answers[i] ?? '',
      position: { index: i + 1, count: questions.length },
      canGoBack: i > 0,
      ...(check ? { check } : {}),
    });
    if (!answer) return null;
    draft.answers[i] = answer.text;
    draft.at = i;
    if (answer.left === 'cancel') return null;
    i = answer.left === 'back' ? Math.max(0, i - 1) : i + 1;
  }
  draft.at = 0;
  return notesFrom(questions, draft.answers);
}

function answersOf(questions: readonly ClosingQuestion[], draft: FinishDraft): Partial<Record<TimeMark, string>> {
  const out: Partial<Record<TimeMark, string>> = {};
  questions.forEach((q, i) => {
    if (q.mark && draft.answers[i]?.trim()) out[q.mark] = draft.answers[i]!.trim();
  });
  return out;
}

/** Why a typed time cannot be taken (given-time.ts), against the times given before and typed here. */
function timeProblem(given: GivenTimes, typed: Partial<Record<TimeMark, string>>, mark: TimeMark, text: string): string | undefined {
  if (!text) return undefined;
  const now = new Date();
  const times: GivenTimes = { ...given };
  for (const other of ['detected', 'resolved'] as const) {
    if (other === mark || !typed[other]) continue;
    const parsed = readGivenTime({}, other, typed[other]!, now);
    if (parsed.ok) times[other] = { at: parsed.iso, givenAt: now.toISOString(), operator: '' };
  }
  const result = readGivenTime(times, mark, text, now);
  return result.ok ? undefined : result.message;
}

export async function finishSession(
  controller: SessionController,
  ask: Ask,
  onExit: (code: number, farewell?: string) => void,
  template?: ReportTemplate,
  draft: { current: FinishDraft } = { current: emptyDraft() },
): Promise<void> {
  const questions = [...TIME_QUESTIONS, ...closingQuestions(template)];
  const notes = await askClosingNotes(ask, questions, draft.current, controller.getState().times);
  if (!notes) return;
  const summary: FinishSummary = await controller.finish(notes);
  draft.current = emptyDraft();
  await ask({ kind: 'summary', summary });
  // The session ended on disk (session-ended is journaled); closing only lets go of connections.
  await controller.close().catch(() => undefined);
  // As exec and resume: 0 only when every statement is done (README "Exit codes": an unfinished procedure is 1).
  onExit(summary.unfinished > 0 ? EXIT.failure : EXIT.ok, farewellLine(summary));
}

/** What stays in the terminal after the UI's screen is gone: the outcome and where the report is. */
export function farewellLine(summary: FinishSummary): string {
  const counts = `${summary.run} run, ${summary.succeeded} succeeded, ${summary.failed} failed, ${summary.skipped} skipped`;
  const cancelled = summary.cancelled ? `, ${summary.cancelled} cancelled` : '';
  const unfinished = summary.unfinished ? `, ${summary.unfinished} not done` : '';
  return [`Session finished (${counts}${cancelled}${unfinished}; ${formatDuration(summary.durationMs)}). Report: ${summary.reportPath}`, ...(summary.extra ?? [])].join('\n');
}

/** The session folder as the operator would type it to resume (relative when under the current directory). */
export function resumeArg(dir: string, id: string): string {
  if (!dir) return id;
  const rel = relative(process.cwd(), dir);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : dir;
}
