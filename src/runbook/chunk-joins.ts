// Whether two chunks parsed apart (mdast.ts) join as the whole-document parse would have them: a cut
// the scanner proposed (chunk.ts) can be wrong, which shows in the parsed chunks as an unclosed fence or
// HTML block at the end of the first, or as a second that does not start with its heading or list item.
// When they do not join, mdast.ts parses the two together.

import type { List, Nodes, RootContent } from 'mdast';
import { closesFence, HTML_1_TO_5, type Chunk } from './chunk.js';

/** A chunk with remark's tree of it, in document coordinates. */
export interface ParsedChunk extends Chunk {
  children: RootContent[];
}

/** Whether the cut between two parsed chunks is one the whole-document parse would also make. */
export function joinsCleanly(text: string, previous: ParsedChunk, current: ParsedChunk): boolean {
  if (current.kind === 'list-item') {
    // The cut line must start a list in the chunk's own parse (not be read as something else)...
    const first = current.children[0];
    if (!first || first.type !== 'list' || first.position!.start.line !== current.line || first.position!.start.column !== 1) return false;
    // ...and in the whole document: after a list it is that list's item or a new list (a different
    // marker); after a heading, a rule or a closed fence a new list; after anything else only when a
    // blank line ends what came before (else it may continue a paragraph, a quote or a table row).
    const last = previous.children[previous.children.length - 1];
    if (!last) return false;
    if (last.type === 'list') return !listEndsOpen(text, last);
    if (last.type === 'heading' || last.type === 'thematicBreak') return true;
    // A closed fence is done; indented code may go on past blank lines, and micromark then reads a list
    // item as one that interrupts it (only `1.` with text may): parse those two together.
    if (last.type === 'code') return isFenced(text, last) && !isOpenFence(text, last);
    if (last.type === 'html' && !isClosedHtml(text, last, previous)) return false;
    return /\n[ \t]*\n/.test(text.slice(last.position!.end.offset!, current.start));
  }
  if (current.kind === 'heading') {
    const first = current.children[0];
    if (!first || first.type !== 'heading' || first.position!.start.line !== current.line) return false;
    if (first.position!.start.column !== 1) return false;
  }
  if (current.kind === 'after-frontmatter') {
    return previous.children.length === 1 && (previous.children[0]!.type === 'yaml' || (previous.children[0]!.type as string) === 'toml');
  }
  const last = previous.children[previous.children.length - 1];
  if (!last) return true;
  if (last.type === 'list' && listEndsOpen(text, last)) return false;
  if (last.type === 'code') return !isOpenFence(text, last);
  if (last.type === 'html') return isClosedHtml(text, last, previous);
  return true;
}

/**
 * A list whose last item ends in an unclosed fence (or an HTML block): parsed alone, that runs over the
 * blank lines to the chunk's end, while in the whole document it ends where the list does.
 */
function listEndsOpen(text: string, list: List): boolean {
  const deepest = deepestLast(list);
  if (deepest.type === 'html') return true;
  return deepest.type === 'code' && isFenced(text, deepest) && isOpenFence(text, deepest);
}

/** The last node inside `node`, following last children down. */
function deepestLast(node: Nodes): Nodes {
  let at = node;
  while ('children' in at && at.children.length > 0) at = at.children[at.children.length - 1]!;
  return at;
}

function isFenced(text: string, node: Extract<Nodes, { type: 'code' }>): boolean {
  const start = node.position!.start.offset!;
  return /^ {0,3}(`{3,}|~{3,})/.test(text.slice(start, start + 8));
}

function isOpenFence(text: string, node: Extract<Nodes, { type: 'code' }>): boolean {
  const start = node.position!.start.offset!;
  const end = node.position!.end.offset!;
  const opening = /^ {0,3}(`{3,}|~{3,})/.exec(text.slice(start, Math.min(end, start + 200)));
  if (!opening) return false; // indented code ends at any column-0 text
  const lastLineStart = text.lastIndexOf('\n', end - 1) + 1;
  if (lastLineStart <= start) return true; // only the opening line
  // In a list item or quote the closing fence is indented like the opening one: read it from there.
  const last = text.slice(lastLineStart, end);
  const column = node.position!.start.column - 1;
  const line = /^[ \t>]*$/.test(last.slice(0, column)) ? last.slice(column) : last;
  return !closesFence(line, opening[1]!);
}

function isClosedHtml(text: string, node: Extract<Nodes, { type: 'html' }>, chunk: Chunk): boolean {
  const value = node.value;
  const ending = HTML_1_TO_5.find(([start]) => start.test(value));
  if (ending) {
    const opener = ending[0].exec(value)![0].length;
    if (ending[1].test(value.slice(opener))) return true;
  }
  // Other HTML blocks end at a blank line, which must lie inside the chunk.
  const after = text.slice(node.position!.end.offset!, chunk.end);
  return /\n[ \t]*\n/.test(after) && !ending;
}
