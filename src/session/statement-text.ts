// What an operator's edit or a raw fragment does to a statement: the edited text modelled again (the
// placeholder finder runs on it, so every use has its own offset and spot), and the risk judged again
// (never lower than the runbook's own judgement).

import { maxRisk, type Risk, type Statement } from '../runbook/model.js';
import { findPlaceholders } from '../runbook/placeholders.js';
import type { Bound } from './bind.js';

export type ClassifyFn = (text: string, statement: Statement) => Risk;

/** The statement with `text`, its placeholders found again in that text. */
export function withText(statement: Statement, text: string): Statement {
  // Shell variables the procedure asks for stay fill-ins in the edited text.
  const shellVars = new Set(statement.placeholders.flatMap((u) => (u.variable === undefined ? [] : [u.variable])));
  return { ...statement, text, placeholders: findPlaceholders(text, statement.kind, { shellVars }) };
}

/** Edited text or raw fragments can change what a statement does: take the higher of the two risks. */
export function riskOf(statement: Statement, bound: Bound, edited: boolean, classify?: ClassifyFn): Risk {
  if (!classify || (!edited && bound.fragments.length === 0)) return statement.risk;
  return maxRisk(statement.risk, classify(bound.text, statement));
}
