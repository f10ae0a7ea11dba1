// How people write "fill this in" inside code, one recognizer per convention, each deciding from the
// characters around a position only (the SQL and shell scanners decide whether that position is code,
// a string or a comment):
//   [name]          ours; not `arr[1]`, `ARRAY[...]`, `[ -f x ]`, `[[ ... ]]`, regex classes `[a-z]`, nor an
//                   INI section header (a line that is only `[global]` among `key=value` lines) in text
//                   that is a file's content (a heredoc no shell or psql reads: fill-ins-shell.ts asks
//                   `sectionHeaderAt`);
//   <NAME>          `<NAMESPACE>`, `<pod-name>`, `<pod IP>`; not redirections (`< f`, `2>&1`, `<<EOF`),
//                   generics (`List<String>`), comparisons (`a < b`, `<>`), HTML tags (`<br/>`, `<h1>`),
//                   e-mail or URL brackets (`<a@b>`, `<https://...>`), or `<IDLE>` (pg_stat_activity text);
//   {{ name }}      `{{ cluster }}`, `{{pgversion}}`; not Go/Helm templates (`{{ .Values.x }}`,
//                   `{{ json . }}`) or Hugo shortcodes (`{{< param x >}}`, `{{% notice %}}`);
//   :name :'name' :"name"   psql variables, in SQL code only (psql never looks inside strings); not
//                   casts `::`, `:=`, array slices `a[1:n]`;
//   $NAME ${NAME}   shell variables: found here, kept only when the procedure tells the reader to set
//                   them and never assigns them (see shell-vars.ts).
import type { FillInSyntax } from './model.js';
import { isIdentChar } from './sql-lex.js';

export interface FindOptions {
  /** Shell variables this statement's procedure tells the reader to set and never assigns (`$NS`). */
  shellVars?: ReadonlySet<string>;
}

export interface FillIn {
  token: string;
  name: string;
  syntax: FillInSyntax;
  /** psql `:'x'` is a literal, `:"x"` an identifier; bare forms are decided by where they stand. */
  quoted?: 'literal' | 'identifier';
  /** The shell variable of a `$NAME` fill-in. */
  variable?: string;
}

const BRACKET = /\[[A-Za-z][A-Za-z0-9_ ]*\]/y;
const ANGLE = /<([A-Za-z][A-Za-z0-9_-]*(?: [A-Za-z0-9_-]+){0,4})>/y;
const MUSTACHE = /\{\{ *([A-Za-z_][A-Za-z0-9_-]*) *\}\}/y;
const PSQL_VAR = /:(?:'([A-Za-z_][A-Za-z0-9_]*)'|"([A-Za-z_][A-Za-z0-9_]*)"|([A-Za-z_][A-Za-z0-9_]*))/y;
const SHELL_VAR = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/y;

const HTML_TAGS = new Set([
  'a', 'abbr', 'b', 'blockquote', 'body', 'br', 'code', 'dd', 'del', 'details', 'div', 'dl', 'dt', 'em', 'font',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head', 'hr', 'html', 'i', 'img', 'input', 'ins', 'kbd', 'li', 'ol', 'p',
  'pre', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td',
  'tfoot', 'th', 'thead', 'tr', 'tt', 'u', 'ul', 'var', 'center', 'script', 'style', 'title', 'meta', 'link',
]);
/** Angle-bracketed words that are data, not fill-ins (pg_stat_activity's `<IDLE>`, `<none>` in output). */
const ANGLE_DATA = new Set(['idle', 'none', 'insufficient privilege', 'snip', 'unknown', 'null', 'nil', 'empty']);

const names = new Map<string, string>();

/** `[paste slow query here]` -> `paste_slow_query_here`, `<pod-name>` -> `pod_name`, `${NS}` -> `ns`. */
export function fillInName(raw: string): string {
  let name = names.get(raw);
  if (name === undefined) {
    name = raw
      .replace(/^'?[[<]|[\]>]'?$/g, '')
      .replace(/^\{\{|\}\}$/g, '')
      .replace(/^:['"]?|['"]$/g, '')
      .replace(/^\$\{?|\}$/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '');
    if (names.size >= 10_000) names.clear();
    names.set(raw, name);
  }
  return name;
}

/** A `[name]` at `i` that is not a subscript, a test or a regex class: the raw token, or undefined. */
export function bracketAt(text: string, i: number): string | undefined {
  BRACKET.lastIndex = i;
  const match = BRACKET.exec(text);
  if (!match) return undefined;
  const prev = i > 0 ? text.charCodeAt(i - 1) : 32;
  if (isIdentChar(prev) || prev === 41 /* ) */ || prev === 93 /* ] */ || prev === 91 /* [ */) return undefined;
  const next = text[i + match[0].length];
  if (next === ']') return undefined; // `[[x]]`: shell test or nested array
  // Regex classes next to regex syntax: `^[abc]+`, `\[x]`, `[ab]*`, `[a]{2}`.
  if (prev === 94 /* ^ */ || prev === 92 /* \ */ || (next !== undefined && '+*?{'.includes(next))) return undefined;
  return match[0];
}

/** A `key=value` / `key = value` line: the body it is in is configuration (INI, TOML, .conf). */
const SETTING_LINE = /^[ \t]*[A-Za-z_][\w.-]*[ \t]*=/m;

/**
 * Whether the bracket token at `start..end` of `text` is an INI/TOML section header: one word
 * (`[global]`, `[cluster_1]`) alone on its line, in a `body` (the text it is part of, such as a
 * heredoc's) that holds settings (`repo1-path=/srv`). `[db host]`, `host=[db_host]`, or a lone `[v]`
 * in a body with no setting stay fill-ins.
 */
export function sectionHeaderAt(text: string, start: number, end: number, body: string): boolean {
  if (text[start] !== '[' || /\s/.test(text.slice(start, end)) || !SETTING_LINE.test(body)) return false;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end);
  return text.slice(lineStart, start).trim() === '' && text.slice(end, lineEnd < 0 ? text.length : lineEnd).trim() === '';
}

/** A `<NAME>` at `i`: the raw token, or undefined (see the header for what it is not). */
export function angleAt(text: string, i: number): string | undefined {
  ANGLE.lastIndex = i;
  const match = ANGLE.exec(text);
  if (!match) return undefined;
  const prev = i > 0 ? text.charCodeAt(i - 1) : 32;
  // `List<String>`, `<<EOF>`, `$<x>`, `\<x>`: generics, heredocs, other syntax. After `_` or a digit it is
  // a fill-in inside a name (`report_<TIMESTAMP>.zip`).
  const letter = (prev >= 65 && prev <= 90) || (prev >= 97 && prev <= 122) || prev >= 0x80;
  if (letter || prev === 36 /* $ */ || prev === 60 /* < */ || prev === 92 /* \ */) return undefined;
  const inner = match[1]!;
  const lower = inner.toLowerCase();
  if (HTML_TAGS.has(lower) || ANGLE_DATA.has(lower)) return undefined;
  // `</div>` never matches (starts with `/`); `<br/>` never matches (the `/`).
  return match[0];
}

/** A `{{ name }}` at `i`: the raw token, or undefined (Go templates and shortcodes never match). */
export function mustacheAt(text: string, i: number): string | undefined {
  MUSTACHE.lastIndex = i;
  const match = MUSTACHE.exec(text);
  if (!match) return undefined;
  if (i > 0 && text[i - 1] === '$') return undefined; // `${{ x }}`: a CI expression
  if (text[i + match[0].length] === '}') return undefined;
  return match[0];
}

/** A psql variable at `i` (`:x`, `:'x'`, `:"x"`), or undefined for `::`, `:=`, `a[1:n]`, `x:y`. */
export function psqlVarAt(text: string, i: number): FillIn | undefined {
  PSQL_VAR.lastIndex = i;
  const match = PSQL_VAR.exec(text);
  if (!match) return undefined;
  const prev = i > 0 ? text.charCodeAt(i - 1) : 32;
  // `::int`, `x:=`, `arr[1:n]`, `a:b` (JSON paths, time literals outside strings), `[:alpha:]`.
  if (prev === 58 /* : */ || prev === 91 /* [ */ || isIdentChar(prev)) return undefined;
  const token = match[0];
  const after = text[i + token.length];
  // `:x:y` (a path, a time) is not a variable; `:x::int` (a cast) is.
  if ((after === ':' && text[i + token.length + 1] !== ':') || after === '=') return undefined;
  const name = (match[1] ?? match[2] ?? match[3])!;
  const found: FillIn = { token, name: fillInName(name), syntax: 'psql-var' };
  if (match[1] !== undefined) found.quoted = 'literal';
  else if (match[2] !== undefined) found.quoted = 'identifier';
  return found;
}

/** A `$NAME` or `${NAME}` at `i` (special parameters `$?`, `$1`, `$@` never match): token and variable. */
export function shellVarAt(text: string, i: number): { token: string; variable: string } | undefined {
  SHELL_VAR.lastIndex = i;
  const match = SHELL_VAR.exec(text);
  if (!match) return undefined;
  if (i > 0 && text[i - 1] === '\\') return undefined;
  return { token: match[0], variable: (match[1] ?? match[2])! };
}

/** The bracket, angle or mustache fill-in at `i` (the conventions that mean the same in SQL and shell). */
export function markedAt(text: string, i: number): FillIn | undefined {
  const c = text.charCodeAt(i);
  let token: string | undefined;
  let syntax: FillInSyntax;
  if (c === 91 /* [ */) {
    token = bracketAt(text, i);
    syntax = 'bracket';
  } else if (c === 60 /* < */) {
    token = angleAt(text, i);
    syntax = 'angle';
  } else if (c === 123 /* { */) {
    token = mustacheAt(text, i);
    syntax = 'mustache';
  } else return undefined;
  return token === undefined ? undefined : { token, name: fillInName(token), syntax };
}

/** Whether `inner` (a string's content) is exactly one marked fill-in: `'[x]'`, `'<NS>'`, `'{{ x }}'`. */
export function wholeMarked(inner: string): FillIn | undefined {
  const found = markedAt(inner, 0);
  return found && found.token.length === inner.length ? found : undefined;
}

/**
 * Where `[x]`, `<X>` and `{{ x }}` fill-ins are written in shell text, found lexically, for parsers that
 * must not read them as syntax (`<NAMESPACE>` is no redirection, `[cmd]` no test).
 */
export function markedSpans(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 91 && c !== 60 && c !== 123) continue;
    const found = markedAt(text, i);
    if (!found) continue;
    out.push({ start: i, end: i + found.token.length });
    i += found.token.length - 1;
  }
  return out;
}

/** `text` with each span replaced by as many letters: same offsets, and a plain word to any parser. */
export function maskSpans(text: string, spans: readonly { start: number; end: number }[]): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + 'a'.repeat(s.end - s.start);
    at = s.end;
  }
  return out + text.slice(at);
}

/** Shell text with its marked fill-ins masked (risk-shell.ts parses this, so `<NS>` is not a redirect). */
export function maskFillIns(text: string): string {
  return maskSpans(text, markedSpans(text));
}
