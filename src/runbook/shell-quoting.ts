// What the bash grammar says about quoting in a script, for the placeholder finder: comments, quoted
// strings, expansions and heredoc bodies (with where their delimiter is written), and the text a word
// or heredoc body stands for after quote removal, piece by piece, so every character of that text
// can be traced back to the script (fill-ins-shell.ts maps SQL handed to psql back this way).
import type { ShellQuote, SqlSourcePiece, Span } from './model.js';
import { withShellTree, type SyntaxNode } from './shell-grammar.js';

export interface HeredocSpans {
  /** The redirect `<<EOF` ... end line. */
  start: number;
  delimiter: string;
  delimiterSpan: Span;
  body: Span;
  quoted: boolean;
  stripTabs: boolean;
}

export interface Quoting {
  comments: Span[];
  /** Quoted strings and substitutions, to find the quoting at any offset (innermost wins). */
  regions: (Span & { quote: ShellQuote | 'comment' })[];
  /** `$X`, `${...}`, `$(...)`, backquotes, `$((...))`, `<(...)`: start -> end. */
  expansions: Map<number, number>;
  heredocs: HeredocSpans[];
}

const EXPANSIONS = new Set(['simple_expansion', 'expansion', 'command_substitution', 'arithmetic_expansion', 'process_substitution']);
const REGIONS: Record<string, ShellQuote | 'comment'> = {
  raw_string: 'single',
  string: 'double',
  translated_string: 'double',
  ansi_c_string: 'ansi-c',
  command_substitution: 'none',
  process_substitution: 'none',
  comment: 'comment',
};

export function readQuoting(text: string): Quoting {
  return withShellTree(text, (root) => {
    const out: Quoting = { comments: [], regions: [], expansions: new Map(), heredocs: [] };
    const walk = (node: SyntaxNode) => {
      const region = REGIONS[node.type];
      if (region !== undefined) out.regions.push({ start: node.startIndex, end: node.endIndex, quote: region });
      if (node.type === 'comment') out.comments.push({ start: node.startIndex, end: node.endIndex });
      if (EXPANSIONS.has(node.type)) out.expansions.set(node.startIndex, node.endIndex);
      if (node.type === 'heredoc_redirect') heredoc(node, text, out);
      for (const child of node.children) if (child) walk(child);
    };
    walk(root);
    return out;
  });
}

function heredoc(node: SyntaxNode, text: string, out: Quoting): void {
  const start = node.namedChildren.find((c) => c?.type === 'heredoc_start');
  const body = node.namedChildren.find((c) => c?.type === 'heredoc_body');
  if (!start) return;
  const raw = start.text;
  const op = node.children.find((c) => c && !c.isNamed)?.type ?? '<<';
  const quoted = /["'\\]/.test(raw);
  let bodySpan: Span;
  if (body) bodySpan = { start: body.startIndex, end: body.endIndex };
  else {
    // An empty body: it starts on the line after the redirect.
    const nl = text.indexOf('\n', start.endIndex);
    const at = nl < 0 ? text.length : nl + 1;
    bodySpan = { start: at, end: at };
  }
  out.heredocs.push({
    start: node.startIndex,
    delimiter: raw.replace(/["'\\]/g, ''),
    delimiterSpan: { start: start.startIndex, end: start.endIndex },
    body: bodySpan,
    quoted,
    stripTabs: op === '<<-',
  });
}

/** The quoting at `offset`: the innermost region holding it (a comment, a string, a substitution). */
export function quoteAt(q: Quoting, offset: number): ShellQuote | 'comment' {
  let best: (Span & { quote: ShellQuote | 'comment' }) | undefined;
  for (const r of q.regions) {
    if (r.start <= offset && offset < r.end && (!best || r.start >= best.start)) best = r;
  }
  return best?.quote ?? 'none';
}

export interface Decoded {
  /** The text after quote removal (expansions kept as written). */
  value: string;
  map: SqlSourcePiece[];
}

/** A word as the program receives it, with where each piece comes from. */
export function decodeWord(text: string, span: Span, q: Quoting): Decoded {
  const d = new Decoder(text);
  let i = span.start;
  let state: ShellQuote = 'none';
  while (i < span.end) {
    const c = text[i]!;
    const expansionEnd = state === 'single' || state === 'ansi-c' ? undefined : q.expansions.get(i) ?? (c === '`' ? backquoteEnd(text, i, span.end) : undefined);
    if (expansionEnd !== undefined && expansionEnd > i) {
      d.expansion(i, expansionEnd, state);
      i = expansionEnd;
      continue;
    }
    if (state === 'none') {
      if (c === '\\') {
        if (text[i + 1] === '\n') i += 2;
        else {
          d.escape(i, 2, text[i + 1] ?? '', state);
          i += 2;
        }
      } else if (c === "'") (state = 'single'), i++;
      else if (c === '"') (state = 'double'), i++;
      else if (c === '$' && text[i + 1] === "'") (state = 'ansi-c'), (i += 2);
      else if (c === '$' && text[i + 1] === '"') (state = 'double'), (i += 2);
      else d.literal(i++, state);
    } else if (state === 'single') {
      if (c === "'") (state = 'none'), i++;
      else d.literal(i++, state);
    } else if (state === 'double') {
      if (c === '"') (state = 'none'), i++;
      else if (c === '\\' && '$`"\\\n'.includes(text[i + 1] ?? '')) {
        if (text[i + 1] !== '\n') d.escape(i, 2, text[i + 1]!, state);
        i += 2;
      } else d.literal(i++, state);
    } else {
      // $'...'
      if (c === "'") (state = 'none'), i++;
      else if (c === '\\') {
        const m = /^\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|[\s\S])/.exec(text.slice(i, i + 5))!;
        d.escape(i, m[0].length, ansiC(m[1]!), state);
        i += m[0].length;
      } else d.literal(i++, state);
    }
  }
  return d.done();
}

/** A heredoc body as the command reads it (an unquoted one with its escapes removed, expansions as written). */
export function decodeHeredoc(text: string, h: HeredocSpans, q: Quoting): Decoded {
  const d = new Decoder(text);
  const quote: ShellQuote = h.quoted ? 'heredoc-quoted' : 'heredoc';
  let i = h.body.start;
  let lineStart = true;
  while (i < h.body.end) {
    const c = text[i]!;
    if (h.stripTabs && lineStart && c === '\t') {
      i++;
      continue;
    }
    lineStart = c === '\n';
    const expansionEnd = h.quoted ? undefined : q.expansions.get(i) ?? (c === '`' ? backquoteEnd(text, i, h.body.end) : undefined);
    if (expansionEnd !== undefined && expansionEnd > i) {
      d.expansion(i, expansionEnd, quote);
      i = expansionEnd;
    } else if (!h.quoted && c === '\\' && '$`\\\n'.includes(text[i + 1] ?? '')) {
      if (text[i + 1] !== '\n') d.escape(i, 2, text[i + 1]!, quote);
      i += 2;
    } else d.literal(i++, quote);
  }
  return d.done();
}

class Decoder {
  private value = '';
  private readonly map: SqlSourcePiece[] = [];
  constructor(private readonly text: string) {}

  literal(at: number, quote: ShellQuote): void {
    const last = this.map.at(-1);
    if (last && !last.expansion && last.quote === quote && last.sqlLength === last.textLength && last.text + last.textLength === at) {
      last.sqlLength++;
      last.textLength++;
    } else this.map.push({ sql: this.value.length, text: at, sqlLength: 1, textLength: 1, quote });
    this.value += this.text[at];
  }

  escape(at: number, length: number, value: string, quote: ShellQuote): void {
    this.map.push({ sql: this.value.length, text: at, sqlLength: value.length, textLength: length, quote });
    this.value += value;
  }

  expansion(start: number, end: number, quote: ShellQuote): void {
    this.map.push({ sql: this.value.length, text: start, sqlLength: end - start, textLength: end - start, quote, expansion: true });
    this.value += this.text.slice(start, end);
  }

  done(): Decoded {
    return { value: this.value, map: this.map };
  }
}

function backquoteEnd(text: string, at: number, limit: number): number | undefined {
  for (let i = at + 1; i < limit; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '`') return i + 1;
  }
  return undefined;
}

const ANSI: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v' };

function ansiC(e: string): string {
  if (e.startsWith('x') && e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
  if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
  return ANSI[e] ?? e;
}

/** Text offset of SQL offset `at` in a decoded map (a piece boundary for escapes), or undefined. */
export function textOffset(map: SqlSourcePiece[], at: number, side: 'start' | 'end'): number | undefined {
  for (const p of map) {
    if (side === 'start' && at >= p.sql && at < p.sql + p.sqlLength) return p.sqlLength === p.textLength ? p.text + (at - p.sql) : p.text;
    if (side === 'end' && at > p.sql && at <= p.sql + p.sqlLength) return p.sqlLength === p.textLength ? p.text + (at - p.sql) : p.text + p.textLength;
  }
  return undefined;
}
