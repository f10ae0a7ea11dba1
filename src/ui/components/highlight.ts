// A deliberately small syntax highlighter for SQL and shell lines: keywords, strings, comments, numbers,
// variables and `[placeholders]`. It works line by line (a block comment or string spanning lines is
// coloured per line), which is all a runbook statement needs.

import type { ColorName } from '../theme.js';

export interface Span {
  text: string;
  kind?: ColorName;
}

const SQL_KEYWORDS = new Set(
  `select from where and or not null is in as on join left right inner outer full cross group by order
  having limit offset insert into values update set delete create drop alter table index view function
  schema grant revoke all to with begin commit rollback vacuum analyze reindex cluster truncate cascade
  restrict desc asc distinct case when then else end union except intersect exists between like ilike
  returning primary key references default interval now true false concurrently if replace explain
  verbose database role user extension sequence trigger language plpgsql show terminate`
    .split(/\s+/)
    .filter(Boolean),
);

const SHELL_KEYWORDS = new Set(
  'if then else elif fi for while do done case esac in function return export local echo exit sudo'.split(' '),
);

const TOKEN =
  /(--.*$|#.*$|\/\*.*?(?:\*\/|$))|('(?:[^']|'')*'?|"(?:[^"\\]|\\.)*"?)|(\[[A-Za-z_][\w-]*\])|(\$\{?[A-Za-z_]\w*\}?|\$\d)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_][\w]*)/g;

export function highlightLine(line: string, lang: string): Span[] {
  const shell = /^(bash|sh|shell|zsh|console)$/i.test(lang);
  const spans: Span[] = [];
  let last = 0;
  for (const m of line.matchAll(TOKEN)) {
    const [text, comment, str, placeholder, variable, num, word] = m;
    const at = m.index ?? 0;
    // `#` starts a comment only in shell; `--` only in SQL.
    if (comment && ((shell && comment.startsWith('--')) || (!shell && comment.startsWith('#')))) continue;
    if (at > last) spans.push({ text: line.slice(last, at) });
    let kind: ColorName | undefined;
    if (comment) kind = 'comment';
    else if (str) kind = 'string';
    else if (placeholder) kind = 'variable';
    else if (variable) kind = shell ? 'variable' : undefined;
    else if (num) kind = 'number';
    else if (word) {
      const lower = word.toLowerCase();
      if (shell ? SHELL_KEYWORDS.has(lower) : SQL_KEYWORDS.has(lower)) kind = 'keyword';
    }
    spans.push({ text, kind });
    last = at + text.length;
    if (comment) break;
  }
  if (last < line.length) spans.push({ text: line.slice(last) });
  return spans;
}
