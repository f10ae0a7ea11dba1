// Small typed builders for mdast nodes, so the report is assembled as a tree (and serialized by
// remark-stringify) rather than glued together as strings.

import type {
  Code,
  Heading,
  InlineCode,
  Link,
  List,
  ListItem,
  Paragraph,
  PhrasingContent,
  Root,
  RootContent,
  Strong,
  Emphasis,
  Table,
  TableCell,
  Text,
  ThematicBreak,
} from 'mdast';

export type Inline = PhrasingContent | string;

/** Inline content as nodes, adjacent strings as one text node (fewer nodes to serialize, the same text). */
function phrasing(children: Inline[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const c of children) {
    const last = out.at(-1);
    if (typeof c !== 'string') out.push(c);
    else if (last?.type === 'text') out[out.length - 1] = text(last.value + c);
    else out.push(text(c));
  }
  return out;
}

export const text = (value: string): Text => ({ type: 'text', value });
export const strong = (...children: Inline[]): Strong => ({ type: 'strong', children: phrasing(children) });
export const emphasis = (...children: Inline[]): Emphasis => ({ type: 'emphasis', children: phrasing(children) });
export const inlineCode = (value: string): InlineCode => ({ type: 'inlineCode', value });
export const link = (url: string, ...children: Inline[]): Link => ({ type: 'link', url, children: phrasing(children) });
export const paragraph = (...children: Inline[]): Paragraph => ({ type: 'paragraph', children: phrasing(children) });
export const heading = (depth: 1 | 2 | 3 | 4 | 5 | 6, ...children: Inline[]): Heading => ({ type: 'heading', depth, children: phrasing(children) });
export const code = (value: string, lang?: string): Code => ({ type: 'code', lang: lang ?? null, value });
export const rule = (): ThematicBreak => ({ type: 'thematicBreak' });
export const root = (children: RootContent[]): Root => ({ type: 'root', children });

export function listItem(children: Inline[] | Paragraph[], checked?: boolean): ListItem {
  const blocks = children.length > 0 && typeof children[0] === 'object' && children[0]!.type === 'paragraph' ? (children as Paragraph[]) : [paragraph(...(children as Inline[]))];
  return { type: 'listItem', spread: false, checked: checked ?? null, children: blocks };
}

export const list = (items: ListItem[], ordered = false): List => ({ type: 'list', ordered, spread: false, children: items });

/** A GFM table; cells are plain text (pipes and newlines are escaped by the serializer / flattened here). */
export function table(header: string[], rows: (string | null)[][]): Table {
  const cell = (value: string | null): TableCell => ({
    type: 'tableCell',
    children: value === null ? [emphasis('NULL')] : [text(value.replace(/\r?\n/g, ' '))],
  });
  return {
    type: 'table',
    align: header.map(() => null),
    children: [header, ...rows].map((r) => ({ type: 'tableRow', children: r.map(cell) })),
  };
}
