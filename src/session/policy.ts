// The policy: what needs asking before a statement runs. The engine asks it; the UI only shows the
// question, and `runbook exec` (no one to ask) turns asks into allows with --yes and refuses what is
// destructive unless --allow-destructive.
//
//   interactive (confirmEach)   read/write -> ask          destructive -> ask-typed (target or `yes`)
//   exec --yes                  read/write -> allow        destructive -> deny, or allow with --allow-destructive
//   --read-only (either)        write/destructive -> deny  (SQL also runs in a read-only transaction)
//   a raw sql-fragment value    interactive: its own ask naming the fragment; exec --yes: allowed, the
//                               --param value being the operator's own text
//   block `confirm=typed|yes|none` tightens or relaxes the interactive question (never below the risk's
//   floor: a destructive statement is always typed).

import type { Risk, StatementKind } from '../runbook/model.js';
import type { Decision, PolicyOptions } from './types.js';

export interface PolicySubject {
  kind: StatementKind;
  risk: Risk;
  confirmTarget?: string;
  /** The block's `confirm=` attribute. */
  confirm?: 'typed' | 'yes' | 'none';
  /** Names of sql-fragment placeholders with a value (raw SQL entering the statement). */
  fragments?: string[];
  /** Short label used in prompts (e.g. `line 42`). */
  label?: string;
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
    const expected = subject.confirmTarget ? [subject.confirmTarget, 'yes'] : ['yes'];
    const what = subject.confirmTarget ? `type "${subject.confirmTarget}" or "yes"` : 'type "yes"';
    return { kind: 'ask-typed', prompt: `Destructive statement${where}: ${what} to run it`, expected };
  }
  if (!options.confirmEach) return { kind: 'allow' };
  if (fragments.length > 0) {
    return {
      kind: 'ask',
      prompt: `Raw SQL from ${fragments.map((f) => `[${f}]`).join(', ')} enters this statement${where}: run it?`,
    };
  }
  if (subject.confirm === 'typed') return { kind: 'ask-typed', prompt: `Type "yes" to run this statement${where}`, expected: ['yes'] };
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
  const expected = decision.kind === 'ask-typed' ? decision.expected.map((e) => `"${e}"`).join(' or ') : 'yes';
  return `not confirmed: type ${expected} to run this statement`;
}
