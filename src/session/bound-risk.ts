// The risk of a statement as bound and run. The model's risk was judged on the runbook's text, where a
// placeholder stands in for a value (`REVOKE ... FROM [suspicious_user]`, `restore_table(..., '[mode]')`);
// the engine judges the text that will run, with the values in it, the operator's edit or a pasted
// fragment. That judgement is what the badge shows, the journal records with the start, the typed
// confirmation asks by, and exec's --allow-destructive refusal is decided on (policy.ts subjectOf: one
// function for the engine, exec's preflight and `show`). Its targets name the real objects (the role
// `eve`), so a destructive statement asks the operator to type the object it acts on; `yes` is asked
// only when it names none.
//
// Shell statements carry values as environment variables ("${RB_POD}", psql's SQL as "$RB_SQL_1"): the
// variables' values are put back in the text before it is judged (as one shell word each), so psql's
// SQL is read and a target names the pod, not the variable.

import type { Risk, RiskTarget, Statement } from '../runbook/model.js';
import type { RiskResult } from '../runbook/risk-result.js';
import type { BindFn, Bound } from './bind.js';

/** How the engine classifies a text (deps.ts: the runbook's classifier). */
export type ClassifyFn = (text: string, statement: Statement) => RiskResult;

export interface BoundRisk {
  risk: Risk;
  reasons: string[];
  /** The objects it acts on, most specific first (values bound). */
  targets?: RiskTarget[];
  /** Destructive: the object a typed confirmation asks for (the first target), when it names one. */
  confirmTarget?: string;
}

/** The model's own judgement (no values known): show's, and the fallback without a classifier. */
export function modelRisk(statement: Statement): BoundRisk {
  return {
    risk: statement.risk,
    reasons: statement.riskReasons,
    ...(statement.riskTargets?.length ? { targets: statement.riskTargets } : {}),
    ...(statement.confirmTarget !== undefined ? { confirmTarget: statement.confirmTarget } : {}),
  };
}

const singleQuoted = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
const inDoubleQuotes = (value: string) => value.replace(/[\\"$`]/g, (c) => `\\${c}`);

/** Shell text with each bound variable's value in place of its reference, quoted as one word. */
export function withValues(text: string, env: Record<string, string>): string {
  const value = (name: string) => env[name];
  return text
    .replace(/"\$(?:\{(\w+)\}|(\w+))"/g, (whole, a?: string, b?: string) => (value(a ?? b!) === undefined ? whole : singleQuoted(value(a ?? b!)!)))
    .replace(/\$(?:\{(\w+)\}|(\w+))/g, (whole, a?: string, b?: string) => (value(a ?? b!) === undefined ? whole : inDoubleQuotes(value(a ?? b!)!)));
}

/** The text as it will run, for judging: SQL as bound; shell with its variables' values put back. */
export function judgedText(statement: Statement, bound: Pick<Bound, 'text' | 'env'>): string {
  return statement.kind === 'sql' || Object.keys(bound.env).length === 0 ? bound.text : withValues(bound.text, bound.env);
}

/** The statement's risk as bound; without a classifier, the model's. */
export function judgeBound(statement: Statement, bound: Pick<Bound, 'text' | 'env'>, classify?: ClassifyFn): BoundRisk {
  if (!classify || statement.kind === 'note') return modelRisk(statement);
  const r = classify(judgedText(statement, bound), statement);
  return {
    risk: r.risk,
    reasons: r.reasons,
    ...(r.targets?.length ? { targets: r.targets } : {}),
    ...(r.risk === 'destructive' && r.confirmTarget !== undefined ? { confirmTarget: r.confirmTarget } : {}),
  };
}

/**
 * exec's preflight: each statement judged as bound with the values known before the run; undefined (the
 * model's judgement holds) while a placeholder has no value yet or binding refuses one.
 */
export function judgeWithValues(values: Record<string, string>, bind: BindFn, classify: ClassifyFn | undefined, secret: (name: string) => boolean): (statement: Statement) => BoundRisk | undefined {
  return (statement) => {
    if (statement.placeholders.length === 0 || statement.placeholders.some((u) => !(u.name in values))) return undefined;
    try {
      return judgeBound(statement, bind(statement, values, secret), classify);
    } catch {
      return undefined;
    }
  };
}
