// Markdown -> mdast in linear time: the document is cut into top-level chunks (chunk.ts), each chunk
// is parsed by remark on its own, positions are shifted back to document coordinates, and the chunk
// trees are concatenated. The result equals remark's whole-document tree (a property test checks it).
//
// Two things cross chunk boundaries and are handled here:
// - link and footnote definitions apply document-wide, so a chunk that mentions a label defined in
//   another chunk is re-parsed with those definitions prepended (then dropped again);
// - a proposed cut may be wrong (e.g. inside a fence the scanner misread), which shows in the parsed
//   chunks as an unclosed fence or HTML block at the end of the previous chunk, or as a chunk that
//   does not start with its heading; the two chunks are then merged and parsed together.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import type { Root, Nodes, RootContent } from 'mdast';
import { closesFence, HTML_1_TO_5, proposeChunks, type Chunk } from './chunk.js';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']).freeze();

/** remark's own parse of the whole text: the reference the chunked parse must equal. */
export function parseWhole(text: string): Root {
  return processor.parse(text) as Root;
}

interface Parsed extends Chunk {
  children: RootContent[];
  /** Normalized identifiers of link definitions (`d:`) and footnote definitions (`f:`), with labels. */
  definitions: Map<string, string>;
  /** Identifiers defined elsewhere that were prepended when this chunk was parsed. */
  borrowed: Set<string>;
}

type Definitions = Map<string, { label: string; offset: number }>;

/**
 * Proposed chunks are merged into batches of at least this many characters before parsing: each
 * remark parse has a fixed cost (~0.1 ms: combining the syntax extensions, building the compiler),
 * which at one parse per heading was ~10% of a 1 MB runbook's time, while batches this small stay far
 * below the sizes where micromark's superlinear cases show. Measured (1 MB, CPU ms, min of runs):
 * cut at every heading ~1950, batches of 1-4 KB ~1750-1800, 32 KB ~3500.
 */
export const BATCH_CHARS = 2000;

export interface ParseOptions {
  /** Minimum batch size; 0 parses every proposed chunk alone (the property tests use it). */
  batchChars?: number;
}

export function parseMarkdown(text: string, options: ParseOptions = {}): Root {
  // Definitions are guessed from the text first, so chunks usually parse once with the right ones;
  // the guess is checked against the real definitions afterwards.
  const guessed = scanDefinitions(text);
  const parsed: Parsed[] = [];
  for (const chunk of batch(proposeChunks(text), options.batchChars ?? BATCH_CHARS)) {
    let current = parseChunk(text, chunk, borrow(text, chunk, guessed));
    let previous = parsed[parsed.length - 1];
    while (previous && !joinsCleanly(text, previous, current)) {
      parsed.pop();
      const merged = { ...previous, end: current.end };
      current = parseChunk(text, merged, borrow(text, merged, guessed));
      previous = parsed[parsed.length - 1];
    }
    parsed.push(current);
  }
  resolveCrossChunkDefinitions(text, parsed);
  const lines = text.split('\n');
  return {
    type: 'root',
    children: parsed.flatMap((chunk) => chunk.children),
    position: {
      start: { line: 1, column: 1, offset: 0 },
      end: { line: lines.length, column: lines[lines.length - 1]!.length + 1, offset: text.length },
    },
  };
}

/** Joins consecutive chunks until each is at least `chars` long; a batch starts as its first chunk. */
function batch(chunks: Chunk[], chars: number): Chunk[] {
  if (chars <= 0) return chunks;
  const out: Chunk[] = [];
  for (const chunk of chunks) {
    const last = out[out.length - 1];
    if (last && last.end - last.start < chars) out[out.length - 1] = { ...last, end: chunk.end };
    else out.push(chunk);
  }
  return out;
}

const DEFINITION_LINE = /^(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)]))*[ \t]*\[(\^?)((?:[^\[\]\\]|\\.){1,999})\]:/gm;

/** Lines that look like link or footnote definitions, wherever they are (a superset, checked later). */
function scanDefinitions(text: string): Definitions {
  const out: Definitions = new Map();
  for (const match of text.matchAll(DEFINITION_LINE)) {
    const id = `${match[1] ? 'f' : 'd'}:${normalizeIdentifier(match[2]!)}`;
    if (id.length > 2 && !out.has(id)) out.set(id, { label: match[2]!, offset: match.index });
  }
  return out;
}

/** The definitions from outside the chunk that its text mentions. */
function borrow(text: string, chunk: Chunk, definitions: Definitions): Map<string, string> {
  const out = new Map<string, string>();
  if (definitions.size === 0) return out;
  const body = text.slice(chunk.start, chunk.end);
  if (!body.includes('[')) return out;
  const haystack = normalizeIdentifier(body);
  for (const [id, { label, offset }] of definitions) {
    if (offset >= chunk.start && offset < chunk.end) continue;
    if (haystack.includes(id.slice(2))) out.set(id, label);
  }
  return out;
}

function preludeOf(borrowed: Map<string, string>): string {
  if (borrowed.size === 0) return '';
  const lines = [...borrowed].map(([id, label]) => (id.startsWith('f:') ? `[^${label}]: x` : `[${label}]: x`));
  // After footnote definitions (containers) an HTML comment makes sure the chunk starts fresh.
  return `${lines.join('\n\n')}\n\n<!---->\n`;
}

function parseChunk(text: string, chunk: Chunk, borrowed: Map<string, string>): Parsed {
  const prelude = preludeOf(borrowed);
  const root = processor.parse(prelude + text.slice(chunk.start, chunk.end)) as Root;
  const preludeLines = prelude === '' ? 0 : prelude.split('\n').length - 1;
  const children = root.children.filter((node) => node.position!.start.line > preludeLines);
  const lineShift = chunk.line - 1 - preludeLines;
  const offsetShift = chunk.start - prelude.length;
  const definitions = new Map<string, string>();
  const visit = (node: Nodes): void => {
    const position = node.position;
    if (position) {
      position.start.line += lineShift;
      position.end.line += lineShift;
      if (position.start.offset !== undefined) position.start.offset += offsetShift;
      if (position.end.offset !== undefined) position.end.offset += offsetShift;
    }
    if (node.type === 'definition') definitions.set(`d:${node.identifier}`, node.label ?? node.identifier);
    if (node.type === 'footnoteDefinition') definitions.set(`f:${node.identifier}`, node.label ?? node.identifier);
    if ('children' in node) for (const child of node.children) visit(child);
  };
  for (const child of children) visit(child);
  return { start: chunk.start, end: chunk.end, line: chunk.line, kind: chunk.kind, children, definitions, borrowed: new Set(borrowed.keys()) };
}

/** Whether the cut between two parsed chunks is one the whole-document parse would also make. */
function joinsCleanly(text: string, previous: Parsed, current: Parsed): boolean {
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
  if (last.type === 'code') return !isOpenFence(text, last);
  if (last.type === 'html') return isClosedHtml(text, last, previous);
  return true;
}

function isOpenFence(text: string, node: Extract<Nodes, { type: 'code' }>): boolean {
  const start = node.position!.start.offset!;
  const end = node.position!.end.offset!;
  const opening = /^ {0,3}(`{3,}|~{3,})/.exec(text.slice(start, Math.min(end, start + 200)));
  if (!opening) return false; // indented code ends at any column-0 text
  const lastLineStart = text.lastIndexOf('\n', end - 1) + 1;
  if (lastLineStart <= start) return true; // only the opening line
  return !closesFence(text.slice(lastLineStart, end), opening[1]!);
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

/** mdast's identifier normalization (collapse whitespace, case-fold), so ids compare as it compares them. */
function normalizeIdentifier(value: string): string {
  return value.replace(/[\t\n\r ]+/g, ' ').replace(/^ | $/g, '').toLowerCase().toUpperCase().toLowerCase();
}

/** Re-parses the chunks whose borrowed definitions differ from what the real definitions call for. */
function resolveCrossChunkDefinitions(text: string, parsed: Parsed[]): void {
  const real: Definitions = new Map();
  for (const chunk of parsed) {
    for (const [id, label] of chunk.definitions) if (!real.has(id)) real.set(id, { label, offset: chunk.start });
  }
  for (let i = 0; i < parsed.length; i++) {
    const chunk = parsed[i]!;
    const outside: Definitions = new Map([...real].filter(([id]) => !chunk.definitions.has(id)).map(([id, d]) => [id, { ...d, offset: -1 }]));
    const needed = borrow(text, chunk, outside);
    const same = needed.size === chunk.borrowed.size && [...needed.keys()].every((id) => chunk.borrowed.has(id));
    if (!same) parsed[i] = parseChunk(text, chunk, needed);
  }
}
