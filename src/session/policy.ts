// The policy: what needs asking before a statement runs. The engine asks it; the UI only shows the
// question, and `runbook exec` (no one to ask) turns asks into allows with --yes and refuses what is
// destructive unless --allow-destructive. The subject is the statement as bound (bound-risk.ts): its
// risk and the object it acts on are the bound text's, and `subjectOf` builds it the same way for the
// engine, exec's preflight and `show` (which has only the model's judgement).
//
//   interactive (confirmEach)   read/write -> ask          destructive -> ask-typed: the object it acts on
//                                                          (table, role, pid, pod, ...), or `yes` only
//                                                          when it names none
//   exec --yes                  read/write -> allow        destructive -> deny, or allow with --allow-destructive
//   --read-only (either)        write/destructive -> deny  (SQL also runs in a read-only transaction)
//   a raw sql-fragment value    interactive: its own ask naming the fragment; exec --yes: allowed, the
//                               --param value being the operator's own text
//   block `confirm=typed|yes|none` tightens or relaxes the interactive question (never below the risk's
//   floor: a destructive statement is always typed).

import type { Block, Risk, RiskTargetKind, Statement, StatementKind } from '../runbook/model.js';
import type { Decision, PolicyOptions } from './types.js';
import { modelRisk, type BoundRisk } from './bound-risk.js';

export interface PolicySubject {
  kind: StatementKind;
  risk: Risk;
  /** The object a destructive statement acts on: what the operator types to confirm it. */
  confirmTarget?: string;
  /** What kind of object that is (`role`, `table`, `pid`), for the prompt. */
  confirmKind?: RiskTargetKind;
  /** The object is (part of) a secret value: the prompt names its kind, never the value. */
  confirmSecret?: boolean;
  /** The block's `confirm=` attribute. */
  confirm?: 'typed' | 'yes' | 'none';
  /** Names of sql-fragment placeholders with a value (raw SQL entering the statement). */
  fragments?: string[];
  /** Short label used in prompts (e.g. `line 42`). */
  label?: string;
}

/** The subject of a statement judged `risk` (as bound; the model's when no values are known). */
export function subjectOf(statement: Statement, block: Block, risk: BoundRisk = modelRisk(statement), extra: Pick<PolicySubject, 'fragments' | 'label' | 'confirmSecret'> = {}): PolicySubject {
  const target = risk.confirmTarget !== undefined ? risk.targets?.find((t) => t.name === risk.confirmTarget) : undefined;
  return {
    kind: statement.kind,
    risk: risk.risk,
    ...(risk.confirmTarget !== undefined ? { confirmTarget: risk.confirmTarget } : {}),
    ...(target ? { confirmKind: target.kind } : {}),
    ...(block.attributes.confirm ? { confirm: block.attributes.confirm } : {}),
    ...extra,
  };
}

export const DEFAULT_POLICY: PolicyOptions = { confirmEach: true, allowDestructive: false, readOnly: false, dryRun: false };

export function decide(subject: PolicySubject, options: PolicyOptions): Decision {
  const where = subject.label ? ` (${subject.label})` : '';
  if (subject.kind === 'note') return { kind: 'deny', reason: 'a note is shown, not run' };
  if (options.readOnly && subject.risk !== 'read') {
    return { kind: 'deny', reason: `--read-only refuses ${subject.risk} statements${where}` };
  }
  const fragments = subject.fragments ?? [];
  if (subject.risk === 'destructive') {
    if (!options.confirmEach) {
      return options.allowDestructive || options.dryRun
        ? { kind: 'allow' }
        : { kind: 'deny', reason: `destructive statement${where} refused without --allow-destructive` };
    }
    if (!subject.confirmTarget) return { kind: 'ask-typed', prompt: `Destructive statement${where}: type "yes" to run it`, expected: ['yes'], shown: '"yes"' };
    const kind = subject.confirmKind ? `the ${subject.confirmKind} ` : '';
    if (subject.confirmSecret) {
      const shown = `${kind || 'the object '}(secret, not shown)`;
      return { kind: 'ask-typed', prompt: `Destructive statement${where}: type ${shown} to run it`, expected: [subject.confirmTarget], shown };
    }
    const shown = `${kind}"${subject.confirmTarget}"`;
    return { kind: 'ask-typed', prompt: `Destructive statement${where}: type ${shown} to run it`, expected: [subject.confirmTarget], shown };
  }
  if (!options.confirmEach) return { kind: 'allow' };
  if (fragments.length > 0) {
    return {
      kind: 'ask',
      prompt: `Raw SQL from ${fragments.map((f) => `[${f}]`).join(', ')} enters this statement${where}: run it?`,
    };
  }
  if (subject.confirm === 'typed') return { kind: 'ask-typed', prompt: `Type "yes" to run this statement${where}`, expected: ['yes'], shown: '"yes"' };
  if (subject.confirm === 'none' && subject.risk === 'read') return { kind: 'allow' };
  return { kind: 'ask', prompt: `Run this ${subject.risk} statement${where}?` };
}

/** Whether `answer` satisfies the decision. */
export function accepts(decision: Decision, answer: { yes: boolean; typed?: string }): boolean {
  switch (decision.kind) {
    case 'allow':
      return true;
    case 'ask':
      return answer.yes;
    case 'ask-typed':
      return answer.yes && answer.typed !== undefined && decision.expected.some((e) => e === answer.typed!.trim());
    case 'deny':
      return false;
  }
}

/** How an accepted decision is journaled: run without asking, typed word, or yes. */
export function journaledAnswer(decision: Decision): 'auto' | 'typed' | 'yes' {
  return decision.kind === 'allow' ? 'auto' : decision.kind === 'ask-typed' ? 'typed' : 'yes';
}

/** The error for an answer that does not satisfy the decision, naming what would. */
export function notConfirmed(decision: Decision): string {
  const expected = decision.kind === 'ask-typed' ? (decision.shown ?? decision.expected.map((e) => `"${e}"`).join(' or ')) : 'yes';
  return `not confirmed: type ${expected} to run this statement`;
}
