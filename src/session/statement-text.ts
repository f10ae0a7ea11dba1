// What an operator's edit or a raw fragment does to a statement: the placeholders still present in the
// edited text, and the risk judged again (never lower than the runbook's own judgement).

import { maxRisk, type Risk, type Statement } from '../runbook/model.js';
import type { Bound } from './bind.js';

export type ClassifyFn = (text: string, statement: Statement) => Risk;

/** The statement with `text`; it keeps its placeholders only where their tokens are still present. */
export function withText(statement: Statement, text: string): Statement {
  const placeholders = statement.placeholders
    .map((u) => ({ ...u, offset: text.indexOf(u.token) }))
    .filter((u) => u.offset >= 0);
  return { ...statement, text, placeholders };
}

/** Edited text or raw fragments can change what a statement does: take the higher of the two risks. */
export function riskOf(statement: Statement, bound: Bound, edited: boolean, classify?: ClassifyFn): Risk {
  if (!classify || (!edited && bound.fragments.length === 0)) return statement.risk;
  return maxRisk(statement.risk, classify(bound.text, statement));
}
