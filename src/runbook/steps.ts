// A procedure's content -> Steps. Steps are, in order of preference (README "How runbooks are read"):
// the items of a numbered list (title = bold lead text without its colon), sub-headings, or else one
// code block with the prose before it. Every fenced code block inside a step's content is one of its
// blocks; bullet items without code are manual checklist items; a numbered item with neither code nor
// sub-items is a step whose single manual item is its own text (the operator ticks it off).
import type { Code, Heading, List, ListItem, Nodes, RootContent } from 'mdast';
import { parseInfoString } from './attributes.js';
import { isRunnable, readingOf } from './reading.js';
import type { ManualItem, Step } from './model.js';
import { fencedCodeIn, hasFencedCode, isFencedCode, isLinkOnlyList, isStepList, plainText, walk } from './tree.js';
import { buildBlock, type BlockContext } from './blocks.js';
import { readCondition, readLeadingCondition, type LinkUse } from './graph.js';
import { cleanInline, cleanProse, plainShortcodes } from './markup.js';
import { codeChoices, isOrParagraph, leadingChoice, markStepAlternatives } from './alternatives.js';
import { containerOfCode, readOpener } from './containers.js';

interface Draft {
  title: string;
  /** The heading as written ("6.1.2A Building ..."), when the title was cleaned of its number. */
  raw?: string;
  line: number;
  column: number;
  nodes: Nodes[];
  /** The numbered item the step was made from. */
  item?: ListItem;
}

export interface StepContext extends BlockContext {
  links: LinkUse[];
}

export interface StepInput {
  procedureId: string;
  procedureTitle: string;
  /** Content before the first sub-heading. */
  direct: RootContent[];
  /** Sub-headings with their content. */
  subsections: { heading: Heading; title: string; raw?: string; nodes: RootContent[] }[];
  inTemplate: boolean;
  /**
   * The sub-sections are step headings ("Step 1", "2."): the content before them is the procedure's
   * introduction, except code that runs, which stays a step of its own.
   */
  stepHeadings?: boolean;
}

export function buildSteps(input: StepInput, ctx: StepContext): { steps: Step[]; intro?: string } {
  const text = ctx.source.text;
  const drafts: Draft[] = [];
  const intro: Nodes[] = [];
  let pending: RootContent[] = [];
  const flushPending = (): void => {
    if (pending.length === 0) return;
    const last = drafts[drafts.length - 1];
    if (last) last.nodes.push(...pending);
    else intro.push(...pending);
    pending = [];
  };
  // A closing `---` rule separates sections visually; it is not part of the last step.
  const direct = withoutTrailingRules(input.direct);
  // After a numbered list, what sits under its last item belongs to that item, also when the author
  // did not indent it enough for Markdown to nest it (a fence right under "1. Reload Patroni").
  let underItem = false;
  for (const node of direct) {
    if (!input.inTemplate && isStepList(node)) {
      flushPending();
      for (const item of node.children) drafts.push(itemDraft(item));
      underItem = true;
    } else if (underItem && pending.length === 0 && continuesItem(node, text)) {
      drafts[drafts.length - 1]!.nodes.push(node);
    } else if (isFencedCode(node, text) ? !input.stepHeadings || isRunnableFence(node) : hasFencedCode([node], text)) {
      underItem = false;
      const last = drafts[drafts.length - 1];
      // The next tab of a set, or a block after a paragraph saying "or": an alternative of the block
      // before it, so in the same step (alternatives are one choice, not two steps).
      if (last && continuesChoice(last.nodes, pending, node, text)) last.nodes.push(...pending, node);
      else drafts.push(codeDraft(pending, node, input.procedureTitle));
      pending = [];
    } else {
      underItem = false;
      pending.push(node);
    }
  }
  if (pending.length > 0 && drafts.length === 0 && input.subsections.length === 0 && hasManualItems(pending)) {
    const first = pending[0]!.position!.start;
    drafts.push({ title: input.procedureTitle, line: first.line, column: first.column, nodes: pending });
    pending = [];
  }
  flushPending();
  for (const sub of input.subsections) {
    const at = sub.heading.position!.start;
    drafts.push({ title: sub.title, ...(sub.raw !== undefined ? { raw: sub.raw } : {}), line: at.line, column: at.column, nodes: withoutTrailingRules(sub.nodes) });
  }

  for (const node of intro) collectLinks(node, input.procedureId, ctx.links);
  const steps = drafts.map((draft, i) => finishStep(draft, `${input.procedureId}/${i + 1}`, i + 1, ctx));
  markStepAlternatives(input.procedureId, steps, drafts.map((draft) => draft.raw ?? draft.title));
  const introText = intro.length > 0 ? proseOf(intro, undefined, ctx) : '';
  return introText === '' ? { steps } : { steps, intro: introText };
}

/** Whether `node` (after `pending`) is the other branch of the code the step so far ends with. */
function continuesChoice(nodes: readonly Nodes[], pending: readonly RootContent[], node: RootContent, text: string): boolean {
  const previous = fencedCodeIn(nodes.slice(-1), text).at(-1);
  const next = fencedCodeIn([node], text)[0];
  if (!previous || !next) return false;
  const before = containerOfCode(previous);
  const after = containerOfCode(next);
  if (before?.kind === 'tab' && after?.kind === 'tab' && before.group === after.group) return true;
  return pending.length === 1 && pending[0]!.type === 'paragraph' && isOrParagraph(plainText(pending[0]!));
}

/** A fence in a language that runs (SQL or shell). */
function isRunnableFence(node: Code): boolean {
  return isRunnable(readingOf(node, parseInfoString(node.lang, node.meta)));
}

/** Code, an indented block or a bullet list right after a numbered item reads as part of it. */
function continuesItem(node: RootContent, text: string): boolean {
  if (isFencedCode(node, text)) return true;
  if (node.type === 'list' && node.ordered !== true) return true;
  return node.position!.start.column > 1;
}

/**
 * Numbered items followed (before the next item or flush-left paragraph) by a code block the author
 * did not indent under them: the item owns that code, so it is not a manual checklist item.
 */
function itemsWithTrailingCode(nodes: readonly Nodes[], text: string): Set<ListItem> {
  const out = new Set<ListItem>();
  const scan = (siblings: readonly Nodes[]): void => {
    siblings.forEach((node, i) => {
      if (node.type !== 'list' || node.ordered !== true) return;
      for (let k = i + 1; k < siblings.length; k++) {
        const next = siblings[k]!;
        if ((next.type === 'list' && next.ordered === true) || !continuesItem(next as RootContent, text)) break;
        if (isFencedCode(next, text) || hasFencedCode([next], text)) {
          out.add((node as List).children[(node as List).children.length - 1]!);
          break;
        }
      }
    });
  };
  scan(nodes);
  walk(nodes, (node) => {
    if ('children' in node) scan(node.children as Nodes[]);
  });
  return out;
}

function withoutTrailingRules(nodes: RootContent[]): RootContent[] {
  let end = nodes.length;
  while (end > 0 && nodes[end - 1]!.type === 'thematicBreak') end--;
  return end === nodes.length ? nodes : nodes.slice(0, end);
}

function itemDraft(item: ListItem): Draft {
  const at = item.position!.start;
  const lead = item.children[0];
  let title = '';
  if (lead?.type === 'paragraph') {
    const strong = lead.children[0];
    title = strong?.type === 'strong' ? plainText(strong) : plainText(lead).split('\n')[0]!;
  }
  // GFM task items ("1. [ ] Specify the environment") keep their text without the box.
  title = title.replace(/^\[[ xX]\]\s+/, '');
  return { title: cleanTitle(title), line: at.line, column: at.column, nodes: [item], item };
}

function codeDraft(pending: RootContent[], node: RootContent, fallback: string): Draft {
  const before = pending[pending.length - 1];
  let title = '';
  // A one-line paragraph right before the block names it ("Run this:"); longer prose does not.
  if (before?.type === 'paragraph' && before.position!.start.line === before.position!.end.line && !readOpener(plainText(before))) {
    const words = cleanInline(plainText(before));
    if (words.length <= 80) title = words;
  }
  if (title === '' && node.type === 'code' && readingOf(node, parseInfoString(node.lang, node.meta)).as === 'sql') title = firstComment(node.value);
  const at = (pending[0] ?? node).position!.start;
  return { title: cleanTitle(title) || fallback, line: at.line, column: at.column, nodes: [...pending, node] };
}

/** The first SQL comment names the block; shell comments are usually file notes ("Save as: x.sh"). */
function firstComment(code: string): string {
  const match = /^\s*--\s+([A-Za-z].*)$/m.exec(code);
  return match ? match[1]!.trim() : '';
}

function cleanTitle(title: string): string {
  const line = plainShortcodes(title).replace(/\s+/g, ' ').trim().replace(/[:：]\s*$/, '');
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

function hasManualItems(nodes: RootContent[]): boolean {
  return nodes.some((node) => node.type === 'list' && !isLinkOnlyList(node));
}

function finishStep(draft: Draft, id: string, index: number, ctx: StepContext): Step {
  const text = ctx.source.text;
  const choices = codeChoices(draft.nodes, text);
  const blocks = fencedCodeIn(draft.nodes, text).map((code, i) => {
    const block = buildBlock(code, `${id}/b${i + 1}`, ctx);
    const choice = choices.get(code);
    if (choice) {
      block.condition = choice.condition;
      if (choice.group !== undefined) block.alternative = `${id}/${choice.group}`;
    }
    return block;
  });
  const manual: ManualItem[] = [];
  const addManual = (textValue: string, at: { line: number; column: number }, condition?: string): void => {
    const item: ManualItem = { id: `${id}/m${manual.length + 1}`, text: textValue, line: at.line, column: at.column };
    const readIt = condition ?? readCondition(textValue);
    if (readIt !== undefined) item.condition = readIt;
    manual.push(item);
  };
  const owning = itemsWithTrailingCode(draft.nodes, text);
  walk(draft.nodes, (node) => {
    if (node.type === 'list' && isLinkOnlyList(node)) return false;
    if (node.type !== 'listItem' || node === draft.item) return true;
    if (hasFencedCode(node.children, text) || owning.has(node)) return true;
    const own = node.children.filter((child) => child.type !== 'list');
    const words = plainShortcodes(own.map((child) => plainText(child)).join(' ')).replace(/\s+/g, ' ').trim();
    if (words !== '') addManual(words, node.position!.start);
    return true;
  });
  // The item (or the step heading) is itself the action: a manual step the operator ticks off. Its
  // condition belongs to the step (one branch edge, not two).
  if (blocks.length === 0 && manual.length === 0) {
    const own = draft.item ? plainShortcodes(plainText(draft.item)).replace(/\s+/g, ' ').replace(/^\[[ xX]\]\s+/, '').trim() : '';
    manual.push({ id: `${id}/m1`, text: own || draft.title, line: draft.line, column: draft.column });
  }
  // Numbered comment lines in a note ("-- If cache hit ratio < 90%:" / "-- 1. Increase shared_buffers")
  // are manual actions the block's author could not write as Markdown.
  // Only comment lines count: a numbered line in output or configuration is no action.
  for (const block of blocks) {
    if (block.output) continue;
    for (const statement of block.statements) {
      if (statement.kind !== 'note') continue;
      let condition: string | undefined;
      statement.text.split('\n').forEach((raw, offset) => {
        if (!/^\s*(?:--|#|\/\*|\*)/.test(raw)) return;
        const line = raw.replace(/^\s*(?:--+|#+|\/\*+|\*+\/?)\s?/, '').trim();
        const numbered = /^\d+[.)]\s+(.+)$/.exec(line);
        if (numbered) addManual(numbered[1]!.trim(), { line: statement.line + offset, column: statement.column }, condition);
        else condition = readLeadingCondition(line) ?? (/^if\b/i.test(line) ? line.replace(/:$/, '') : undefined);
      });
    }
  }
  for (const node of draft.nodes) collectLinks(node, id, ctx.links);

  const prose = proseOf(draft.nodes, draft.item, ctx);
  const step: Step = { id, index, title: draft.title || `Step ${index}`, prose, blocks, manual, line: draft.line, column: draft.column };
  const condition = readCondition(draft.title) ?? leadingChoice(draft.title) ?? leadingChoice(prose);
  if (condition !== undefined) step.condition = condition;
  return step;
}

/** The Markdown of the nodes without their code blocks, list marker and common indentation removed. */
function proseOf(nodes: Nodes[], item: ListItem | undefined, ctx: StepContext): string {
  if (nodes.length === 0) return '';
  const first = nodes[0]!.position!.start.line;
  const skip = new Set<number>();
  for (const code of fencedCodeIn(nodes, ctx.source.text)) {
    for (let line = code.position!.start.line; line <= code.position!.end.line; line++) skip.add(line);
  }
  // The nodes' own lines (a step made of a heading's content and a sub-heading's may skip lines between).
  const wanted: number[] = [];
  let upTo = 0;
  for (const node of nodes) {
    const from = Math.max(node.position!.start.line, upTo + 1);
    // Blank lines between two nodes of the step stay, so paragraphs keep their separation.
    const gapFrom = upTo > 0 && from - upTo <= 3 ? upTo + 1 : from;
    for (let line = gapFrom; line <= node.position!.end.line; line++) wanted.push(line);
    upTo = Math.max(upTo, node.position!.end.line);
  }
  const lines: string[] = [];
  for (const line of wanted) {
    if (skip.has(line)) continue;
    let content = ctx.source.line(line);
    if (item && line === first) content = ' '.repeat(item.position!.start.column - 1) + content.slice(item.position!.start.column - 1).replace(/^(?:\d+[.)]|[-*+])[ \t]?/, (m) => ' '.repeat(m.length));
    lines.push(content);
  }
  lines.splice(0, lines.length, ...cleanProse(lines).map((line) => line.replace(/\s+$/, '')));
  const indents = lines.filter((line) => line !== '').map((line) => /^ */.exec(line)![0].length);
  const dedent = indents.length > 0 ? indents.reduce((a, b) => Math.min(a, b)) : 0;
  while (lines.length > 0 && /^[\s>]*$/.test(lines[lines.length - 1]!)) lines.pop();
  return lines
    .map((line) => line.slice(dedent))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function collectLinks(node: Nodes, from: string, out: LinkUse[]): void {
  walk([node], (child) => {
    if (child.type === 'link' && child.url.startsWith('#')) {
      out.push({ from, anchor: decodeAnchor(child.url), line: child.position!.start.line });
    }
  });
}

export function decodeAnchor(url: string): string {
  try {
    return decodeURIComponent(url.slice(1));
  } catch {
    return url.slice(1);
  }
}
