// Small helpers over mdast trees shared by the model builders: plain text, walking, and the questions
// the procedure rules ask of a node ("does it hold a fenced code block?", "is this list only links?").
import type { Code, List, ListItem, Nodes, RootContent } from 'mdast';

/** Visible text of a node, as GitHub uses for slugs (image alt text included). */
export function plainText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string' && node.type !== 'html') return node.value;
  if (node.type === 'image') return node.alt ?? '';
  if (node.type === 'break') return ' ';
  if ('children' in node) return (node.children as Nodes[]).map(plainText).join('');
  return '';
}

/** Depth-first, document order; `enter` returning false skips the node's children. */
export function walk(nodes: readonly Nodes[], enter: (node: Nodes) => boolean | void): void {
  for (const node of nodes) {
    if (enter(node) === false) continue;
    if ('children' in node) walk(node.children as Nodes[], enter);
  }
}

/** mdast gives indented and fenced code the same type; only fenced code is a runnable block. */
export function isFencedCode(node: Nodes, text: string): node is Code {
  if (node.type !== 'code') return false;
  const at = node.position!.start.offset!;
  const c = text.charCodeAt(at);
  return c === 96 /* ` */ || c === 126 /* ~ */;
}

export function fencedCodeIn(nodes: readonly Nodes[], text: string): Code[] {
  const out: Code[] = [];
  walk(nodes, (node) => {
    if (isFencedCode(node, text)) out.push(node);
  });
  return out;
}

export function hasFencedCode(nodes: readonly Nodes[], text: string): boolean {
  let found = false;
  walk(nodes, (node) => {
    if (found) return false;
    if (isFencedCode(node, text)) found = true;
    return !found;
  });
  return found;
}

/** A Table of Contents: every item is links (and punctuation) only, nested lists included. */
export function isLinkOnlyList(list: List): boolean {
  return list.children.length > 0 && list.children.every(isLinkOnlyItem);
}

function isLinkOnlyItem(item: ListItem): boolean {
  let links = 0;
  const ok = item.children.every((child) => {
    if (child.type === 'list') return isLinkOnlyList(child);
    if (child.type !== 'paragraph') return false;
    return child.children.every((part) => {
      if (part.type === 'link' || part.type === 'linkReference') return ++links > 0;
      return part.type === 'text' && /^[\s.,;:·|-]*$/.test(part.value);
    });
  });
  return ok && links > 0;
}

/** An ordered list that reads as steps (not a Table of Contents). */
export function isStepList(node: RootContent): node is List {
  return node.type === 'list' && node.ordered === true && !isLinkOnlyList(node);
}
