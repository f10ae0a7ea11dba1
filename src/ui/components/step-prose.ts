// The prose shown under a step's title, without what the screen already shows elsewhere: the bold lead
// that became the step's title ("**Immediate Actions:**" under "Step 1 of 3 · Immediate Actions") and
// list items that became the step's checklist (drawn as ticks right below). The runbook model keeps the
// prose whole; this only decides what the step view repeats.

import type { Step } from '../../runbook/model.js';
import type { Nodes } from 'mdast';
import { plainText } from '../../runbook/tree.js';
import { parseProse } from './Prose.js';

const cache = new WeakMap<Step, string>();

/** Text of nodes without markup, read as the model read the step's title and checklist from them. */
const plain = (nodes: readonly Nodes[]) => nodes.map(plainText).join('');

/** "Immediate Actions:" and "immediate actions" name the same thing. */
const same = (a: string, b: string) => a.trim().replace(/\s*:$/, '').toLowerCase() === b.trim().replace(/\s*:$/, '').toLowerCase();

export function displayProse(step: Step): string {
  let shown = cache.get(step);
  if (shown === undefined) {
    shown = strip(step);
    cache.set(step, shown);
  }
  return shown;
}

function strip(step: Step): string {
  const markdown = step.prose;
  const root = parseProse(markdown);
  const dropLines = new Set<number>();
  const dropLine = (start: number, end: number) => {
    for (let l = start; l <= end; l++) dropLines.add(l - 1);
  };
  let cut: [number, number] | undefined;

  const first = root.children[0];
  if (first?.type === 'paragraph' && first.position) {
    const lead = first.children[0];
    if (same(plain(first.children), step.title)) dropLine(first.position.start.line, first.position.end.line);
    else if (lead?.type === 'strong' && lead.position && same(plain(lead.children), step.title)) {
      // Only the lead goes; the rest of the paragraph ("**Title:** check the status page") stays.
      const end = lead.position.end.offset!;
      const rest = /^[ \t:]*/.exec(markdown.slice(end))![0].length;
      cut = [lead.position.start.offset!, end + rest];
    }
  }

  const checklist = step.manual.map((m) => m.text);
  for (const node of root.children) {
    if (node.type !== 'list' || !node.position) continue;
    const repeated = node.children.filter((item) => checklist.some((text) => same(plain(item.children), text)));
    if (repeated.length === node.children.length) dropLine(node.position.start.line, node.position.end.line);
    else for (const item of repeated) if (item.position) dropLine(item.position.start.line, item.position.end.line);
  }

  let text = cut ? markdown.slice(0, cut[0]) + markdown.slice(cut[1]) : markdown;
  if (dropLines.size > 0) {
    // Line numbers are the original's: the cut lead never takes a line break with it, so they still hold.
    text = text
      .split('\n')
      .filter((_, i) => !dropLines.has(i))
      .join('\n');
  }
  return text.trim();
}
