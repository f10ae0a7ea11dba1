// Where each fill-in stands in SQL text, as PostgreSQL's lexer would see it: in code (then what goes
// there: a value, an identifier, or SQL the operator pastes), as a whole string constant, inside a
// longer string (`'%[x]%'`, `E'...'`), inside a quoted identifier, or inside a dollar-quoted body, which
// is either code (DO, CREATE FUNCTION ... AS) scanned as SQL again, or a string value. Strings that a
// function body EXECUTEs are dynamic SQL: a value there becomes code, so it is a fragment.
//
// The result is in the text's own offsets; the shell finder maps SQL it hands to psql back to shell.
import type { FillInSyntax, PlaceholderContext, UseLayer, UseSpot } from './model.js';
import { markedAt, psqlVarAt, wholeMarked, type FillIn } from './fill-ins.js';
import { dollarTagAt, endOfBlockComment, endOfDollarQuoted, endOfLine, endOfQuoted, isIdentChar, isSpaceCode } from './sql-lex.js';

/** One use found in SQL text: offsets are the SQL text's. */
export interface SqlUse {
  name: string;
  syntax: FillInSyntax;
  context: PlaceholderContext;
  token: string;
  spot: UseSpot;
  inString?: boolean;
  variable?: string;
}

export interface SqlScanOptions {
  /** psql reads `:x`, `:'x'`, `:"x"` here (a runbook's SQL, a heredoc or pipe into psql; not `-c`). */
  psqlVars: boolean;
  /** Fill-ins already found by an outer scanner (a shell's `$NS` inside SQL), by offset. */
  extra?: Map<number, FillIn>;
}

const FRAGMENT_NAME = /paste|query|sql|statement|condition|where/;
const IDENTIFIER_NAME = /(^|_)(table|name|user|role|schema|index|database|column|relation)$/;
const IDENTIFIER_BEFORE = new Set([
  'FROM', 'JOIN', 'TABLE', 'INTO', 'UPDATE', 'ON', 'TO', 'ROLE', 'USER', 'INDEX', 'SCHEMA', 'DATABASE',
  'VACUUM', 'ANALYZE', 'ANALYSE', 'REINDEX', 'TRUNCATE', 'VIEW', 'SEQUENCE', 'ONLY', 'EXISTS', 'CLUSTER',
  'OWNER', 'FUNCTION',
]);
const IDENTIFIER_BEFORE_PARENS = new Set(['VACUUM', 'ANALYZE', 'ANALYSE', 'CLUSTER', 'REINDEX']);
const PREFIXES: Record<string, '' | 'E' | 'U&' | 'N' | 'B' | 'X'> = { e: 'E', n: 'N', b: 'B', x: 'X' };

export function findInSqlText(text: string, options: SqlScanOptions): SqlUse[] {
  const out: SqlUse[] = [];
  new SqlScanner(text, options, out).code(0, text.length, [], false);
  return out;
}

class SqlScanner {
  constructor(
    private readonly text: string,
    private readonly options: SqlScanOptions,
    private readonly out: SqlUse[],
  ) {}

  /** Scans code in [from, to); `body` is true inside a function or DO body. */
  code(from: number, to: number, layers: UseLayer[], body: boolean): void {
    const text = this.text;
    let prevWord = ''; // last keyword/identifier, upper-cased, when it is the last token
    let wordBefore = ''; // the word before prevWord
    let lastToken = ''; // '' | 'word' | a punctuation character
    const parenWords: string[] = [];
    let closedParenWord = '';
    let executing = false; // inside `EXECUTE <expression>` in a body: strings there are dynamic SQL
    let i = from;
    const word = (w: string) => {
      wordBefore = prevWord;
      prevWord = w;
      lastToken = 'word';
    };
    while (i < to) {
      const c = text[i]!;
      const code = text.charCodeAt(i);
      const found = this.fillInAt(i, layers.length === 0 || !body);
      if (found && !(found.syntax === 'bracket' && lastToken === 'word' && prevWord === 'ARRAY')) {
        const as = found.quoted ?? classifyBare(found, text, i, prevWord, lastToken, closedParenWord);
        this.push(found, i, i + found.token.length, layers, as, executing);
        i += found.token.length;
        word('');
        continue;
      }
      if (c === "'") {
        const start = this.stringStart(i);
        const end = Math.min(to, endOfQuoted(text, i, "'", start.prefix === 'E' || start.prefix === 'U&'));
        this.string(start.at, i, end, start.prefix, layers, executing);
        i = end;
        lastToken = "'";
      } else if (c === '"') {
        const end = Math.min(to, endOfQuoted(text, i, '"', false));
        this.quotedIdentifier(i, end, layers, executing);
        i = end;
        word('');
      } else if (c === '-' && text[i + 1] === '-') {
        i = endOfLine(text, i);
      } else if (c === '/' && text[i + 1] === '*') {
        i = endOfBlockComment(text, i);
      } else if (c === '$' && dollarTagAt(text, i)) {
        const tag = dollarTagAt(text, i)!;
        const end = Math.min(to, endOfDollarQuoted(text, i, tag));
        const isCode = !executing && (prevWord === 'DO' || prevWord === 'AS' || wordBefore === 'LANGUAGE');
        this.dollar(i, end, tag, isCode, layers, executing);
        i = end;
        lastToken = "'";
      } else if (isIdentChar(code) && code !== 36) {
        let j = i + 1;
        while (j < to && isIdentChar(text.charCodeAt(j))) j++;
        const w = text.slice(i, j).toUpperCase();
        if (body && w === 'EXECUTE') executing = true;
        else if (w === 'USING' || w === 'INTO') executing = false;
        word(w);
        i = j;
      } else {
        if (c === '(') parenWords.push(lastToken === 'word' ? prevWord : '');
        if (c === ')') closedParenWord = parenWords.pop() ?? '';
        if (c === ';') executing = false;
        if (!isSpaceCode(code)) lastToken = c;
        i++;
      }
    }
  }

  private fillInAt(i: number, psqlLevel: boolean): FillIn | undefined {
    const extra = this.options.extra?.get(i);
    if (extra) return extra;
    if (this.text[i] === ':') return this.options.psqlVars && psqlLevel ? psqlVarAt(this.text, i) : undefined;
    return markedAt(this.text, i);
  }

  /** The string's prefix (E, U&, N, B, X) and where the constant starts. */
  private stringStart(quote: number): { at: number; prefix: '' | 'E' | 'U&' | 'N' | 'B' | 'X' } {
    const text = this.text;
    const before = (k: number) => (k >= 0 ? text.charCodeAt(k) : 32);
    const p = text[quote - 1]?.toLowerCase();
    if (p === '&' && text[quote - 2]?.toLowerCase() === 'u' && !isIdentChar(before(quote - 3))) return { at: quote - 2, prefix: 'U&' };
    if (p !== undefined && PREFIXES[p] !== undefined && !isIdentChar(before(quote - 2))) return { at: quote - 1, prefix: PREFIXES[p]! };
    return { at: quote, prefix: '' };
  }

  private string(start: number, quote: number, end: number, prefix: '' | 'E' | 'U&' | 'N' | 'B' | 'X', layers: UseLayer[], dynamic: boolean): void {
    const text = this.text;
    const closed = end - quote >= 2 && text[end - 1] === "'" && end <= text.length;
    const innerEnd = closed ? end - 1 : end;
    const whole = closed && prefix !== 'B' && prefix !== 'X' && !dynamic ? wholeMarked(text.slice(quote + 1, innerEnd)) : undefined;
    if (whole) {
      this.push(whole, start, end, layers, 'literal', false);
      return;
    }
    const layer: UseLayer = { layer: 'sql-string', start, end, prefix, closed };
    if (dynamic) layer.dynamic = true;
    this.inside(quote + 1, innerEnd, [...layers, layer], dynamic);
  }

  private quotedIdentifier(start: number, end: number, layers: UseLayer[], dynamic: boolean): void {
    const text = this.text;
    const closed = end - start >= 2 && text[end - 1] === '"';
    const innerEnd = closed ? end - 1 : end;
    const whole = closed ? wholeMarked(text.slice(start + 1, innerEnd)) : undefined;
    if (whole) {
      this.push(whole, start, end, layers, 'identifier', dynamic);
      return;
    }
    this.inside(start + 1, innerEnd, [...layers, { layer: 'sql-quoted-identifier', start, end, closed }], dynamic);
  }

  private dollar(start: number, end: number, tag: string, isCode: boolean, layers: UseLayer[], dynamic: boolean): void {
    const closed = end - start >= 2 * tag.length && this.text.endsWith(tag, end) && end <= this.text.length;
    const bodyEnd = closed ? end - tag.length : end;
    const layer: UseLayer = { layer: 'sql-dollar', start, end, tag, body: isCode ? 'code' : 'string', closed };
    if (dynamic) layer.dynamic = true;
    if (isCode) this.code(start + tag.length, bodyEnd, [...layers, layer], true);
    else this.inside(start + tag.length, bodyEnd, [...layers, layer], dynamic);
  }

  /** Fill-ins inside quoted text: characters of that container. */
  private inside(from: number, to: number, layers: UseLayer[], dynamic: boolean): void {
    for (let j = from; j < to; j++) {
      const c = this.text.charCodeAt(j);
      if (c !== 91 && c !== 60 && c !== 123 && !this.options.extra?.has(j)) continue;
      // The container's first character has no "previous character" (`$$[x]$$`, `'[x]...'`).
      const found = this.options.extra?.get(j) ?? (j === from ? markedAt(this.text.slice(from, to), 0) : markedAt(this.text, j));
      if (!found || j + found.token.length > to) continue;
      this.push(found, j, j + found.token.length, layers, 'text', dynamic);
      j += found.token.length - 1;
    }
  }

  private push(found: FillIn, start: number, end: number, layers: UseLayer[], as: UseSpot['as'], dynamic: boolean): void {
    const inner = layers.at(-1);
    const context: PlaceholderContext =
      dynamic || as === 'fragment'
        ? 'sql-fragment'
        : as === 'identifier' || inner?.layer === 'sql-quoted-identifier'
          ? 'sql-identifier'
          : 'sql-literal';
    const use: SqlUse = { name: found.name, syntax: found.syntax, context, token: this.text.slice(start, end), spot: { layers, as, start, end } };
    if (as === 'text' && (inner?.layer === 'sql-string' || inner?.layer === 'sql-dollar')) use.inString = true;
    if (found.variable !== undefined) use.variable = found.variable;
    this.out.push(use);
  }
}

function classifyBare(found: FillIn, text: string, at: number, prevWord: string, lastToken: string, closedParenWord: string): 'literal' | 'identifier' | 'fragment' {
  const name = found.name;
  if (FRAGMENT_NAME.test(name)) return 'fragment';
  if (IDENTIFIER_NAME.test(name)) return 'identifier';
  if (lastToken === 'word' && IDENTIFIER_BEFORE.has(prevWord)) return 'identifier';
  if (lastToken === ')' && IDENTIFIER_BEFORE_PARENS.has(closedParenWord)) return 'identifier';
  if (lastToken === '.' || text[at + found.token.length] === '.') return 'identifier';
  return 'literal';
}
