// Conditional steps and blocks ("If a PDB blocks the drain: ...", "Option A" / "Option B", tabs) are
// choices, never a sequence (runbook/alternatives.ts reads them). A statement runs only when every
// choice above it (its step's, then its block's) took its branch. The operator answers in the UI;
// `exec` answers from --when (a condition's words, or a step/block id) and --all-branches, and a
// choice nobody made is "not chosen": its statements are skipped, with the reason, never run.
// Each answer is journaled once (`branch-chosen`), so resume and the report read the same choice.
import type { Block, Procedure, Step } from '../runbook/model.js';

export interface Branch {
  /** What the answer is recorded under: the group of alternatives, else the step or block id. */
  key: string;
  /** This statement's branch, as written. */
  condition: string;
  /** Every branch of the choice, in order (one for a plain condition: it applies or not). */
  options: string[];
  /** Where the choice sits, for --when by id. */
  ids: string[];
}

export type ChoiceSource = 'operator' | 'when' | 'all-branches' | 'default';

export interface Choice {
  /** The branches taken (none: nothing applies). */
  taken: string[];
  by: ChoiceSource;
}

/** The choices a statement of `block` in `step` depends on, the step's first. */
export function branchesOf(procedure: Procedure, step: Step, block: Block): Branch[] {
  const out: Branch[] = [];
  if (step.condition !== undefined) {
    const members = step.alternative ? procedure.steps.filter((s) => s.alternative === step.alternative) : [step];
    out.push({ key: step.alternative ?? step.id, condition: step.condition, options: distinct(members.map((s) => s.condition ?? s.title)), ids: members.flatMap((s) => [s.id, s.title]) });
  }
  if (block.condition !== undefined) {
    const members = block.alternative ? step.blocks.filter((b) => b.alternative === block.alternative) : [block];
    out.push({ key: block.alternative ?? block.id, condition: block.condition, options: distinct(members.map((b) => b.condition ?? '')), ids: members.map((b) => b.id) });
  }
  return out;
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}

/** Whether the branch was taken: undefined while nobody chose. */
export function isTaken(branch: Branch, choices: Record<string, Choice>): boolean | undefined {
  const choice = choices[branch.key];
  return choice === undefined ? undefined : choice.taken.includes(branch.condition);
}

/**
 * exec's answer: every branch with --all-branches; else the options a --when names (words of the
 * condition, case and punctuation aside, or the id or title of one of its steps or blocks); else none.
 */
export function chooseByFlags(branch: Branch, when: readonly string[], allBranches: boolean): Choice {
  if (allBranches) return { taken: [...branch.options], by: 'all-branches' };
  const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const taken = branch.options.filter((option) =>
    when.some((w) => {
      const wanted = norm(w);
      return wanted !== '' && (norm(option).includes(wanted) || branch.ids.some((id) => norm(id) === wanted));
    }),
  );
  return { taken, by: taken.length > 0 ? 'when' : 'default' };
}

/** Why a statement was skipped: the branch nobody chose (and how exec would run it). */
export function notChosenReason(branch: Branch, choice: Choice): string {
  const how = choice.by === 'default' ? ' (--when or --all-branches runs it)' : '';
  const picked = choice.taken.length > 0 ? `; chosen: ${choice.taken.join(', ')}` : '';
  return `not chosen: ${branch.condition}${picked}${how}`;
}
