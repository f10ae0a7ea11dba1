// Containers that documentation generators draw around content by indenting it four spaces:
// mkdocs admonitions (`!!! warning "Perform a Backup"`, collapsible `??? admonition "Output"`),
// mkdocs-material content tabs (`=== "Debian"`) and docusaurus admonitions (`:::note`). CommonMark
// reads an indented body after a blank line as ONE indented code block, so the commands inside
// would never run and their fences would show as text. A reader sees the body as Markdown; so does
// this pass: such a code block, right after its opener paragraph, is parsed again as Markdown and
// its nodes replace it, with positions mapped back to the file. Every code node found inside
// remembers its container (kind, type and label), so a block in an "Output" admonition is known to
// be output and a block in a tab knows which alternative it belongs to.
import type { Code, Nodes, Parent, Paragraph, Root, RootContent } from 'mdast';
import type { SourceText } from './source.js';
import { isFencedCode, plainText, walk } from './tree.js';

export type ContainerKind = 'admonition' | 'tab' | 'docusaurus';

export interface Container {
  kind: ContainerKind;
  /** `note`, `warning`, `admonition`, ... for admonitions; `tab` for tabs. */
  type: string;
  /** The quoted title (`"Output"`, `"Debian"`), if any. */
  label?: string;
  /** Tabs written one after the other share a group: they are alternatives of each other. */
  group?: number;
}

/** `!!! note`, `??? admonition "Output"`, `???+ tip`, `=== "Debian"`, `:::info[Important]`. */
const OPENER = /^(?:(!!!|\?\?\?\+?)\s*([\w-]+)?(?:\s+"([^"]*)")?|(===\+?)\s+"([^"]*)"|:::(\w+)(?:\[([^\]]*)\])?)\s*$/;

export function readOpener(line: string): Container | undefined {
  const match = OPENER.exec(line.trim());
  if (!match) return undefined;
  if (match[1]) return withLabel({ kind: 'admonition', type: (match[2] ?? 'note').toLowerCase() }, match[3]);
  if (match[4]) return withLabel({ kind: 'tab', type: 'tab' }, cleanLabel(match[5] ?? ''));
  return withLabel({ kind: 'docusaurus', type: (match[6] ?? 'note').toLowerCase() }, match[7]);
}

function withLabel(container: Container, label: string | undefined): Container {
  if (label !== undefined && label.trim() !== '') container.label = label.trim();
  return container;
}

/** `:material-debian: On Debian/Ubuntu` -> `On Debian/Ubuntu` (icon shortcodes are decoration). */
function cleanLabel(label: string): string {
  return label.replace(/:[a-z0-9-]+(?:-[a-z0-9]+)*:/g, '').replace(/\s+/g, ' ').trim();
}

export interface ContainerContext {
  source: SourceText;
  parse: (text: string) => Root;
}

/** Opens every container body in the tree, in place. Linear: each body is parsed once more. */
export function openContainers(root: Root, ctx: ContainerContext): void {
  let groups = 0;
  const visit = (parent: Parent): void => {
    let lastTab: { group: number; index: number } | undefined;
    for (let i = 0; i < parent.children.length; i++) {
      const node = parent.children[i] as Nodes;
      const previous = parent.children[i - 1] as Nodes | undefined;
      const container = node.type === 'code' && previous?.type === 'paragraph' ? containerOf(previous, node, ctx) : undefined;
      if (container) {
        if (container.kind === 'tab') {
          // A tab continues the group of the tab just before it (its opener sits between them).
          const group = lastTab && lastTab.index === i - 2 ? lastTab.group : ++groups;
          container.group = group;
          lastTab = { group, index: i };
        }
        const nodes = reparse(node as Code, ctx);
        for (const inner of nodes) if ('children' in inner) visit(inner as Parent);
        markCode(nodes, container, ctx.source.text);
        parent.children.splice(i, 1, ...(nodes as typeof parent.children));
        if (container.kind === 'tab') lastTab = { group: container.group!, index: i + nodes.length - 1 };
        i += nodes.length - 1;
        continue;
      }
      if ('children' in node) visit(node as Parent);
    }
  };
  visit(root);
}

/** The container a paragraph opens, when the indented code right after it is its body. */
function containerOf(opener: Paragraph, body: Code, ctx: ContainerContext): Container | undefined {
  if (isFencedCode(body, ctx.source.text)) return undefined;
  const lines = plainText(opener).split('\n');
  // The opener is the paragraph's only line, or its first when the body's first line was taken lazily.
  return readOpener(lines[0] ?? '') ?? readOpener(lines[lines.length - 1] ?? '');
}

/** The body's Markdown parsed alone, every position mapped back to the file. */
function reparse(body: Code, ctx: ContainerContext): RootContent[] {
  const lines = body.value.split('\n');
  const dedent = Math.min(...lines.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)![0].length));
  const text = lines.map((line) => line.slice(Math.min(dedent, /^ */.exec(line)![0].length))).join('\n');
  const root = ctx.parse(text);
  const firstLine = body.position!.start.line;
  // Column of each body line's first character in the file: the file line ends with the code line.
  const shift = lines.map((line, i) => {
    const fileLine = ctx.source.line(firstLine + i);
    const taken = Math.min(dedent, /^ */.exec(line)![0].length);
    return fileLine.endsWith(line) ? fileLine.length - line.length + taken : fileLine.length - line.trimStart().length;
  });
  const map = (point: { line: number; column: number; offset?: number }) => {
    const line = firstLine + point.line - 1;
    const column = point.column + (shift[point.line - 1] ?? 0);
    point.line = line;
    point.column = column;
    point.offset = ctx.source.lineStart(line) + column - 1;
  };
  walk(root.children, (node) => {
    if (node.position) {
      map(node.position.start);
      map(node.position.end);
    }
  });
  return root.children;
}

function markCode(nodes: RootContent[], container: Container, text: string): void {
  walk(nodes, (node) => {
    if (isFencedCode(node, text)) {
      const data = (node.data ??= {}) as { container?: Container };
      data.container ??= container;
    }
  });
}

/** The container a code node was found in, if any. */
export function containerOfCode(node: Code): Container | undefined {
  return (node.data as { container?: Container } | undefined)?.container;
}
