// Placeholders written into runbook code as `[host]`, `[paste slow query here]`, `'[query_text]'`.
// Each use records how its value must later be bound (the context), decided from where it stands:
// - shell text (bash blocks, shell lines, psql meta-commands): `shell`, passed as an argument;
// - inside '...' in SQL: `sql-literal`; the token is the whole quoted string when the placeholder
//   fills it (`'[query_text]'`), else just `[x]` and binding splices an escaped value inside the quotes;
// - elsewhere in SQL: `sql-fragment` when the name says it is SQL (`[paste slow query here]`),
//   `sql-identifier` where an identifier goes (`FROM [table_name]`), otherwise `sql-literal`.
// Brackets that are SQL or shell syntax are not placeholders: subscripts `arr[i]` / `(f())[1]`,
// `ARRAY[...]`, shell tests `[ -f x ]` / `[[ ... ]]`, regex classes `[a-z]`.
import type { PlaceholderContext, PlaceholderUse, StatementKind } from './model.js';
import {
  dollarTagAt,
  endOfBlockComment,
  endOfLine,
  endOfQuoted,
  isEscapeString,
  isIdentChar,
  isSpaceCode,
} from './sql-lex.js';

const PLACEHOLDER = /\[[A-Za-z][A-Za-z0-9_ ]*\]/y;
const WHOLE_PLACEHOLDER = /^\[[A-Za-z][A-Za-z0-9_ ]*\]$/;
const FRAGMENT_NAME = /paste|query|sql|statement|condition|where/;
const IDENTIFIER_NAME = /(^|_)(table|name|user|role|schema|index|database|column|relation)$/;
const IDENTIFIER_BEFORE = new Set([
  'FROM', 'JOIN', 'TABLE', 'INTO', 'UPDATE', 'ON', 'TO', 'ROLE', 'USER', 'INDEX', 'SCHEMA', 'DATABASE',
  'VACUUM', 'ANALYZE', 'ANALYSE', 'REINDEX', 'TRUNCATE', 'VIEW', 'SEQUENCE', 'ONLY', 'EXISTS', 'CLUSTER',
  'OWNER', 'FUNCTION',
]);
const IDENTIFIER_BEFORE_PARENS = new Set(['VACUUM', 'ANALYZE', 'ANALYSE', 'CLUSTER', 'REINDEX']);

const names = new Map<string, string>();

/** `[paste slow query here]` -> `paste_slow_query_here`. Runbooks repeat a few tokens many times. */
export function placeholderName(raw: string): string {
  let name = names.get(raw);
  if (name === undefined) {
    name = computeName(raw);
    if (names.size >= 10_000) names.clear();
    names.set(raw, name);
  }
  return name;
}

function computeName(raw: string): string {
  return raw
    .replace(/^'?\[|\]'?$/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Values of such placeholders never reach a journal, report or screen. */
export function isSecretName(name: string): boolean {
  return /password|passwd|token|secret|key/i.test(name);
}

export function findPlaceholders(text: string, kind: StatementKind): PlaceholderUse[] {
  if (kind === 'note') return [];
  if (kind === 'sql') return findInSql(text);
  return findInShell(text);
}

/** A `[name]` at `i` that is not a subscript: the raw token, or undefined. */
function placeholderAt(text: string, i: number): string | undefined {
  PLACEHOLDER.lastIndex = i;
  const match = PLACEHOLDER.exec(text);
  if (!match) return undefined;
  const prev = i > 0 ? text.charCodeAt(i - 1) : 32;
  if (isIdentChar(prev) || prev === 41 /* ) */ || prev === 93 /* ] */ || prev === 91 /* [ */) return undefined;
  const next = text[i + match[0].length];
  if (next === ']') return undefined; // `[[x]]`: shell test or nested array
  // Regex classes next to regex syntax: `^[abc]+`, `\[x]`, `[ab]*`, `[a]{2}`.
  if (prev === 94 /* ^ */ || prev === 92 /* \ */ || (next !== undefined && '+*?{'.includes(next))) return undefined;
  return match[0];
}

function use(token: string, offset: number, context: PlaceholderContext): PlaceholderUse {
  return { name: placeholderName(token), context, token, offset };
}

function findInSql(text: string): PlaceholderUse[] {
  const found: PlaceholderUse[] = [];
  const n = text.length;
  let prevWord = ''; // last keyword/identifier, upper-cased, when it is the last token
  let lastToken = ''; // '' | 'word' | a punctuation character
  const parenWords: string[] = [];
  let closedParenWord = '';
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    const code = text.charCodeAt(i);
    if (c === "'") {
      const end = endOfQuoted(text, i, "'", isEscapeString(text, i));
      const inner = text.slice(i + 1, end - 1);
      if (text[end - 1] === "'" && end - i >= 2 && WHOLE_PLACEHOLDER.test(inner)) {
        found.push({ ...use(inner, i, 'sql-literal'), token: text.slice(i, end) });
      } else {
        for (let j = i + 1; j < end - 1; j++) {
          if (text[j] !== '[') continue;
          const token = placeholderAt(text, j);
          if (token) {
            found.push({ ...use(token, j, 'sql-literal'), inString: true });
            j += token.length - 1;
          }
        }
      }
      i = end;
      lastToken = "'";
    } else if (c === '"') {
      const end = endOfQuoted(text, i, '"', false);
      const inner = text.slice(i + 1, end - 1);
      if (text[end - 1] === '"' && WHOLE_PLACEHOLDER.test(inner)) {
        found.push({ ...use(inner, i, 'sql-identifier'), token: text.slice(i, end) });
      }
      i = end;
      lastToken = 'word';
      prevWord = '';
    } else if (c === '-' && text[i + 1] === '-') {
      i = endOfLine(text, i);
    } else if (c === '/' && text[i + 1] === '*') {
      i = endOfBlockComment(text, i);
    } else if (c === '$' && dollarTagAt(text, i)) {
      // Dollar-quoted bodies are code (function bodies): scan through them as SQL.
      i += dollarTagAt(text, i)!.length;
    } else if (c === '[') {
      const token = placeholderAt(text, i);
      if (token && !isArrayConstructor(prevWord, lastToken)) {
        found.push(use(token, i, classifyBare(token, text, i, prevWord, lastToken, closedParenWord)));
        i += token.length;
        lastToken = 'word';
        prevWord = '';
      } else {
        i++;
        lastToken = '[';
      }
    } else if (isIdentChar(code) && code !== 36) {
      let j = i + 1;
      while (j < n && isIdentChar(text.charCodeAt(j))) j++;
      prevWord = text.slice(i, j).toUpperCase();
      lastToken = 'word';
      i = j;
    } else {
      if (c === '(') parenWords.push(lastToken === 'word' ? prevWord : '');
      if (c === ')') closedParenWord = parenWords.pop() ?? '';
      if (!isSpaceCode(code)) lastToken = c;
      i++;
    }
  }
  return found;
}

function isArrayConstructor(prevWord: string, lastToken: string): boolean {
  return lastToken === 'word' && prevWord === 'ARRAY';
}

function classifyBare(
  token: string,
  text: string,
  at: number,
  prevWord: string,
  lastToken: string,
  closedParenWord: string,
): PlaceholderContext {
  const name = placeholderName(token);
  if (FRAGMENT_NAME.test(name)) return 'sql-fragment';
  if (IDENTIFIER_NAME.test(name)) return 'sql-identifier';
  if (lastToken === 'word' && IDENTIFIER_BEFORE.has(prevWord)) return 'sql-identifier';
  if (lastToken === ')' && IDENTIFIER_BEFORE_PARENS.has(closedParenWord)) return 'sql-identifier';
  if (lastToken === '.' || text[at + token.length] === '.') return 'sql-identifier';
  return 'sql-literal';
}

/** Shell text: every placeholder is `shell`; comments are skipped, quotes are looked into. */
function findInShell(text: string): PlaceholderUse[] {
  const found: PlaceholderUse[] = [];
  const n = text.length;
  let quote = '';
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = '';
    } else if (c === '\\') {
      i += 2;
      continue;
    } else if (quote === '"') {
      if (c === '"') quote = '';
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '#' && (i === 0 || isSpaceCode(text.charCodeAt(i - 1)))) {
      i = endOfLine(text, i);
      continue;
    }
    if (c === '[') {
      const token = placeholderAt(text, i);
      if (token) {
        found.push(use(token, i, 'shell'));
        i += token.length;
        continue;
      }
    }
    i++;
  }
  return found;
}
