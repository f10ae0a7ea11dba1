// What an operator's edit does to a statement: the edited text modelled again (the placeholder finder
// runs on it, so every use has its own offset and spot); its risk is judged again once bound
// (bound-risk.ts).

import type { Statement } from '../runbook/model.js';
import { findPlaceholders } from '../runbook/placeholders.js';

/** The statement with `text`, its placeholders found again in that text. */
export function withText(statement: Statement, text: string): Statement {
  // Shell variables the procedure asks for stay fill-ins in the edited text.
  const shellVars = new Set(statement.placeholders.flatMap((u) => (u.variable === undefined ? [] : [u.variable])));
  return { ...statement, text, placeholders: findPlaceholders(text, statement.kind, { shellVars }) };
}
