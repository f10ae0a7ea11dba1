// SQL binding from the finder's record (UseSpot): each value is rendered for the spot it stands in, and
// every container around it is rendered again so the value cannot end it:
//
//   spot                          rendered as
//   literal (`'[x]'`, `[x]`)      '...' with '' for '; E'...' with \\ and '' when the value holds a
//                                 backslash, so standard_conforming_strings on or off reads it the same
//   identifier                    "..." with "" for " (a dotted `schema.table` as two identifiers)
//   fragment                      the value as written (raw SQL; the session asks its own confirmation)
//   text in '...' / N'...'        '' for '; when a value or the string holds a backslash, the whole
//                                 string is written again as E'...' (its own backslashes doubled)
//   text in E'...' / U&'...'      \\ and ''
//   text in B'...' / X'...'       only binary / hex digits are accepted
//   text in "..."                 "" for "
//   anything in $tag$...$tag$     as its spot says, then the body gets a tag that occurs nowhere in it
//                                 (the runbook's own when it still can, else $rb$, $rb1$, ...)
//
// The result is a list of edits of the SQL text (outermost containers only), each with the text to run
// and the text to show (secret values masked). bind.ts applies them to a SQL statement; bind-shell.ts
// hands them to psql through environment variables.
import { UserError, EXIT } from '../errors.js';
import { ValueRefused } from './bind-refused.js';
import type { UseLayer, UseSpot } from '../runbook/model.js';
import { isIdentChar } from '../runbook/sql-lex.js';
import { MASK } from './redact.js';

export interface SqlValueUse {
  /** Layers inside the SQL text (after any psql layer), outermost first. */
  layers: UseLayer[];
  spot: UseSpot;
  name: string;
  value: string;
  secret: boolean;
}

export interface Edit {
  start: number;
  end: number;
  run: string;
  show: string;
}

interface Node {
  layer?: UseLayer;
  start: number;
  end: number;
  children: Node[];
  leaf?: SqlValueUse;
}

export function literal(value: string): string {
  const body = value.replace(/'/g, "''");
  return value.includes('\\') ? `E'${body.replace(/\\/g, '\\\\')}'` : `'${body}'`;
}

export function escapeIdentifier(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** `schema.table` names two identifiers; anything with quotes or empty parts is one identifier. */
export function quoteIdentifier(value: string): string {
  return /^[^."]+(\.[^."]+)+$/.test(value) ? value.split('.').map(escapeIdentifier).join('.') : escapeIdentifier(value);
}

/** The edits binding `uses` into `sql` makes, outermost containers only, in text order. */
export function sqlEdits(sql: string, uses: SqlValueUse[]): Edit[] {
  const root: Node = { start: 0, end: sql.length, children: [] };
  for (const use of uses) {
    let node = root;
    for (const layer of use.layers) {
      let child = node.children.find((c) => c.layer && c.start === layer.start && c.end === layer.end && c.layer.layer === layer.layer);
      if (!child) {
        child = { layer, start: layer.start, end: layer.end, children: [] };
        node.children.push(child);
      }
      node = child;
    }
    node.children.push({ start: use.spot.start, end: use.spot.end, children: [], leaf: use });
  }
  return sorted(root.children).map((n) => ({ start: n.start, end: n.end, ...render(sql, n) }));
}

function sorted(nodes: Node[]): Node[] {
  return [...nodes].sort((a, b) => a.start - b.start);
}

function render(sql: string, node: Node): { run: string; show: string } {
  if (node.leaf) return renderLeaf(sql, node.leaf);
  const layer = node.layer!;
  const children = sorted(node.children).map((c) => ({ node: c, ...render(sql, c) }));
  switch (layer.layer) {
    case 'sql-string':
      return renderString(sql, layer, children);
    case 'sql-quoted-identifier':
      return splice(sql, layer, 1, layer.closed ? 1 : 0, children, (v) => v.replace(/"/g, '""'), '"', '"');
    case 'sql-dollar':
      return renderDollar(sql, layer, children);
    default:
      throw new Error(`a ${layer.layer} layer inside SQL`);
  }
}

function renderLeaf(sql: string, use: SqlValueUse): { run: string; show: string } {
  const shown = use.secret ? MASK : use.value;
  // A rendered E'...' right after an identifier character would glue onto it.
  const space = (s: string) => (s.startsWith('E') && use.spot.start > 0 && isIdentChar(sql.charCodeAt(use.spot.start - 1)) ? ` ${s}` : s);
  switch (use.spot.as) {
    case 'literal':
      return { run: space(literal(use.value)), show: space(literal(shown)) };
    case 'identifier':
      return { run: quoteIdentifier(use.value), show: use.secret ? `"${MASK}"` : quoteIdentifier(use.value) };
    default:
      return { run: use.value, show: shown };
  }
}

type Rendered = { node: Node; run: string; show: string };

/** Container text with each child replaced by `encode(child)`; `open`/`close` replace the delimiters. */
function splice(
  sql: string,
  layer: UseLayer,
  openLength: number,
  closeLength: number,
  children: Rendered[],
  encode: (value: string) => string,
  open: string,
  close: string,
  raw: (segment: string) => string = (s) => s,
): { run: string; show: string } {
  let run = open;
  let show = open;
  let at = layer.start + openLength;
  for (const c of children) {
    const segment = raw(sql.slice(at, c.node.start));
    run += segment + encode(c.run);
    show += segment + encode(c.show);
    at = c.node.end;
  }
  const tail = raw(sql.slice(at, layer.end - closeLength));
  return { run: run + tail + close, show: show + tail + close };
}

function renderString(sql: string, layer: Extract<UseLayer, { layer: 'sql-string' }>, children: Rendered[]): { run: string; show: string } {
  const openLength = layer.prefix.length + 1;
  const closeLength = layer.closed ? 1 : 0;
  const close = layer.closed ? "'" : '';
  const doubleQuotes = (v: string) => v.replace(/'/g, "''");
  const escapeBoth = (v: string) => v.replace(/\\/g, '\\\\').replace(/'/g, "''");
  switch (layer.prefix) {
    case 'E':
    case 'U&':
      return splice(sql, layer, openLength, closeLength, children, escapeBoth, sql.slice(layer.start, layer.start + openLength), close);
    case 'B':
    case 'X': {
      const digits = layer.prefix === 'B' ? /^[01]*$/ : /^[0-9A-Fa-f]*$/;
      const bad = children.find((c) => !digits.test(c.run));
      if (bad) {
        const what = layer.prefix === 'B' ? 'binary' : 'hexadecimal';
        throw new ValueRefused(bad.node.leaf?.name ?? '?', `parameter [${bad.node.leaf?.name ?? '?'}] goes into a ${layer.prefix}'...' string and may hold only ${what} digits`);
      }
      return splice(sql, layer, openLength, closeLength, children, (v) => v, sql.slice(layer.start, layer.start + openLength), close);
    }
    default: {
      // A plain string reads backslashes as escapes when standard_conforming_strings is off: when a
      // value or the string itself holds one, the whole string is written again as an E'' string,
      // where both settings agree (the runbook's own text read as standard-conforming, the default).
      const own = sql.slice(layer.start + openLength, layer.end - closeLength);
      if (!own.includes('\\') && !children.some((c) => c.run.includes('\\'))) {
        return splice(sql, layer, openLength, closeLength, children, doubleQuotes, sql.slice(layer.start, layer.start + openLength), close);
      }
      const glue = layer.start > 0 && isIdentChar(sql.charCodeAt(layer.start - 1)) ? ' ' : '';
      return splice(sql, layer, openLength, closeLength, children, escapeBoth, `${glue}E'`, close, (s) => s.replace(/\\/g, '\\\\'));
    }
  }
}

function renderDollar(sql: string, layer: Extract<UseLayer, { layer: 'sql-dollar' }>, children: Rendered[]): { run: string; show: string } {
  const n = layer.tag.length;
  const body = splice(sql, layer, n, layer.closed ? n : 0, children, (v) => v, '', '');
  const tag = freeTag(body.run, layer.tag);
  const close = layer.closed ? tag : '';
  return { run: tag + body.run + close, show: tag + body.show + close };
}

/** A dollar tag that closes `body` exactly at its end: the given one when it still can, else $rb$, $rb1$, ... */
export function freeTag(body: string, preferred: string): string {
  const closesAtEnd = (tag: string) => (body + tag).indexOf(tag) === body.length;
  if (closesAtEnd(preferred)) return preferred;
  for (let i = 0; ; i++) {
    const tag = `$rb${i === 0 ? '' : i}$`;
    if (closesAtEnd(tag)) return tag;
  }
}
