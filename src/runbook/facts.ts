// Facts: the `**Label:** value` statements runbooks write in their prose and lists ("**Next Review:**
// March 27, 2025", "- **Cache Hit Ratio:** > 95%"). Each keeps the heading it sits under and its
// position; declared.ts reads the ones it knows (targets, the review date). A label is a strong (bold)
// run ending with a colon, inside or right after it; the value runs to the next line break or label.
import type { Nodes, Paragraph, PhrasingContent, Root } from 'mdast';
import type { Fact } from './model.js';
import type { Section } from './sections.js';
import { plainText } from './tree.js';

export function findFacts(root: Root, sections: readonly Section[]): Fact[] {
  const facts: Fact[] = [];
  let s = -1;
  root.children.forEach((node, index) => {
    while (s + 1 < sections.length && sections[s + 1]!.index < index) s++;
    const heading = s >= 0 ? sections[s]!.title : '';
    collect(node, heading, facts);
  });
  return facts;
}

function collect(node: Nodes, heading: string, out: Fact[]): void {
  if (node.type === 'paragraph') {
    out.push(...paragraphFacts(node, heading));
    return;
  }
  if (node.type === 'list' || node.type === 'listItem' || node.type === 'blockquote') {
    for (const child of node.children) collect(child, heading, out);
  }
}

function paragraphFacts(paragraph: Paragraph, heading: string): Fact[] {
  const out: Fact[] = [];
  const inline = paragraph.children;
  let i = 0;
  while (i < inline.length) {
    const label = labelAt(inline, i);
    if (!label) {
      i++;
      continue;
    }
    let value = label.rest;
    let j = i + label.nodes;
    for (; !label.ended && j < inline.length; j++) {
      const next = inline[j]!;
      if (next.type === 'break' || labelAt(inline, j)) break;
      const text = plainText(next);
      const newline = text.indexOf('\n');
      if (newline !== -1) {
        value += text.slice(0, newline);
        break;
      }
      value += text;
    }
    const at = inline[i]!.position!.start;
    value = value.trim();
    if (label.text !== '' && value !== '') out.push({ label: label.text, value, heading, line: at.line, column: at.column });
    i = j;
  }
  return out;
}

/** `**Label:**` or `**Label**:` at `inline[i]`: the label without its colon, and text after the colon. */
function labelAt(inline: PhrasingContent[], i: number): { text: string; rest: string; nodes: number; ended: boolean } | undefined {
  const node = inline[i]!;
  if (node.type !== 'strong') return undefined;
  const strong = plainText(node).trim();
  if (strong.endsWith(':')) return { text: strong.slice(0, -1).trim(), rest: '', nodes: 1, ended: false };
  const next = inline[i + 1];
  if (next?.type === 'text' && next.value.startsWith(':')) {
    const newline = next.value.indexOf('\n');
    return { text: strong, rest: next.value.slice(1, newline === -1 ? undefined : newline), nodes: 2, ended: newline !== -1 };
  }
  return undefined;
}
