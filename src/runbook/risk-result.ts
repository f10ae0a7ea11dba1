// What a risk classifier returns, shared by the SQL, shell and psql meta-command classifiers: the
// risk, one true sentence per reason, the objects it acts on, and syntax errors met on the way.
import type { Risk, RiskTarget, RiskTargetKind } from './model.js';

export type { RiskTarget, RiskTargetKind } from './model.js';
import { maxRisk } from './model.js';

export interface SyntaxProblem {
  /** Which grammar rejected it. */
  language: 'sql' | 'bash';
  message: string;
  /** 0-based offset in the classified text. */
  offset: number;
}

export interface RiskResult {
  risk: Risk;
  reasons: string[];
  /** For destructive statements: the name a typed confirmation asks for (the first target), if any. */
  confirmTarget?: string;
  /** Every object the highest-risk findings act on, most specific first. */
  targets?: RiskTarget[];
  /** The first syntax error (SQL, or bash), kept for callers that report one. */
  syntaxError?: { message: string; offset: number };
  /** Every syntax error, one per place. */
  syntaxErrors?: SyntaxProblem[];
}

/** One thing a classifier noticed: a risk, why, and what it acts on. */
export interface Finding {
  risk: Risk;
  reason: string;
  targets?: RiskTarget[];
}

export function finding(risk: Risk, reason: string, ...targets: (RiskTarget | undefined)[]): Finding {
  const known = targets.filter((t): t is RiskTarget => t !== undefined && t.name !== '');
  return known.length > 0 ? { risk, reason, targets: known } : { risk, reason };
}

export function target(kind: RiskTargetKind, name: string | undefined): RiskTarget | undefined {
  return name === undefined || name === '' ? undefined : { kind, name };
}

/**
 * The highest risk among findings, its reasons (deduplicated, in order) and targets. `rename` maps
 * names in targets and reasons back to what the operator wrote (`placeholder_table` -> `[table]`).
 */
export function summarize(findings: Finding[], rename: (name: string) => string = (n) => n): RiskResult {
  if (findings.length === 0) return { risk: 'read', reasons: [] };
  const risk = findings.reduce<Risk>((max, f) => maxRisk(max, f.risk), 'read');
  const top = findings.filter((f) => f.risk === risk);
  const result: RiskResult = { risk, reasons: [...new Set(top.map((f) => rename(f.reason)))] };
  const seen = new Set<string>();
  const targets: RiskTarget[] = [];
  for (const t of top.flatMap((f) => f.targets ?? [])) {
    const named = { kind: t.kind, name: rename(t.name) };
    const key = `${named.kind}\u0000${named.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    targets.push(named);
  }
  if (targets.length > 0) {
    result.targets = targets;
    if (risk === 'destructive') result.confirmTarget = targets[0]!.name;
  }
  return result;
}

/** Prefixes every reason (`on db-3: rm deletes ...`) and adds targets, for findings read inside a wrapper. */
export function within(findings: Finding[], prefix: string, ...extra: (RiskTarget | undefined)[]): Finding[] {
  return findings.map((f) => {
    const targets = [...(f.targets ?? []), ...extra.filter((t): t is RiskTarget => t !== undefined)];
    const out: Finding = { risk: f.risk, reason: prefix === '' ? f.reason : `${prefix}${f.reason}` };
    if (targets.length > 0) out.targets = targets;
    return out;
  });
}

/** A RiskResult's findings again, for a classifier that embeds another's answer (psql -c SQL). */
export function findingsOf(result: RiskResult): Finding[] {
  if (result.reasons.length === 0) return [{ risk: result.risk, reason: 'nothing to run' }];
  return result.reasons.map((reason, i) => {
    const f: Finding = { risk: result.risk, reason };
    if (i === 0 && result.targets) f.targets = result.targets;
    return f;
  });
}
