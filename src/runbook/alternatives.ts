// Alternatives are choices, never a sequence. A reader of "If a PDB blocks the drain: ... / If a
// webhook does: ... / Otherwise, force-delete: ...", of "Option A / Option B" headings, of mkdocs tabs
// (`=== "Debian"` / `=== "RHEL"`) or of two commands with "or" between them does ONE of them, the one
// that applies. The model says so: each such step or block carries its `condition` (as written) and
// the `alternative` group it belongs to (members of a group exclude each other). The session asks the
// operator which applies; `exec` runs a conditional step or block only when told (--when, or
// --all-branches). This module reads the conditions from the Markdown around the code.
import type { Code, List, ListItem, Nodes, Paragraph } from 'mdast';
import type { Step } from './model.js';
import { containerOfCode, readOpener } from './containers.js';
import { readLeadingCondition } from './graph.js';
import { isFencedCode, plainText } from './tree.js';
import { cleanInline } from './markup.js';
import { isOptionTitle } from './step-headings.js';

export interface CodeChoice {
  condition: string;
  /** Local group key; the step turns it into an id unique in the runbook. */
  group?: string;
}

/** "Otherwise, ...", "Else ...", "Or, if using snapshots:", "Alternatively, ...": the other branch. */
const OTHERWISE = /^\s*(?:otherwise|else|or|alternatively)\b[\s,:]*/i;
/** A paragraph that only says "or" between two code blocks (`or`, `_or_`, `Or:`). */
const LONE_OR = /^\s*[*_]*\s*or\s*[*_]*\s*[:.]?\s*$/i;

/** The condition a piece of prose opens with: "If ...:", "Otherwise, if ...:", "Or, if ...:", "Otherwise". */
export function leadingChoice(text: string): string | undefined {
  const line = cleanInline(text.trim().split('\n')[0] ?? '');
  const direct = readLeadingCondition(line);
  if (direct !== undefined) return direct;
  const otherwise = OTHERWISE.exec(line);
  if (!otherwise) return undefined;
  const rest = line.slice(otherwise[0].length);
  const inner = readLeadingCondition(rest);
  const word = otherwise[0].replace(/[\s,:]+$/, '');
  return inner !== undefined ? `${word}, ${inner}` : /^(?:otherwise|else)$/i.test(word) ? word : undefined;
}

/** A paragraph between two code blocks that makes the second an alternative of the first. */
export function isOrParagraph(words: string): boolean {
  return LONE_OR.test(words) || (/^\s*or\b/i.test(words) && leadingChoice(words) !== undefined);
}

function isOtherwise(condition: string): boolean {
  return OTHERWISE.test(condition);
}

/**
 * For each code block in a step's nodes, the choice it belongs to, if any:
 * - a block in a tab: the tab's label, grouped with the other tabs of its set;
 * - a block inside a bullet or numbered item that opens with a condition ("If a PDB ...:",
 *   "Otherwise, ..."): that condition, grouped with the other conditional items of the list;
 * - two blocks with a paragraph saying only "or" (or opening with "Or, if ...") between them.
 */
export function codeChoices(nodes: readonly Nodes[], text: string): Map<Code, CodeChoice> {
  const out = new Map<Code, CodeChoice>();
  let lists = 0;
  let ors = 0;
  const codeIn = (node: Nodes): Code[] => {
    const found: Code[] = [];
    const visit = (n: Nodes): void => {
      if (isFencedCode(n, text)) found.push(n);
      else if ('children' in n) for (const child of n.children as Nodes[]) visit(child);
    };
    visit(node);
    return found;
  };
  const visitSiblings = (siblings: readonly Nodes[]): void => {
    let lastCode: Code | undefined;
    let orBetween: string | undefined;
    // The condition an admonition's text opens with ("!!! warning / If the default Python is not
    // 3.12, ... For example:"): the code in that admonition applies only then.
    let admonitionIf: string | undefined;
    for (const node of siblings) {
      if (node.type === 'list') conditionalItems(node);
      if (isFencedCode(node, text)) {
        if (orBetween !== undefined && lastCode) {
          const group = out.get(lastCode)?.group ?? `or${++ors}`;
          if (!out.has(lastCode)) out.set(lastCode, { condition: labelOf(lastCode), group });
          if (!out.has(node)) out.set(node, { condition: orBetween === '' ? labelOf(node) : orBetween, group });
        }
        const container = containerOfCode(node);
        if (admonitionIf !== undefined && container !== undefined && container.kind !== 'tab' && !out.has(node)) out.set(node, { condition: admonitionIf });
        lastCode = node;
        orBetween = undefined;
        admonitionIf = undefined;
      } else if (node.type === 'paragraph') {
        const words = plainText(node);
        admonitionIf = readOpenerLine(words) ? leadingChoice(words.split('\n').slice(1).join('\n')) : leadingChoice(words);
        if (LONE_OR.test(words)) orBetween = '';
        else if (isOrParagraph(words)) orBetween = leadingChoice(words)!;
        else if (!readOpenerLine(words)) lastCode = undefined;
      } else if (node.type !== 'html') {
        lastCode = undefined;
        admonitionIf = undefined;
      }
      if ('children' in node && node.type !== 'list') visitSiblings(node.children as Nodes[]);
    }
  };
  const conditionalItems = (list: List): void => {
    const items = list.children
      .map((item) => ({ item, condition: itemCondition(item) }))
      .filter((x): x is { item: ListItem; condition: string } => x.condition !== undefined && codeIn(x.item).length > 0);
    const group = items.length >= 2 || items.some((x) => isOtherwise(x.condition)) ? `list${++lists}` : undefined;
    for (const { item, condition } of items) {
      for (const code of codeIn(item)) if (!out.has(code)) out.set(code, group ? { condition, group } : { condition });
    }
    for (const item of list.children) visitSiblings(item.children);
  };
  visitSiblings(nodes);
  // Tabs last: the tab a block sits in is its most specific choice.
  for (const node of nodes) {
    for (const code of codeIn(node)) {
      const container = containerOfCode(code);
      if (container?.kind === 'tab' && container.label) out.set(code, { condition: container.label, group: `tab${container.group}` });
    }
  }
  return out;
}

/** "If a PDB is causing the failure you can ...": in a list item, the clause before "you"/"then". */
const IF_CLAUSE = /^\s*((?:if|when|unless|in case)\b.{3,100}?)\s+(?:you|then|we)\b/i;

/** A tab or admonition opener paragraph (`=== "RHEL"`) sits between tabs without ending the choice. */
function readOpenerLine(words: string): boolean {
  return readOpener(words.split('\n')[0] ?? '') !== undefined;
}

function itemCondition(item: ListItem): string | undefined {
  const lead = item.children[0];
  if (lead?.type !== 'paragraph') return undefined;
  const words = plainText(lead as Paragraph).replace(/^\[[ xX]\]\s+/, '').replace(/\s+/g, ' ');
  return leadingChoice(words) ?? IF_CLAUSE.exec(words)?.[1];
}

/** A block's label when nothing names its branch: its first line, as the reader would cite it. */
function labelOf(code: Code): string {
  const first = code.value.split('\n').find((line) => line.trim() !== '' && !line.trim().startsWith('#')) ?? '';
  const line = first.replace(/^\s*(?:\$|❯)\s+/, '').trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line || 'this block';
}

/**
 * Steps that are alternatives of each other: "Option A: ..." / "Option B: ..." headings, numbered
 * headings differing only in a letter ("6.1.2A" / "6.1.2B"), and a step whose condition says
 * "Otherwise" after a conditional step. Each gets the group id `<procedure id>/alt<n>`.
 */
export function markStepAlternatives(procedureId: string, steps: Step[], rawTitles: readonly string[]): void {
  let groups = 0;
  let open: { id: string; last: number } | undefined;
  steps.forEach((step, i) => {
    const raw = rawTitles[i] ?? step.title;
    const lettered = /^(\d+(?:\.\d+)*)([A-Z])\b/.exec(raw);
    const previousRaw = rawTitles[i - 1] ?? '';
    const previousLettered = /^(\d+(?:\.\d+)*)([A-Z])\b/.exec(previousRaw);
    const sameLetterGroup = lettered && previousLettered && lettered[1] === previousLettered[1];
    const option = isOptionTitle(raw) || isOptionTitle(step.title) || lettered !== null;
    const otherwise = step.condition !== undefined && isOtherwise(step.condition);
    const continues = open !== undefined && open.last === i - 1 && ((option && (isOptionTitle(step.title) || sameLetterGroup)) || otherwise);
    if (option || otherwise) {
      if (!continues) {
        // An "Otherwise" step joins the conditional step before it; an option opens a new group.
        const previous = steps[i - 1];
        if (otherwise && previous?.condition !== undefined && previous.alternative === undefined) {
          open = { id: `${procedureId}/alt${++groups}`, last: i - 1 };
          previous.alternative = open.id;
        } else open = { id: `${procedureId}/alt${++groups}`, last: i };
      }
      step.condition ??= step.title;
      step.alternative = open!.id;
      open!.last = i;
    }
  });
  // A group of one is a plain condition, not a choice between alternatives.
  const sizes = new Map<string, number>();
  for (const step of steps) if (step.alternative) sizes.set(step.alternative, (sizes.get(step.alternative) ?? 0) + 1);
  for (const step of steps) if (step.alternative && sizes.get(step.alternative) === 1) delete step.alternative;
}
