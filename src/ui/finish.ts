// Finishing a session from the UI: the closing questions (their answers fill the report's post-incident
// template), the engine's finish, the summary box, then exit with the session's outcome.

import type { FinishNotes, FinishSummary, SessionController } from '../session/types.js';
import { EXIT } from '../cli/errors.js';
import type { Ask } from './runner.js';

const TITLE = 'Finish the session and write the report';

export const CLOSING_QUESTIONS: readonly [keyof FinishNotes, string][] = [
  ['impact', 'Impact (who/what was affected)?'],
  ['rootCause', 'Root cause?'],
  ['lessons', 'Lessons learned?'],
];

/** Asks the closing questions; null when the operator backs out (Esc), keeping the session open. */
export async function askClosingNotes(ask: Ask): Promise<FinishNotes | null> {
  const notes: FinishNotes = {};
  for (const [field, question] of CLOSING_QUESTIONS) {
    const answer = await ask<string>({ kind: 'prompt', title: TITLE, question, optional: true });
    if (answer === null) return null;
    if (answer) notes[field] = answer;
  }
  return notes;
}

export async function finishSession(controller: SessionController, ask: Ask, onExit: (code: number) => void): Promise<void> {
  const notes = await askClosingNotes(ask);
  if (!notes) return;
  const summary: FinishSummary = await controller.finish(notes);
  await ask({ kind: 'summary', summary });
  await controller.close().catch(() => undefined);
  onExit(summary.failed > 0 ? EXIT.failure : EXIT.ok);
}
