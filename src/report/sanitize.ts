// No raw control character reaches a report: a journal can hold whatever a terminal sent (Ctrl-A, DEL,
// a backspace typed into a note) or a program printed (colour codes, a progress bar's carriage returns).
// Terminal formatting (ANSI escape sequences) is dropped; carriage returns become line ends; every other
// C0/C1 control, DEL and the bidirectional overrides that can make text read differently from what it is
// are written as visible escapes (`\x01`, `\u202e`). Applied to the whole report tree, so Markdown and
// HTML show the same text. Tabs and line ends stay.

import type { Nodes, Root } from 'mdast';

const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Anything to do at all (most text has no control character but a line end or a tab). */
// eslint-disable-next-line no-control-regex
const ANY = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export function visible(text: string): string {
  if (!ANY.test(text)) return text;
  return text
    .replace(ANSI, '')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, (c) => {
      const code = c.charCodeAt(0);
      return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    });
}

/** Makes every text, code and link in the tree visible (in place) and returns it. */
export function visibleTree(tree: Root): Root {
  const visit = (node: Nodes) => {
    if ('value' in node && typeof node.value === 'string') node.value = visible(node.value);
    if (node.type === 'link') node.url = visible(node.url);
    if (node.type === 'code' && node.lang) node.lang = visible(node.lang);
    if ('children' in node) for (const child of node.children as Nodes[]) visit(child);
  };
  visit(tree);
  return tree;
}
