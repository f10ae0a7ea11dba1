// Where each fill-in stands in shell text, read from the bash grammar (shell-syntax.ts, shell-quoting.ts):
// - in a word: which quotes it is in at that point, what the word is (program, argument, assignment,
//   redirect target), whether a value there could become an option, whether the word is shell code
//   another shell runs (`ssh host '...'`, `bash -c '...'`, `eval`);
// - in a heredoc body: whether the delimiter is quoted (`<<'EOF'` expands nothing); a heredoc nothing
//   reads as code is a file's content, where a line that is only `[global]` among `key=value` lines is
//   an INI section header;
// - in SQL that psql reads (-c, a heredoc, a here-string, a pipe from echo/printf/cat): the SQL is
//   decoded (quotes removed, each character traced to the script), its fill-ins found by the SQL
//   finder, and the use records both: the shell layers, a `psql` layer holding that SQL, then the SQL
//   layers in its offsets.
// Fill-ins are replaced by same-length letters before parsing, so `<NAMESPACE>` is never read as a
// redirection and `[cmd]` never as a test. Comments hold no fill-ins.
import type { HeredocLayer, PlaceholderUse, PsqlLayer, ShellWordLayer, UseLayer } from './model.js';
import { markedAt, markedSpans, maskSpans, sectionHeaderAt, shellVarAt, fillInName, type FillIn } from './fill-ins.js';
import { findInSqlText } from './fill-ins-sql.js';
import { parseShell, readShell, type Heredoc, type ShellCommand, type ShellScript, type ShellWord } from './shell-syntax.js';
import { decodeHeredoc, decodeWord, quoteAt, readQuoting, textOffset, type Decoded, type HeredocSpans, type Quoting } from './shell-quoting.js';
import { psqlInputs, shellCode, unwrap, type PsqlInput } from './shell-commands.js';
import type { FindOptions } from './fill-ins.js';
import { assignedIn } from './shell-vars.js';

const PSQL_VAR_HINT = /(^|[^:\w$]):['"]?[A-Za-z_]/;

interface Candidate extends FillIn {
  start: number;
  end: number;
}

interface WordAt {
  word: ShellWord;
  command: ShellCommand;
  role: ShellWordLayer['role'];
}

export function findInShellText(text: string, options: FindOptions): PlaceholderUse[] {
  let candidates = findCandidates(text, options);
  // psql variables (`:'x'`) are found only in SQL psql reads, which needs the parse.
  if (candidates.length === 0 && !(text.includes('psql') && PSQL_VAR_HINT.test(text))) return [];
  const dummy = maskSpans(text, candidates);
  const script = parseShell(dummy);
  const quoting = readQuoting(dummy);
  // `$X` is a fill-in only where the shell expands it: not in '...', $'...' or a quoted heredoc.
  candidates = candidates.filter(
    (c) => c.syntax !== 'shell-var' || (!['single', 'ansi-c'].includes(quoteAt(quoting, c.start)) && !quoting.heredocs.some((h) => h.quoted && h.body.start <= c.start && c.end <= h.body.end)),
  );
  const words = allWords(script.commands);
  const found: PlaceholderUse[] = [];
  const consumed = new Set<Candidate>();
  const { inputs, unknown } = psqlInputs(script);
  const ctx = new Context(text, quoting, script.commands);

  for (const input of inputs) {
    const pieces = inputPieces(text, input, quoting);
    for (const piece of pieces) {
      const inside = candidates.filter((c) => c.start >= piece.span.start && c.end <= piece.span.end);
      inside.forEach((c) => consumed.add(c));
      const extra = new Map<number, FillIn>();
      for (const c of inside) {
        if (c.syntax !== 'shell-var') continue;
        const at = sqlOffset(piece.decoded, c.start);
        if (at !== undefined) extra.set(at, c);
      }
      const psql: PsqlLayer = { layer: 'psql', via: input.via, start: piece.span.start, end: piece.span.end, sql: piece.decoded.value, map: piece.decoded.map };
      if ('rewrites' in input && input.rewrites) psql.rewrites = input.rewrites;
      for (const u of findInSqlText(piece.decoded.value, { psqlVars: input.via !== 'command', extra })) {
        const start = textOffset(piece.decoded.map, u.spot.start, 'start');
        const end = textOffset(piece.decoded.map, u.spot.end, 'end');
        if (start === undefined || end === undefined) continue;
        const spot = { ...u.spot, layers: [...piece.outer, psql, ...u.spot.layers] };
        const use: PlaceholderUse = { name: u.name, context: u.context, token: text.slice(start, end), offset: start, syntax: u.syntax, spot };
        if (u.inString) use.inString = true;
        if (u.variable !== undefined) use.variable = u.variable;
        found.push(use);
      }
    }
  }

  const fed = fedCode(script.commands, inputs, unknown);
  for (const c of candidates) {
    if (consumed.has(c) || quoteAt(quoting, c.start) === 'comment') continue;
    const word = innermost(words.filter((w) => w.word.start <= c.start && c.end <= w.word.end), (w) => w.word);
    const heredoc = innermost(quoting.heredocs.filter((h) => h.body.start <= c.start && c.end <= h.body.end), (h) => h.body);
    const layers: UseLayer[] = [];
    if (heredoc && (!word || heredoc.body.start > word.word.start)) {
      const layer = ctx.heredocLayer(heredoc, fed);
      // `cat <<EOF > pgbackrest.conf` then `[global]`: a section of the file written, not a fill-in.
      if (c.syntax === 'bracket' && layer.evaluatedBy === undefined && sectionHeaderAt(text, c.start, c.end, text.slice(heredoc.body.start, heredoc.body.end))) continue;
      layers.push(layer);
    } else if (word) layers.push(ctx.wordLayer(word, c, fed));
    else {
      const quote = quoteAt(quoting, c.start);
      layers.push({ layer: 'shell-word', start: c.start, end: c.end, quote: quote === 'comment' || quote === 'heredoc' || quote === 'heredoc-quoted' ? 'none' : quote, role: 'other' });
    }
    const use: PlaceholderUse = { name: c.name, context: 'shell', token: c.token, offset: c.start, syntax: c.syntax, spot: { layers, as: 'shell', start: c.start, end: c.end } };
    if (c.variable !== undefined) use.variable = c.variable;
    found.push(use);
  }
  return found.sort((a, b) => a.offset - b.offset);
}

/**
 * The bash grammar's view of shell text that holds fill-ins: `<NAMESPACE>`, `[cmd]`, `{{ x }}` are read
 * as the plain words they stand for (masked while parsing, so `<NS>` is no redirection), and each word
 * holding one keeps its text as written (risk names `<pod-name>`, not the mask). Risk reads this.
 */
export function parseShellWithFillIns(text: string): ShellScript {
  const spans = markedSpans(text);
  if (spans.length === 0) return parseShell(text);
  const masked = maskSpans(text, spans);
  // Its words are changed below: a copy of its own, not the one parseShell shares.
  const script = readShell(masked);
  const restore = (w: ShellWord) => {
    if (!spans.some((s) => s.start < w.end && w.start < s.end)) return;
    w.raw = text.slice(w.start, w.end);
    w.value = w.raw.replace(/^(["'])([\s\S]*)\1$/, '$2');
  };
  for (const c of script.commands) {
    c.words.forEach(restore);
    c.assignments.forEach((a) => restore(a.value));
    c.redirects.forEach((r) => r.target && restore(r.target));
    // A heredoc another program reads (`ssh host <<EOF`) is judged from its text as written.
    for (const r of c.redirects) if (r.heredoc && spans.some((s) => s.start >= r.heredoc!.bodyStart && s.start < r.heredoc!.end)) r.heredoc.body = bodyAsWritten(r.heredoc, masked, text);
  }
  return { ...script, text };
}

/** A heredoc body read from the masked script, with the original characters (same offsets) put back. */
function bodyAsWritten(h: Heredoc, masked: string, text: string): string {
  let out = '';
  let at = h.bodyStart;
  let lineStart = true;
  for (let k = 0; k < h.body.length; ) {
    if (h.stripTabs && lineStart && masked[at] === '\t') {
      at++;
      continue;
    }
    if (masked[at] !== h.body[k]) return h.body; // not the text it was cut from: keep what the parser saw
    out += text[at];
    lineStart = masked[at] === '\n';
    at++;
    k++;
  }
  return out;
}

function findCandidates(text: string, options: FindOptions): Candidate[] {
  const out: Candidate[] = [];
  let assigned: { name: string; offset: number }[] | undefined;
  // `NS=prod; echo $NS`: after the statement assigns it, the variable is its own.
  const assignedBefore = (variable: string, at: number) => (assigned ??= assignedIn(text)).some((a) => a.name === variable && a.offset < at);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let found: FillIn | undefined;
    if (c === 36 /* $ */ && options.shellVars && options.shellVars.size > 0) {
      const v = shellVarAt(text, i);
      if (v && options.shellVars.has(v.variable) && !assignedBefore(v.variable, i)) found = { token: v.token, name: fillInName(v.token), syntax: 'shell-var', variable: v.variable };
    } else if (c === 91 || c === 60 || c === 123) found = markedAt(text, i);
    if (!found) continue;
    out.push({ ...found, start: i, end: i + found.token.length });
    i += found.token.length - 1;
  }
  return out;
}

function allWords(commands: ShellCommand[]): WordAt[] {
  const out: WordAt[] = [];
  for (const command of commands) {
    command.words.forEach((word, i) => out.push({ word, command, role: i === 0 ? 'program' : 'argument' }));
    for (const a of command.assignments) out.push({ word: a.value, command, role: 'assignment' });
    for (const r of command.redirects) if (r.target && !r.inherited) out.push({ word: r.target, command, role: 'redirect' });
  }
  return out;
}

function innermost<T>(items: T[], span: (t: T) => { start: number; end: number }): T | undefined {
  let best: T | undefined;
  for (const item of items) if (!best || span(item).end - span(item).start < span(best).end - span(best).start) best = item;
  return best;
}

/** Commands whose words or heredocs reach another shell or psql as code we do not map (`echo "..." | bash`). */
function fedCode(commands: ShellCommand[], inputs: PsqlInput[], unknown: ShellCommand[]): Map<ShellCommand, string> {
  const out = new Map<ShellCommand, string>();
  for (const c of unknown) out.set(c, 'psql');
  for (const command of commands) {
    const code = shellCode(unwrap(command.words));
    if (!code?.stdin) continue;
    out.set(command, code.by); // its own heredoc or here-string
    if (command.stdinFrom !== undefined) out.set(commands[command.stdinFrom]!, code.by);
  }
  // psql's own heredoc/pipe is mapped as SQL: never fed blindly.
  for (const input of inputs) if (input.via !== 'command' && out.get(input.command) === 'psql') out.delete(input.command);
  return out;
}

class Context {
  constructor(
    private readonly text: string,
    private readonly quoting: Quoting,
    private readonly commands: ShellCommand[],
  ) {}

  heredocLayer(h: HeredocSpans, fed: Map<ShellCommand, string>): HeredocLayer {
    const owner = this.commands.find((c) => c.redirects.some((r) => r.heredoc && r.start === h.start));
    const layer: HeredocLayer = { layer: 'heredoc', start: h.body.start, end: h.body.end, quoted: h.quoted, delimiter: h.delimiter, delimiterSpan: h.delimiterSpan };
    if (owner) {
      const u = unwrap(owner.words);
      if (u.program) layer.program = u.program;
      const by = fed.get(owner);
      if (by) layer.evaluatedBy = by;
    }
    return layer;
  }

  wordLayer(w: WordAt, c: Candidate, fed: Map<ShellCommand, string>): ShellWordLayer {
    const quote = quoteAt(this.quoting, c.start);
    const u = unwrap(w.command.words);
    const layer: ShellWordLayer = {
      layer: 'shell-word',
      start: w.word.start,
      end: w.word.end,
      quote: quote === 'comment' || quote === 'heredoc' || quote === 'heredoc-quoted' ? 'none' : quote,
      role: w.role,
    };
    if (u.program) layer.program = u.program;
    const code = shellCode(u);
    const by = code?.words.includes(w.word) ? code.by : fed.get(w.command);
    if (by) layer.evaluatedBy = by;
    if (w.role === 'argument' && this.startsWord(w.word, c)) {
      const index = w.command.words.indexOf(w.word);
      if (!w.command.words.slice(1, index).some((x) => x.value === '--')) layer.optionExposed = true;
    }
    return layer;
  }

  /** The fill-in is the first thing of the word's value (nothing before it survives quote removal). */
  private startsWord(word: ShellWord, c: Candidate): boolean {
    const decoded = decodeWord(this.text, word, this.quoting);
    return decoded.map.length > 0 && textOffset(decoded.map, 0, 'start') === c.start;
  }
}

interface InputPiece {
  span: { start: number; end: number };
  decoded: Decoded;
  outer: UseLayer[];
}

/** The SQL text of one psql input and where it is written. */
function inputPieces(text: string, input: PsqlInput, q: Quoting): InputPiece[] {
  const program = 'psql';
  if ('heredoc' in input) {
    const h = q.heredocs.find((x) => x.start === input.heredoc.start);
    if (!h) return [];
    const layer: HeredocLayer = { layer: 'heredoc', start: h.body.start, end: h.body.end, quoted: h.quoted, delimiter: h.delimiter, delimiterSpan: h.delimiterSpan, program };
    return [{ span: h.body, decoded: decodeHeredoc(text, h, q), outer: [layer] }];
  }
  const words = 'words' in input ? input.words : [input.word];
  if (words.length === 0) return [];
  const prefix = 'prefix' in input ? input.prefix : 0;
  const decoded: Decoded = { value: '', map: [] };
  words.forEach((word, i) => {
    if (i > 0) {
      // echo joins its arguments with one space: the blank between the words stands for it.
      const gap = words[i - 1]!.end;
      decoded.map.push({ sql: decoded.value.length, text: gap, sqlLength: 1, textLength: word.start - gap, quote: 'none' });
      decoded.value += ' ';
    }
    const d = decodeWord(text, word, q);
    let skip = i === 0 ? prefix : 0;
    for (const p of d.map) {
      if (skip >= p.sqlLength) {
        skip -= p.sqlLength;
        continue;
      }
      const cut = skip;
      skip = 0;
      const oneToOne = p.sqlLength === p.textLength;
      decoded.map.push({
        ...p,
        sql: decoded.value.length,
        text: oneToOne ? p.text + cut : p.text,
        sqlLength: p.sqlLength - cut,
        textLength: oneToOne ? p.textLength - cut : p.textLength,
      });
      decoded.value += d.value.slice(p.sql + cut, p.sql + p.sqlLength);
    }
  });
  const first = words[0]!;
  const last = words.at(-1)!;
  const quote = decoded.map[0]?.quote;
  const outer: UseLayer = {
    layer: 'shell-word',
    start: first.start,
    end: last.end,
    quote: quote === undefined || quote === 'heredoc' || quote === 'heredoc-quoted' ? 'none' : quote,
    role: input.via === 'here-string' ? 'redirect' : 'argument',
    program: input.via === 'pipe' ? unwrap(input.command.words).program : program,
  };
  return [{ span: { start: first.start, end: last.end }, decoded, outer: [outer] }];
}

/** SQL offset of a script offset that starts a one-to-one piece, or undefined. */
function sqlOffset(d: Decoded, at: number): number | undefined {
  for (const p of d.map) {
    if (p.sqlLength === p.textLength && at >= p.text && at < p.text + p.textLength) return p.sql + (at - p.text);
    if (p.expansion && at === p.text) return p.sql;
  }
  return undefined;
}
