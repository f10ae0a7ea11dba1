// Site-generator markup that a reader of the rendered page never sees, removed from titles and prose
// (and, in code, the lines that are only a shortcode: blankMarkupLines):
// heading ids (`## Fixing {#fixing}`), HTML anchors (`<a name='x'></a>`), Hugo shortcodes
// (`{{< hint style="info" >}}`, `{{% notice warning %}}`, `{{< relref "x.md" >}}`), admonition and
// tab openers (`!!! warning "Careful"`, `:::note`, `=== "Debian"`) and attribute lines
// (`{.power-number}`). Openers become a bold label, so the warning still reads as one.
import type { Heading } from 'mdast';
import { plainText, walk } from './tree.js';
import { readOpener } from './containers.js';

const CUSTOM_ID = /\s*\{#([A-Za-z][\w:.-]*)\}\s*$/;
const ANCHOR = /<a\s+(?:[^>]*?\s)?(?:name|id)\s*=\s*["']?([^"'\s>]+)["']?[^>]*>/gi;

export interface HeadingText {
  title: string;
  /** `{#id}` written after the heading: the anchor the author chose. */
  customId?: string;
  /** `<a name="...">` / `<a id="...">` anchors inside the heading. */
  anchors: string[];
}

export function headingText(heading: Heading): HeadingText {
  const anchors: string[] = [];
  walk([heading], (node) => {
    if (node.type === 'html') anchors.push(...htmlAnchors(node.value));
  });
  let title = plainText(heading).replace(/\s+/g, ' ').trim();
  const custom = CUSTOM_ID.exec(title);
  title = title.replace(CUSTOM_ID, '').trim();
  return custom ? { title, customId: custom[1]!, anchors } : { title, anchors };
}

/** The `<a name="x">` / `<a id="x">` anchors in a piece of HTML. */
export function htmlAnchors(html: string): string[] {
  return [...html.matchAll(ANCHOR)].map((match) => match[1]!);
}

/** `<h1>Administrator Guide</h1>` as a document's first block, the title when no `#` heading is. */
export function htmlTitle(html: string): string | undefined {
  const match = /^\s*<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(html);
  if (!match) return undefined;
  const title = match[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
  return title === '' ? undefined : title;
}

const SHORTCODE_LINE = /^\s*\{\{[<%]\s*\/?[\w-]+[^}]*[>%]\}\}\s*$/;
const SHORTCODE = /\{\{[<%]\s*(\/?)([\w-]+)([^}]*?)[>%]\}\}/g;
const ATTRIBUTE_LINE = /^\s*\{:?\s*[.#][\w-]+(?:\s+[.#][\w-]+)*\s*\}\s*$/;

/** Shortcodes that stand for a value the site fills in when it renders the page. */
const VALUE_SHORTCODES = new Set(['param', 'relref', 'ref']);
const FIRST_SHORTCODE = /\{\{[<%]\s*\/?([\w-]+)[^}]*?[>%]\}\}/;

/**
 * Code with its lines that are only site markup (`{{% notice warning %}}`, `{{< /hint >}}`) blanked to
 * as many spaces, so offsets into the code stay true. A line holding a value shortcode
 * (`{{< param x >}}`) stays: it is part of the command (shortcodeIn finds it).
 */
export function blankMarkupLines(code: string): string {
  if (!code.includes('{{')) return code;
  return code
    .split('\n')
    .map((line) => (SHORTCODE_LINE.test(line) && !VALUE_SHORTCODES.has(FIRST_SHORTCODE.exec(line)?.[1] ?? '') ? ' '.repeat(line.length) : line))
    .join('\n');
}

/** The first Hugo shortcode written in `text` (`{{< param fromPostgresVersion >}}`), or undefined. */
export function shortcodeIn(text: string): string | undefined {
  return text.includes('{{') ? FIRST_SHORTCODE.exec(text)?.[0] : undefined;
}

/** One line of prose as the rendered page shows it. */
export function cleanProseLine(line: string): string {
  if (ATTRIBUTE_LINE.test(line)) return '';
  const indent = /^\s*/.exec(line)![0];
  const opener = readOpener(line);
  if (opener) {
    const label = opener.kind === 'tab' ? opener.label : [capitalize(opener.type === 'admonition' ? '' : opener.type), opener.label].filter(Boolean).join(': ');
    return label ? `${indent}**${label}**` : '';
  }
  if (/^\s*:::\s*$/.test(line)) return '';
  if (SHORTCODE_LINE.test(line)) {
    const match = /\{\{[<%]\s*([\w-]+)\s*(?:style=)?"?([\w-]*)/.exec(line);
    const name = match?.[1] ?? '';
    if (line.includes('/') && /\{\{[<%]\s*\//.test(line)) return '';
    // `{{% notice warning %}}`, `{{< hint style="danger" >}}`: a labelled box.
    const kind = name === 'notice' || name === 'hint' ? match?.[2] : '';
    return kind ? `${indent}**${capitalize(kind)}:**` : '';
  }
  return inlineShortcodes(line);
}

/**
 * Plain text (a step title, a manual item) as the page shows it: a link to a shortcode, which
 * Markdown could not read as a link (`[guide]({{< relref "install" >}})`), is its text; other
 * shortcodes as in prose.
 */
export function plainShortcodes(text: string): string {
  if (!text.includes('{{')) return text;
  return inlineShortcodes(text.replace(/\[([^\]]+)\]\(\s*\{\{[<%][^}]*[>%]\}\}[^)]*\)/g, '$1'));
}

/** Shortcodes inside a line of prose as the page shows them: `{{< relref "x.md" >}}` -> x.md. */
export function inlineShortcodes(line: string): string {
  if (!line.includes('{{')) return line;
  return line.replace(SHORTCODE, (_all, _close: string, name: string, args: string) => {
    // `{{< relref "x.md" >}}` -> x.md, `{{< param postgresVersion >}}` -> postgresVersion.
    const argument = /"([^"]*)"|([\w.-]+)/.exec(args.trim());
    return VALUE_SHORTCODES.has(name) ? (argument?.[1] ?? argument?.[2] ?? '') : '';
  });
}

/**
 * Prose lines as the rendered page shows them: each line cleaned, and the body of an admonition or
 * tab (indented four spaces under its opener) brought back to the opener's indentation, so it reads
 * as text rather than as an indented code block.
 */
export function cleanProse(lines: readonly string[]): string[] {
  const out: string[] = [];
  let body: number | undefined;
  for (const line of lines) {
    const indent = /^ */.exec(line)![0].length;
    if (body !== undefined && line.trim() !== '' && indent < body) body = undefined;
    if (/^\s*<h1\b[^>]*>.*<\/h1>\s*$/i.test(line)) continue;
    const opener = readOpener(line);
    const cleaned = cleanProseLine(body !== undefined ? line.slice(Math.min(4, indent)) : line);
    out.push(cleaned);
    if (opener) body = indent + 4;
  }
  return out;
}

/** A title or one-line label with its markup removed. */
export function cleanInline(text: string): string {
  return cleanProseLine(text).replace(/\*\*/g, '').trim();
}

function capitalize(word: string): string {
  return word === '' ? '' : word[0]!.toUpperCase() + word.slice(1);
}
