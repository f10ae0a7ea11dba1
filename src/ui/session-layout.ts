// How the session screen shares its lines (pure, so the rules are tested on their own): header, body,
// footer; in the body the step, the result and whatever box is open. A box that asks about a statement
// (its parameters, the confirmation, a choice) sits below the result it acts on, or beside it on a wide
// terminal, never instead of it; the step or the result gives up lines (keeping a few) so a confirmation's
// statement is shown whole when the screen can hold it. Below MIN_COLUMNS x MIN_ROWS the screen is one line saying so.

import type { ModalSpec } from './hooks/useModal.js';

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 15;
/** From this width a box about a statement sits beside its result. */
export const SIDE_BY_SIDE = 120;

export function tooSmall(columns: number, rows: number): boolean {
  return columns < MIN_COLUMNS || rows < MIN_ROWS;
}

export interface BodyLayout {
  /** Lines for the step (0: not shown). */
  step: number;
  /** Lines for the result (0: not shown). */
  result: number;
  /** Lines for the open box (0: none). */
  box: number;
  /** The result and the box side by side (each takes `result`/`box` lines, the same). */
  beside: boolean;
  /** Columns of the result when beside the box. */
  resultWidth: number;
  /** The box covers the whole body (help, contacts, the editor, the summary). */
  whole: boolean;
}

type Kind = ModalSpec['kind'];
const ABOUT_STATEMENT: readonly Kind[] = ['params', 'confirm', 'choice', 'message'];
const SMALL_BOX: readonly Kind[] = ['prompt', 'ad-hoc', 'quit'];

export interface LayoutInput {
  body: number;
  columns: number;
  hasResult: boolean;
  box?: Kind;
  /** The lines the box would take to show everything at a width (the confirmation: its whole statement). */
  wants?: (width: number) => number;
}

/** The step (or the result) gives up lines, down to `least`, so a box that wants more gets them. */
const yieldTo = (share: number, body: number, wants: number | undefined, least: number) => (wants === undefined ? share : Math.max(least, Math.min(share, body - wants)));

export function bodyLayout(o: LayoutInput): BodyLayout {
  const { body, columns, hasResult, box } = o;
  const none = { box: 0, beside: false, resultWidth: columns, whole: false };
  const split = (lines: number) => {
    if (!hasResult) return { step: lines, result: 0 };
    const step = Math.max(4, Math.floor(lines * 0.45));
    return { step, result: lines - step };
  };
  if (!box) return { ...split(body), ...none };
  if (ABOUT_STATEMENT.includes(box)) {
    if (hasResult && columns >= SIDE_BY_SIDE) {
      const resultWidth = Math.floor(columns * 0.5);
      const step = yieldTo(Math.max(4, Math.floor(body * 0.3)), body, o.wants?.(columns - resultWidth - 1), 3);
      return { step, result: body - step, box: body - step, beside: true, resultWidth, whole: false };
    }
    if (hasResult) {
      // The result keeps at least a few lines in view above the question.
      const result = yieldTo(Math.max(4, Math.floor(body * 0.35)), body, o.wants?.(columns), 4);
      return { step: 0, result, box: body - result, beside: false, resultWidth: columns, whole: false };
    }
    const step = yieldTo(Math.max(3, Math.floor(body * 0.3)), body, o.wants?.(columns), 3);
    return { step, result: 0, box: body - step, beside: false, resultWidth: columns, whole: false };
  }
  if (SMALL_BOX.includes(box)) {
    // 7: border, title, a question of two lines, the field, and a refusal or the keys' line.
    const lines = Math.min(body - 3, Math.max(7, Math.floor(body * 0.4)));
    return { ...split(body - lines), box: lines, beside: false, resultWidth: columns, whole: false };
  }
  return { step: 0, result: 0, box: body, beside: false, resultWidth: columns, whole: true };
}
