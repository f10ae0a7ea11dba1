// Markdown -> mdast in linear time: the document is cut into top-level chunks (chunk.ts), each chunk
// is parsed by remark on its own, positions are shifted back to document coordinates, and the chunk
// trees are concatenated. The result equals remark's whole-document tree (a property test checks it).
// Runs of column-0 list items plain enough are parsed by their content instead (mdast-items.ts), which
// spares micromark carrying the list container through every line of a runbook's numbered steps.
//
// Three things cross chunk boundaries and are handled here:
// - a list cut at one of its column-0 items (chunk.ts) is parsed as two lists, joined back into one;
// - link and footnote definitions apply document-wide, so a chunk that mentions a label defined in
//   another chunk is re-parsed with those definitions prepended (then dropped again), except the
//   frontmatter, which stays a chunk of its own with nothing before it;
// - a proposed cut may be wrong (e.g. inside a fence the scanner misread), which shows in the parsed
//   chunks as an unclosed fence or HTML block at the end of the previous chunk, or as a chunk that
//   does not start with its heading; the two chunks are then merged and parsed together.
import type { List, Root, Nodes, RootContent } from 'mdast';
import { FRONTMATTER_FENCE, proposeChunks, type Chunk } from './chunk.js';
import { joinsCleanly } from './chunk-joins.js';
import { flatItem, parseItems, sameList, type FlatItem } from './mdast-items.js';
import { remarkParse, remarkParseWhole } from './remark.js';

/** remark's own parse of the whole text: the reference the chunked parse must equal. */
export function parseWhole(text: string): Root {
  return remarkParseWhole(text);
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
  /** Told the size of every text handed to remark (tests check that no part grows with the document). */
  onParse?: (chars: number) => void;
}

export function parseMarkdown(text: string, options: ParseOptions = {}): Root {
  // Definitions are guessed from the text first, so chunks usually parse once with the right ones;
  // the guess is checked against the real definitions afterwards.
  const guessed = scanDefinitions(text);
  const parsed: Parsed[] = [];
  for (const unit of units(text, proposeChunks(text), guessed.size > 0, options.batchChars ?? BATCH_CHARS)) {
    let current = 'items' in unit ? parseItemRun(text, unit.items, guessed, options.onParse) : parseChunk(text, unit, borrow(text, unit, guessed), options.onParse);
    let previous = parsed[parsed.length - 1];
    while (previous && !joinsCleanly(text, previous, current)) {
      parsed.pop();
      const merged = { ...previous, end: current.end };
      current = parseChunk(text, merged, borrow(text, merged, guessed), options.onParse);
      previous = parsed[parsed.length - 1];
    }
    parsed.push(current);
  }
  resolveCrossChunkDefinitions(text, parsed, options.onParse);
  const lines = text.split('\n');
  return {
    type: 'root',
    children: concatenate(text, parsed),
    position: {
      start: { line: 1, column: 1, offset: 0 },
      end: { line: lines.length, column: lines[lines.length - 1]!.length + 1, offset: text.length },
    },
  };
}

/**
 * What is parsed at once: runs of column-0 list items of one list parsed by their content
 * (mdast-items.ts), up to about `BATCH_CHARS` each, and batches of the other chunks.
 */
function units(text: string, chunks: Chunk[], definitions: boolean, chars: number): (Chunk | { items: FlatItem[] })[] {
  const out: (Chunk | { items: FlatItem[] })[] = [];
  let run: FlatItem[] = [];
  let runChars = 0;
  let rest: Chunk[] = [];
  const flushRun = () => {
    if (run.length > 0) out.push({ items: run });
    run = [];
    runChars = 0;
  };
  const flushRest = () => {
    out.push(...batch(rest, chars));
    rest = [];
  };
  for (const chunk of chunks) {
    const item = flatItem(text, chunk, definitions);
    if (!item) {
      flushRun();
      rest.push(chunk);
      continue;
    }
    flushRest();
    if (run.length > 0 && (!sameList(run[run.length - 1]!, item) || runChars >= BATCH_CHARS)) flushRun();
    run.push(item);
    runChars += chunk.end - chunk.start;
  }
  flushRun();
  flushRest();
  return out;
}

/** A run of list items parsed by their content, or as they stand when that does not come apart cleanly. */
function parseItemRun(text: string, items: FlatItem[], guessed: Definitions, onParse?: (chars: number) => void): Parsed {
  const first = items[0]!.chunk;
  const span: Chunk = { start: first.start, end: items[items.length - 1]!.chunk.end, line: first.line, kind: 'list-item' };
  const list = parseItems(items, onParse);
  if (!list) return parseChunk(text, span, borrow(text, span, guessed), onParse);
  return { ...span, children: [list], definitions: new Map(), borrowed: new Set() };
}

/** Joins consecutive chunks until each is at least `chars` long; a batch starts as its first chunk. */
function batch(chunks: Chunk[], chars: number): Chunk[] {
  if (chars <= 0) return chunks;
  const out: Chunk[] = [];
  for (const chunk of chunks) {
    const last = out[out.length - 1];
    // The frontmatter stays a chunk of its own (nothing is put before it: see borrow).
    if (last && last.end - last.start < chars && chunk.kind !== 'after-frontmatter') out[out.length - 1] = { ...last, end: chunk.end };
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

/** A chunk that is the document's frontmatter alone: YAML or TOML reads no links, and nothing may come before it. */
function isFrontmatter(text: string, chunk: Chunk): boolean {
  if (chunk.kind !== 'start') return false;
  const lines = text.slice(0, chunk.end).split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const first = lines[0] ?? '';
  const last = lines[lines.length - 1] ?? '';
  return lines.length >= 2 && FRONTMATTER_FENCE.test(first) && FRONTMATTER_FENCE.test(last) && last.startsWith(first.slice(0, 3));
}

/** The definitions from outside the chunk that its text mentions. */
function borrow(text: string, chunk: Chunk, definitions: Definitions): Map<string, string> {
  const out = new Map<string, string>();
  if (definitions.size === 0 || isFrontmatter(text, chunk)) return out;
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

function parseChunk(text: string, chunk: Chunk, borrowed: Map<string, string>, onParse?: (chars: number) => void): Parsed {
  const prelude = preludeOf(borrowed);
  const input = prelude + text.slice(chunk.start, chunk.end);
  onParse?.(input.length);
  const root = remarkParse(input);
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

/** The chunks' trees in order, a list cut at one of its items joined back into one list. */
function concatenate(text: string, parsed: Parsed[]): RootContent[] {
  const out: RootContent[] = [];
  for (const chunk of parsed) {
    const [first, ...rest] = chunk.children;
    const last = out[out.length - 1];
    if (chunk.kind === 'list-item' && first?.type === 'list' && last?.type === 'list' && sameListMarker(text, last, first)) {
      // Items separated by a blank line make the list loose, as remark decides it for the whole list.
      const between = text.slice(last.position!.end.offset!, first.position!.start.offset!);
      const merged: List = {
        ...last,
        spread: Boolean(last.spread || first.spread || between.split('\n').length > 2),
        children: [...last.children, ...first.children],
        position: { start: last.position!.start, end: first.position!.end },
      };
      out[out.length - 1] = merged;
      out.push(...rest);
    } else {
      out.push(...chunk.children);
    }
  }
  return out;
}

/** The marker of a list's first item as written: `-`, `*`, `+`, `.` or `)` (ordered lists by delimiter). */
function listMarker(text: string, list: List): string {
  const at = list.position!.start.offset!;
  const marker = /^[ \t]*(?:([-*+])|\d{1,9}([.)]))/.exec(text.slice(at, at + 16));
  return marker?.[1] ?? marker?.[2] ?? '';
}

/** Whether the whole-document parse continues list `a` with the items of `b` (same marker, as CommonMark requires). */
function sameListMarker(text: string, a: List, b: List): boolean {
  return Boolean(a.ordered) === Boolean(b.ordered) && listMarker(text, a) === listMarker(text, b);
}

/** mdast's identifier normalization (collapse whitespace, case-fold), so ids compare as it compares them. */
function normalizeIdentifier(value: string): string {
  return value.replace(/[\t\n\r ]+/g, ' ').replace(/^ | $/g, '').toLowerCase().toUpperCase().toLowerCase();
}

/** Re-parses the chunks whose borrowed definitions differ from what the real definitions call for. */
function resolveCrossChunkDefinitions(text: string, parsed: Parsed[], onParse?: (chars: number) => void): void {
  const real: Definitions = new Map();
  for (const chunk of parsed) {
    for (const [id, label] of chunk.definitions) if (!real.has(id)) real.set(id, { label, offset: chunk.start });
  }
  for (let i = 0; i < parsed.length; i++) {
    const chunk = parsed[i]!;
    const outside: Definitions = new Map([...real].filter(([id]) => !chunk.definitions.has(id)).map(([id, d]) => [id, { ...d, offset: -1 }]));
    const needed = borrow(text, chunk, outside);
    const same = needed.size === chunk.borrowed.size && [...needed.keys()].every((id) => chunk.borrowed.has(id));
    if (!same) parsed[i] = parseChunk(text, chunk, needed, onParse);
  }
}
