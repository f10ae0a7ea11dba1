// Column-0 list items parsed by their content. CommonMark defines a list item's content as the blocks
// parsed from its lines with the item's width removed; micromark reaches the same tree by carrying the
// list container through every line, which on a runbook of numbered steps with indented code is about
// half of all parsing. Items whose text is plain enough (spaces only, every later line indented by the
// width, no definitions, no task box) are parsed that way instead: their contents are dedented, joined
// with a separator that ends any block, parsed at once, and put back into list items in document
// coordinates. A result that does not come apart exactly at the separators (an unclosed fence or HTML
// block ran across one) is dropped and the items are parsed as they stand. The property tests compare the
// result with remark's whole-document tree (test/model/property.test.ts).

import type { List, ListItem, Nodes, RootContent } from 'mdast';
import type { Chunk } from './chunk.js';
import { remarkParse } from './remark.js';

type Point = NonNullable<Nodes['position']>['start'];

export interface FlatItem {
  chunk: Chunk;
  /** Columns of marker and spaces before the content. */
  width: number;
  ordered: boolean;
  /** `.` or `)` for ordered items, the bullet for others: a change starts a new list. */
  delimiter: string;
  value: number | null;
  /** The item's lines, with the blank lines after it (an unclosed fence runs on over them). */
  lines: string[];
  /** How many of `lines` are the item's own, up to its last line that is not blank. */
  own: number;
}

const MARKER = /^(?:(\d{1,9})([.)])|([-*+]))( {1,4})(?=\S)/;
const THEMATIC_BREAK = /^(?:(?:\*[ ]*){3,}|(?:-[ ]*){3,}|(?:_[ ]*){3,})$/;
const BLANK = /^ *$/;
const SEPARATOR = '<!---->';

/** The item `chunk` holds, when it can be parsed by its content; `definitions`: the document may define link labels. */
export function flatItem(text: string, chunk: Chunk, definitions: boolean): FlatItem | undefined {
  if (chunk.kind !== 'list-item') return undefined;
  const body = text.slice(chunk.start, chunk.end);
  // Tabs make widths depend on columns; definitions and footnotes apply across the document.
  if (/[\t\r]/.test(body) || body.includes(']:') || body.includes('[^') || (definitions && body.includes('['))) return undefined;
  const lines = body.split('\n');
  // The empty line after the last line ending is the document's own last line only at its end (an
  // unclosed fence there runs on to it).
  if (lines[lines.length - 1] === '' && chunk.end < text.length) lines.pop();
  let own = lines.length;
  while (own > 1 && BLANK.test(lines[own - 1]!)) own--;
  const first = lines[0]!;
  const marker = MARKER.exec(first);
  if (!marker || THEMATIC_BREAK.test(first)) return undefined;
  const width = marker[0].length;
  const content = first.slice(width);
  // A task box is GFM's only where an item starts; frontmatter fences only where the document starts.
  if (/^\[[ xX]\]/.test(content) || /^(?:---|\+\+\+)/.test(content)) return undefined;
  const indent = ' '.repeat(width);
  for (let i = 1; i < lines.length; i++) if (!BLANK.test(lines[i]!) && !lines[i]!.startsWith(indent)) return undefined;
  const ordered = marker[1] !== undefined;
  return { chunk, width, ordered, delimiter: marker[2] ?? marker[3]!, value: ordered ? Number.parseInt(marker[1]!, 10) : null, lines, own };
}

/** Whether `b` continues the list `a` is in (same kind and delimiter, as CommonMark requires). */
export function sameList(a: FlatItem, b: FlatItem): boolean {
  return a.ordered === b.ordered && a.delimiter === b.delimiter;
}

/**
 * The tree of consecutive items of one list, as one `list` node in document coordinates, or undefined when
 * their contents do not parse apart (the caller then parses them as they stand).
 */
export function parseItems(items: readonly FlatItem[], onParse?: (chars: number) => void): List | undefined {
  // The joined contents, and for each of its lines the document line and how many columns were removed.
  const out: string[] = [];
  const origin: { line: number; removed: number }[] = [];
  const ranges: { from: number; to: number }[] = [];
  const separators: number[] = [];
  items.forEach((item, k) => {
    if (k > 0) {
      out.push('', SEPARATOR);
      origin.push({ line: 0, removed: 0 }, { line: 0, removed: 0 });
      separators.push(out.length);
    }
    const from = out.length + 1;
    item.lines.forEach((line, i) => {
      const removed = i === 0 ? item.width : Math.min(item.width, line.length);
      out.push(line.slice(removed));
      origin.push({ line: item.chunk.line + i, removed });
    });
    ranges.push({ from, to: out.length });
  });
  const input = out.join('\n');
  onParse?.(input.length);
  const root = remarkParse(input);

  const contents: RootContent[][] = items.map(() => []);
  let k = 0;
  for (const node of root.children) {
    const { start, end } = node.position!;
    if (k < separators.length && node.type === 'html' && node.value === SEPARATOR && start.line === separators[k]) {
      k++;
      continue;
    }
    if (start.line < ranges[k]!.from || end.line > ranges[k]!.to) return undefined;
    contents[k]!.push(node);
  }
  if (k !== separators.length || contents.some((c) => c.length === 0)) return undefined;

  const lineStart = lineStarts(items);
  // A node that ends at the start of a line ends right after the line ending before it (a hard break, a
  // fence left open), before the item's indentation; anything else on a line is after it.
  const move = (p: Point, end: boolean): Point => {
    const o = origin[p.line - 1]!;
    const column = end && p.column === 1 ? 1 : p.column + o.removed;
    return { line: o.line, column, offset: lineStart.get(o.line)! + column - 1 };
  };
  const shift = (node: Nodes): void => {
    if (node.position) node.position = { start: move(node.position.start, false), end: move(node.position.end, true) };
    if ('children' in node) for (const child of node.children) shift(child);
  };
  const children: ListItem[] = items.map((item, i) => {
    for (const node of contents[i]!) shift(node);
    const nodes = contents[i]!;
    const last = item.lines[item.own - 1]!;
    const lastLine = item.chunk.line + item.own - 1;
    const ownEnd = { line: lastLine, column: last.length + 1, offset: lineStart.get(lastLine)! + last.length };
    // An unclosed fence runs on over the blank lines after the item, and the item with it.
    const childEnd = nodes[nodes.length - 1]!.position!.end;
    return {
      type: 'listItem',
      // Loose when a blank line separates two of its blocks.
      spread: nodes.some((node, j) => j > 0 && node.position!.start.line - nodes[j - 1]!.position!.end.line > 1),
      checked: null,
      children: nodes as ListItem['children'],
      position: {
        start: { line: item.chunk.line, column: 1, offset: item.chunk.start },
        end: childEnd.offset! > ownEnd.offset ? childEnd : ownEnd,
      },
    };
  });
  return {
    type: 'list',
    ordered: items[0]!.ordered,
    start: items[0]!.value,
    // Loose when a blank line separates two of its items.
    spread: items.some((item, i) => i + 1 < items.length && item.own < item.lines.length),
    children,
    position: { start: children[0]!.position!.start, end: children[children.length - 1]!.position!.end },
  };
}

/** The offset where each line of the items starts. */
function lineStarts(items: readonly FlatItem[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const item of items) {
    let offset = item.chunk.start;
    item.lines.forEach((line, i) => {
      out.set(item.chunk.line + i, offset);
      offset += line.length + 1;
    });
  }
  return out;
}
