// Where a runbook may be cut into top-level chunks that remark can parse separately.
//
// Why: micromark is superlinear on some inputs (runs of blockquotes, and long lists: a numbered list of
// 2,000 items with a code block each took 3x the time of 1,000), so a 1 MB runbook takes seconds as one
// document. A column-0 heading closes every open container, so the text between two such headings
// parses the same alone as in the whole document, provided the cut is not inside a top-level fenced
// code block, HTML block or frontmatter. A column-0 list item is a cut too: after a list with the same
// marker it is that list's next item, so the two parsed lists are joined back into one (mdast.ts);
// otherwise it starts a list of its own, unless it continues a paragraph lazily, which mdast.ts detects. This scanner only *proposes* cuts with a
// cheap line-by-line pass; mdast.ts verifies each one against the parsed chunks and merges chunks when
// a proposal was wrong, so the scanner may be conservative or even mistaken without changing results.

export interface Chunk {
  /** 0-based offset of the chunk's first character in the document. */
  start: number;
  end: number;
  /** 1-based line of the chunk's first line. */
  line: number;
  /** Why the chunk starts here: the document start, a heading, a column-0 list item, or the end of frontmatter. */
  kind: 'start' | 'heading' | 'list-item' | 'after-frontmatter';
}

const ATX = /^#{1,6}(?:[ \t]|$)/;
const SETEXT_UNDERLINE = /^(?:=+|-+)[ \t]*$/;
const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const BLANK = /^[ \t]*$/;
// A line that can only be the text of a setext heading when the line before it is blank: not a list
// item, quote, table row, HTML, definition or any other block start.
const PLAIN_TEXT = /^[^\s#>*+\-=_|<[`~\d\\!]/;
/** CommonMark HTML blocks 1-5: the line that starts one, and the text that ends it (on any line). */
export const HTML_1_TO_5: [RegExp, RegExp][] = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];
const HTML_OTHER = /^ {0,3}<\/?[A-Za-z]/;
export const FRONTMATTER_FENCE = /^(?:---|\+\+\+)[ \t]*$/;
/** A list item's marker at column 0 (`- `, `* `, `+ `, `1. `, `1) `, or a marker alone on its line). */
const LIST_ITEM = /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const THEMATIC_BREAK = /^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;

/** Whether `line` closes a fence that `opening` (its run of backticks or tildes) opened. */
export function closesFence(line: string, opening: string): boolean {
  const close = FENCE_CLOSE.exec(line);
  return close !== null && close[1]![0] === opening[0] && close[1]!.length >= opening.length;
}

/** Proposes chunk boundaries in one pass over the lines; linear in the text size. */
export function proposeChunks(text: string): Chunk[] {
  const cuts: { offset: number; line: number; kind: Chunk['kind'] }[] = [{ offset: 0, line: 1, kind: 'start' }];
  let fence: string | undefined;
  let htmlEnd: RegExp | 'blank' | undefined;
  let offset = 0;
  let lineNo = 1;
  let previous = '';
  let previousOffset = 0;
  let beforePrevious = '';
  let frontmatterOpen: string | undefined;

  while (offset <= text.length) {
    const newline = text.indexOf('\n', offset);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(offset, end);

    if (lineNo === 1 && FRONTMATTER_FENCE.test(line)) frontmatterOpen = line.slice(0, 3);
    else if (frontmatterOpen) {
      // YAML closes with `---`, TOML with `+++`, as remark-frontmatter reads them.
      if (FRONTMATTER_FENCE.test(line) && line.startsWith(frontmatterOpen)) {
        frontmatterOpen = undefined;
        if (newline !== -1) cuts.push({ offset: end + 1, line: lineNo + 1, kind: 'after-frontmatter' });
      }
    } else if (fence) {
      if (closesFence(line, fence)) fence = undefined;
    } else if (htmlEnd) {
      if (htmlEnd === 'blank' ? BLANK.test(line) : htmlEnd.test(line)) htmlEnd = undefined;
    } else {
      if (ATX.test(line) && lineNo > 1) cuts.push({ offset, line: lineNo, kind: 'heading' });
      else if (LIST_ITEM.test(line) && lineNo > 1 && !THEMATIC_BREAK.test(line)) cuts.push({ offset, line: lineNo, kind: 'list-item' });
      else if (
        SETEXT_UNDERLINE.test(line) &&
        lineNo > 2 &&
        PLAIN_TEXT.test(previous) &&
        !previous.includes('|') &&
        BLANK.test(beforePrevious)
      ) {
        cuts.push({ offset: previousOffset, line: lineNo - 1, kind: 'heading' });
      }
      const open = FENCE_OPEN.exec(line);
      if (open && !(open[2]![0] === '`' && open[3]!.includes('`'))) {
        fence = open[2]!;
      } else {
        const html = HTML_1_TO_5.find(([start]) => start.test(line));
        if (html) {
          const opener = html[0].exec(line)![0].length;
          if (!html[1].test(line.slice(opener))) htmlEnd = html[1];
        } else if (HTML_OTHER.test(line)) htmlEnd = 'blank';
      }
    }

    beforePrevious = previous;
    previous = line;
    previousOffset = offset;
    if (newline === -1) break;
    offset = newline + 1;
    lineNo++;
  }

  // A heading right after frontmatter proposes the same cut twice; keep the first.
  const unique = cuts.filter((cut, i) => i === 0 || cut.offset > cuts[i - 1]!.offset);
  return unique.map((cut, i) => ({
    start: cut.offset,
    end: unique[i + 1]?.offset ?? text.length,
    line: cut.line,
    kind: cut.kind,
  }));
}
