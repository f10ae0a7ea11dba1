// A typed, simplified view of a bash script, read from tree-sitter-bash's syntax tree
// (shell-grammar.ts): every simple command with its words (quotes removed, offsets kept), its
// redirects and heredocs, which command's output feeds which (pipelines), where it sits (subshell,
// substitution, function, loop, ...), and the syntax errors with positions. Risk (risk-shell.ts),
// `check` and whoever needs to know what a shell statement runs read this instead of the text.
//
// What it promises:
// - `commands` lists EVERY simple command bash may run, in source order, including those inside
//   `$(...)`, backticks, `<(...)`, subshells, `{ }`, if/while/for/case bodies, function bodies and
//   unquoted heredoc bodies; `[ ... ]`/`[[ ... ]]` tests, `export`/`declare`/`local`/`unset` and bare
//   assignments (`x=$(date)`) are commands too (a test's words start with `[`/`[[`, a declaration's
//   with its keyword, a bare assignment has no words);
// - a word's `value` is what bash passes after quote removal when `literal` is true; when the word
//   holds an expansion (`$VAR`, `${x}`, `$(...)`, `$((...))`) the expansion stays as written and
//   `literal` is false. Globs and braces are kept as written;
// - offsets (`start`/`end`) index the parsed text in UTF-16 units, as JavaScript strings do;
// - a script with syntax errors still yields the commands the grammar recovered, and `errors` says
//   where it stopped making sense: one entry per error, the first of each line (what follows an error on
//   its line is usually that error read again).
import { withShellTree, type SyntaxNode } from './shell-grammar.js';

export interface Span {
  start: number;
  end: number;
}

export type WordQuoting = 'none' | 'single' | 'double' | 'ansi-c' | 'mixed';

export interface ShellWord extends Span {
  /** The word as written. */
  raw: string;
  /** After quote removal and backslash escapes; expansions kept as written. */
  value: string;
  /** No parameter, command or arithmetic expansion: `value` is exactly what the program receives. */
  literal: boolean;
  quoting: WordQuoting;
}

export interface Heredoc extends Span {
  /** The delimiter without quotes (`EOF`). */
  delimiter: string;
  /** `<<'EOF'`, `<<"EOF"`, `<<\EOF`: the body is passed as written, never expanded. */
  quoted: boolean;
  /** `<<-`: leading tabs are removed from each line. */
  stripTabs: boolean;
  /** The text the command reads (tabs already removed for `<<-`), without the delimiter line. */
  body: string;
  /** Offset of the body's first character in the script. */
  bodyStart: number;
}

export interface ShellRedirect extends Span {
  /** `>`, `>>`, `>|`, `<`, `<>`, `&>`, `&>>`, `>&`, `<&`, `<<`, `<<-`, `<<<`. */
  op: string;
  /** The file descriptor written before the operator (`2>`), if any. */
  fd?: number;
  /** The file, the descriptor (`2>&1`: `1`) or the here-string; absent for heredocs. */
  target?: ShellWord;
  heredoc?: Heredoc;
  /** Written on an enclosing compound command (`{ a; b; } > f`), so it applies to this command too. */
  inherited?: boolean;
}

export type ShellContext =
  | 'script'
  | 'subshell'
  | 'group'
  | 'substitution'
  | 'process-substitution'
  | 'function'
  | 'condition'
  | 'loop'
  | 'branch';

export type ShellSeparator = ';' | '&' | '&&' | '||' | '|' | '|&';

export interface ShellCommand extends Span {
  /** Index in `ShellScript.commands`. */
  id: number;
  /** `NAME=value` before the program (they set its environment), or the whole of a bare assignment. */
  assignments: { name: string; value: ShellWord }[];
  /** The program and its arguments. Empty for a bare assignment or a redirect-only line. */
  words: ShellWord[];
  redirects: ShellRedirect[];
  /** The command whose standard output is piped into this one (`a | b`: b's stdinFrom is a's id). */
  stdinFrom?: number;
  /**
   * The operator written right after this command (newline: none); the innermost one wins. A command
   * ending a subshell or group gets the operator after it (`(a; b) && c`: a's is `;`, b's is `&&`).
   */
  separator?: ShellSeparator;
  /** The innermost construct it sits in. */
  context: ShellContext;
  /** How many subshells, groups, substitutions, bodies enclose it (0 at top level). */
  depth: number;
}

/** Where the grammar stopped making sense of the text; at most one per line. */
export interface ShellSyntaxError {
  /** Offset in the script. */
  offset: number;
  /** 1-based line and column within the script. */
  line: number;
  column: number;
  message: string;
}

export interface ShellScript {
  text: string;
  commands: ShellCommand[];
  errors: ShellSyntaxError[];
}

/**
 * Reads a script. Never throws for bad input; requires `ensureParsers()` first. One statement's text is
 * read by several parts of the model (fill-ins, risk, what it assigns, whether it wants a terminal), so
 * the result is kept per text and shared: callers must not change it (`readShell` gives a copy of one's own).
 */
export function parseShell(text: string): ShellScript {
  const cached = scripts.get(text);
  if (cached) return cached;
  const script = readShell(text);
  if (scripts.size >= SCRIPTS_KEPT) scripts.clear();
  scripts.set(text, script);
  return script;
}

const scripts = new Map<string, ShellScript>();
const SCRIPTS_KEPT = 512;

/** Reads a script into objects the caller may change (not kept). */
export function readShell(text: string): ShellScript {
  return withShellTree(text, (root) => new Reader(text).read(root));
}

const STATEMENT_CONTEXT: Record<string, ShellContext> = {
  subshell: 'subshell',
  compound_statement: 'group',
  command_substitution: 'substitution',
  process_substitution: 'process-substitution',
  function_definition: 'function',
  if_statement: 'branch',
  case_statement: 'branch',
  while_statement: 'loop',
  for_statement: 'loop',
  c_style_for_statement: 'loop',
};
/** What closes each compound command, for "never closed" messages. */
const CLOSERS: Record<string, string> = { if: 'fi', while: 'done', until: 'done', for: 'done', select: 'done', case: 'esac', '{': '}', '(': ')', '[[': ']]', '$(': ')' };
/** Reserved words that can never start a command. */
const RESERVED = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', 'in', '}']);
const REDIRECTS = new Set(['file_redirect', 'heredoc_redirect', 'herestring_redirect']);
const SEPARATORS = new Set<string>([';', '&', '&&', '||', '|', '|&']);
const EXPANSIONS = new Set(['simple_expansion', 'expansion', 'command_substitution', 'arithmetic_expansion', 'process_substitution']);

class Reader {
  private readonly commands: ShellCommand[] = [];
  private readonly errors: ShellSyntaxError[] = [];
  private lineStarts: number[] | undefined;

  constructor(private readonly text: string) {}

  read(root: SyntaxNode): ShellScript {
    this.visit(root, 'script', 0, []);
    if (root.hasError) this.collectErrors(root);
    this.errors.sort((a, b) => a.offset - b.offset);
    // After an error the grammar often trips again on the same line (`-n <NAMESPACE> <CLUSTER>`): the
    // first is the one to fix, the rest are its echoes.
    const errors = this.errors.filter((e, i) => i === 0 || this.errors[i - 1]!.line !== e.line);
    return { text: this.text, commands: this.commands, errors };
  }

  /** Visits a node that may hold statements; `inherited` are redirects of enclosing compound commands. */
  private visit(node: SyntaxNode, context: ShellContext, depth: number, inherited: ShellRedirect[]): void {
    if (node.isMissing) return;
    switch (node.type) {
      case 'comment':
        return;
      case 'command':
      case 'declaration_command':
      case 'unset_command':
      case 'test_command':
      case 'variable_assignment':
      case 'variable_assignments':
        this.command(node, context, depth, inherited);
        return;
      case 'redirected_statement':
        this.redirected(node, context, depth, inherited);
        return;
      case 'pipeline':
        this.sequence(node, context, depth, inherited, true);
        return;
      case 'ERROR':
        this.sequence(node, context, depth, inherited, false);
        return;
    }
    const inner = STATEMENT_CONTEXT[node.type];
    if (inner !== undefined) {
      this.sequence(node, inner, depth + 1, inherited, false, node.type === 'if_statement');
      return;
    }
    // program, list, negated_command, do_group, else/elif clauses, case items, words holding
    // substitutions: their statements and substitutions, in order.
    this.sequence(node, context, depth, inherited, false);
  }

  /**
   * Visits children in order, recording the separator written after each statement and, in a
   * pipeline, which command feeds the next.
   */
  private sequence(node: SyntaxNode, context: ShellContext, depth: number, inherited: ShellRedirect[], piped: boolean, hasCondition = false, feeder?: number): void {
    let previousLast = feeder;
    let lastOfPrevious: number | undefined;
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i)!;
      if (!child.isNamed && !child.isMissing) {
        if (SEPARATORS.has(child.type) && lastOfPrevious !== undefined) this.commands[lastOfPrevious]!.separator ??= child.type as ShellSeparator;
        if ((child.type === '|' || child.type === '|&') && lastOfPrevious !== undefined) previousLast = lastOfPrevious;
        continue;
      }
      const field = node.fieldNameForChild(i);
      const childContext = hasCondition && field === 'condition' ? 'condition' : context;
      const before = this.commands.length;
      this.visit(child, childContext, depth, inherited);
      const made = this.mainCommands(before);
      if (made.length === 0) continue;
      if ((piped || feeder !== undefined) && previousLast !== undefined && this.commands[made[0]!]!.stdinFrom === undefined) {
        this.commands[made[0]!]!.stdinFrom = previousLast;
      }
      previousLast = piped ? previousLast : undefined;
      lastOfPrevious = made.at(-1);
    }
  }

  /** Commands made since `from` at the shallowest depth among them: a statement's own commands. */
  private mainCommands(from: number): number[] {
    const made = this.commands.slice(from);
    if (made.length === 0) return [];
    const depth = Math.min(...made.map((c) => c.depth));
    return made.filter((c) => c.depth === depth).map((c) => c.id);
  }

  private redirected(node: SyntaxNode, context: ShellContext, depth: number, inherited: ShellRedirect[]): void {
    const body = node.childForFieldName('body');
    const own: ShellRedirect[] = [];
    const continuations: SyntaxNode[] = [];
    const expanded: SyntaxNode[] = [];
    for (const child of node.namedChildren) {
      if (!child || (body && child.id === body.id)) continue;
      if (REDIRECTS.has(child.type)) own.push(...this.redirect(child, continuations, expanded));
      else if (child.type === 'ERROR') this.visit(child, context, depth, inherited);
    }
    const before = this.commands.length;
    if (body) {
      if (body.type === 'command' || body.type === 'declaration_command' || body.type === 'test_command' || body.type === 'variable_assignment') {
        this.command(body, context, depth, inherited, own);
        this.strayWords(this.commands[before]!, body.endIndex, own[0]?.start ?? body.endIndex);
      } else this.visit(body, context, depth, [...inherited, ...own.map((r) => ({ ...r, inherited: true }))]);
    }
    // Substitutions in redirect targets and unquoted heredoc bodies run after the command is set up.
    for (const n of expanded) this.substitutions(n, depth);
    // `cat <<EOF | psql`: the grammar hangs the rest of the line under the heredoc redirect.
    const last = this.mainCommands(before).at(-1);
    for (const rest of continuations) {
      if (rest.type === 'pipeline') this.sequence(rest, context, depth, inherited, true, false, last);
      else this.visit(rest, context, depth, inherited);
    }
  }

  /**
   * tree-sitter-bash leaves a lone `-` before a heredoc (`psql -f - <<EOF`) out of the tree; words the
   * grammar skipped between a command and its redirects are added back as plain words.
   */
  private strayWords(command: ShellCommand, from: number, to: number): void {
    for (const m of this.text.slice(from, to).matchAll(/\S+/g)) {
      const start = from + m.index!;
      command.words.push({ start, end: start + m[0].length, raw: m[0], value: unescapeBare(m[0]), literal: true, quoting: 'none' });
    }
  }

  private command(node: SyntaxNode, context: ShellContext, depth: number, inherited: ShellRedirect[], extra: ShellRedirect[] = []): void {
    const command: ShellCommand = {
      id: this.commands.length,
      start: node.startIndex,
      end: node.endIndex,
      assignments: [],
      words: [],
      redirects: [...inherited],
      context,
      depth,
    };
    this.commands.push(command);
    const substitutions: SyntaxNode[] = [];
    const continuations: SyntaxNode[] = [];
    const expanded: SyntaxNode[] = [];
    const addWord = (n: SyntaxNode) => {
      if (n.isMissing || n.startIndex === n.endIndex) return;
      command.words.push(this.word(n));
      substitutions.push(n);
    };
    const assignment = (n: SyntaxNode) => {
      const name = n.childForFieldName('name');
      const value = n.childForFieldName('value');
      command.assignments.push({ name: name?.text ?? '', value: value ? this.word(value) : this.emptyWord(n.endIndex) });
      if (value) substitutions.push(value);
    };
    if (node.type === 'variable_assignment') assignment(node);
    else if (node.type === 'variable_assignments') node.namedChildren.forEach((n) => n && assignment(n));
    else if (node.type === 'test_command') {
      const open = node.child(0);
      if (open) command.words.push({ start: open.startIndex, end: open.endIndex, raw: open.text, value: open.text, literal: true, quoting: 'none' });
      for (const leaf of testOperands(node)) addWord(leaf);
    } else {
      for (let i = 0; i < node.childCount; i++) {
        const child = node.child(i)!;
        if (child.type === 'comment') continue;
        if (!child.isNamed) {
          // declaration and unset keywords are anonymous tokens: they are the program's name.
          if (i === 0 && (node.type === 'declaration_command' || node.type === 'unset_command')) addWord(child);
          continue;
        }
        if (child.type === 'variable_assignment') {
          if (node.type === 'declaration_command') addWord(child);
          else assignment(child);
        } else if (REDIRECTS.has(child.type)) command.redirects.push(...this.redirect(child, continuations, expanded));
        else if (child.type === 'command_name') addWord(child.namedChild(0) ?? child);
        else addWord(child);
      }
    }
    command.redirects.push(...extra);
    // The grammar accepts a reserved word where a command name goes (`ls |⏎fi`); bash does not.
    const name = command.words[0];
    if (name && command.assignments.length === 0 && name.quoting === 'none' && RESERVED.has(name.raw)) this.error(name.start, `unexpected "${name.raw}"`);
    for (const n of [...substitutions, ...expanded]) this.substitutions(n, depth);
    for (const rest of continuations) this.visit(rest, context, depth, inherited);
  }

  /** Commands inside `$(...)`, backticks and `<(...)` within a word, in order. */
  private substitutions(node: SyntaxNode, depth: number): void {
    if (node.type === 'command_substitution' || node.type === 'process_substitution') {
      this.visit(node, STATEMENT_CONTEXT[node.type]!, depth, []);
      return;
    }
    for (const child of node.namedChildren) if (child) this.substitutions(child, depth);
  }

  /** A redirect node's redirects; nodes whose substitutions run are added to `expanded`. */
  private redirect(node: SyntaxNode, continuations: SyntaxNode[], expanded: SyntaxNode[]): ShellRedirect[] {
    const out: ShellRedirect[] = [];
    const fdNode = node.childForFieldName('descriptor');
    const fd = fdNode ? Number(fdNode.text) : undefined;
    const base = (op: string): ShellRedirect => {
      const r: ShellRedirect = { start: node.startIndex, end: node.endIndex, op };
      if (fd !== undefined && Number.isFinite(fd)) r.fd = fd;
      return r;
    };
    if (node.type === 'file_redirect') {
      const op = node.children.find((c) => c && !c.isNamed)?.type ?? '>';
      const r = base(op);
      const destination = node.childForFieldName('destination');
      if (destination) {
        r.target = this.word(destination);
        expanded.push(destination);
      }
      out.push(r);
    } else if (node.type === 'herestring_redirect') {
      const r = base('<<<');
      const value = node.namedChildren.find((c) => c && c.type !== 'file_descriptor');
      if (value) r.target = this.word(value);
      out.push(r);
    } else {
      const op = node.children.find((c) => c && !c.isNamed)?.type ?? '<<';
      const r = base(op);
      const start = node.namedChildren.find((c) => c?.type === 'heredoc_start');
      const body = node.namedChildren.find((c) => c?.type === 'heredoc_body');
      const rawDelimiter = start?.text ?? '';
      const stripTabs = op === '<<-';
      const rawBody = body?.text ?? '';
      r.heredoc = {
        start: node.startIndex,
        end: node.endIndex,
        delimiter: rawDelimiter.replace(/["'\\]/g, ''),
        quoted: /["'\\]/.test(rawDelimiter),
        stripTabs,
        body: stripTabs ? rawBody.replace(/^\t+/gm, '') : rawBody,
        bodyStart: body?.startIndex ?? node.endIndex,
      };
      out.push(r);
      for (const child of node.namedChildren) {
        if (!child || child.type === 'heredoc_start' || child.type === 'heredoc_end') continue;
        if (child.type === 'heredoc_body') {
          // An unquoted body expands $(...) when the command runs.
          if (!r.heredoc.quoted) expanded.push(child);
        } else if (REDIRECTS.has(child.type)) out.push(...this.redirect(child, continuations, expanded));
        else continuations.push(child);
      }
    }
    return out;
  }

  private word(node: SyntaxNode): ShellWord {
    const { value, literal } = this.valueOf(node);
    return { start: node.startIndex, end: node.endIndex, raw: node.text, value, literal, quoting: quotingOf(node) };
  }

  private emptyWord(at: number): ShellWord {
    return { start: at, end: at, raw: '', value: '', literal: true, quoting: 'none' };
  }

  private valueOf(node: SyntaxNode): { value: string; literal: boolean } {
    const raw = node.text;
    switch (node.type) {
      case 'word':
      case 'number':
      case 'variable_name':
        return { value: unescapeBare(raw), literal: true };
      case 'raw_string':
        return { value: raw.slice(1, -1), literal: true };
      case 'ansi_c_string':
        return { value: decodeAnsiC(raw.slice(2, -1)), literal: true };
      case 'string':
      case 'translated_string':
        return this.joined(node, (text) => text.replace(/\\([$`"\\\n])/g, (_, c: string) => (c === '\n' ? '' : c)), true);
      case 'concatenation':
        return this.joined(node, unescapeBare, false);
    }
    if (EXPANSIONS.has(node.type)) return { value: raw, literal: false };
    return { value: raw, literal: !node.hasError && node.descendantsOfType([...EXPANSIONS]).length === 0 };
  }

  /** A string's or concatenation's value: its parts in order, the text between them unescaped. */
  private joined(node: SyntaxNode, unescape: (text: string) => string, quoted: boolean): { value: string; literal: boolean } {
    let value = '';
    let literal = true;
    let at = node.startIndex + (quoted ? (node.type === 'translated_string' ? 2 : 1) : 0);
    const end = node.endIndex - (quoted ? 1 : 0);
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.startIndex > at) value += unescape(this.text.slice(at, child.startIndex));
      if (child.type === 'string_content') value += unescape(child.text);
      else {
        const part = this.valueOf(child);
        value += part.value;
        literal &&= part.literal;
      }
      at = child.endIndex;
    }
    if (end > at) value += unescape(this.text.slice(at, end));
    return { value, literal };
  }

  /** One error per ERROR node (not looking inside it) and per MISSING token the grammar had to assume. */
  private collectErrors(node: SyntaxNode): void {
    if (node.isMissing && ['"', "'", '`'].includes(node.type)) {
      // Reported where the quote opens, which is what needs fixing.
      this.error(node.parent?.startIndex ?? node.startIndex, `unclosed ${node.type === '`' ? 'backquote' : 'quote'} ${node.type}`);
      return;
    }
    if (node.isMissing) {
      const what = node.type === 'word' || node.type === 'command_name' ? 'a command' : `"${node.type}"`;
      this.error(node.startIndex, `expected ${what}`);
      return;
    }
    if (node.type === 'ERROR') {
      this.errorNode(node);
      return;
    }
    for (const child of node.children) if (child && (child.hasError || child.isMissing)) this.collectErrors(child);
  }

  private errorNode(node: SyntaxNode): void {
    const lead = /^\s*/.exec(this.text.slice(node.startIndex, node.endIndex))![0].length;
    const offset = node.startIndex + lead;
    const text = this.text.slice(offset, node.endIndex);
    const first = firstLeaf(node);
    const token = first?.text ?? '';
    let message: string;
    const atEnd = node.endIndex >= this.text.trimEnd().length;
    const open = atEnd ? unclosedQuote(text) : -1;
    if (open >= 0) {
      this.error(offset + open, `unclosed ${text[open] === '`' ? 'backquote' : 'quote'} ${text[open]}`);
      return;
    }
    if (/^["'`]/.test(text) && atEnd) message = `unclosed ${text[0] === '`' ? 'backquote' : 'quote'} ${text[0]}`;
    else if (atEnd && CLOSERS[token] !== undefined) message = `"${token}" is never closed: expected "${CLOSERS[token]}" before the end`;
    else if (token === '' || first?.type === '\u0000' || /UNEXPECTED/.test(first?.type ?? '')) message = 'unexpected end of input';
    else message = `unexpected "${token.length > 20 ? `${token.slice(0, 20)}...` : token}"`;
    this.error(offset, message);
  }

  private error(offset: number, message: string): void {
    // One entry per place: a MISSING node inside an ERROR, or nested ERRORs, are one error.
    if (this.errors.some((e) => e.offset === offset)) return;
    const { line, column } = this.position(offset);
    this.errors.push({ offset, line, column, message });
  }

  private position(offset: number): { line: number; column: number } {
    this.lineStarts ??= [0, ...[...this.text.matchAll(/\n/g)].map((m) => m.index! + 1)];
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }
}

function quotingOf(node: SyntaxNode): WordQuoting {
  switch (node.type) {
    case 'raw_string':
      return 'single';
    case 'string':
    case 'translated_string':
      return 'double';
    case 'ansi_c_string':
      return 'ansi-c';
    case 'concatenation':
      return node.namedChildren.some((c) => c && ['raw_string', 'string', 'ansi_c_string', 'translated_string'].includes(c.type)) ? 'mixed' : 'none';
  }
  return 'none';
}

/** The operands of `[ ... ]` / `[[ ... ]]`, flattened in order (operators are words too). */
function testOperands(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const walk = (n: SyntaxNode) => {
    for (const child of n.children) {
      if (!child) continue;
      if (['unary_expression', 'binary_expression', 'parenthesized_expression', 'negated_expression'].includes(child.type)) walk(child);
      else if (child.isNamed || /^[!=<>-]/.test(child.type)) out.push(child);
    }
  };
  walk(node);
  return out.filter((n) => n.type !== '[' && n.type !== ']' && n.type !== '[[' && n.type !== ']]');
}

/** Index of a quote that is never closed in `text` (bash's quoting rules, roughly), or -1. */
export function unclosedQuote(text: string): number {
  let open = -1;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === '') {
      if (c === '\\') i++;
      else if (c === "'" || c === '"' || c === '`') {
        quote = c;
        open = i;
      }
    } else if (c === '\\' && quote !== "'") i++;
    else if (c === quote) quote = '';
  }
  return quote === '' ? -1 : open;
}

function firstLeaf(node: SyntaxNode): SyntaxNode | undefined {
  let n: SyntaxNode | null = node;
  while (n && n.childCount > 0) n = n.child(0);
  return n ?? undefined;
}

/** Backslash escapes outside quotes: `\x` is x, a backslash-newline joins lines. */
function unescapeBare(text: string): string {
  return text.replace(/\\(\n|.)/g, (_, c: string) => (c === '\n' ? '' : c));
}

const ANSI_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

function decodeAnsiC(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (whole, e: string) => {
    if (e.startsWith('x')) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ANSI_ESCAPES[e] ?? whole;
  });
}
