// Placeholders (fill-ins) written into runbook code, and exactly where each use stands. The finder is
// the one place that reads a statement's quoting: it records every use's spot once (PlaceholderUse.spot,
// see model.ts), and binding (session/bind.ts) reads that record instead of lexing the text again.
// - SQL statements: fill-ins-sql.ts (code, strings, quoted identifiers, dollar-quoted bodies);
// - shell statements: fill-ins-shell.ts (words and their quotes, heredocs, SQL handed to psql);
// - psql meta-commands (`\i [file]`): an argument, bare, whole-quoted or inside quotes.
// How fill-ins are written (`[x]`, `<X>`, `{{ x }}`, `:x`, `$X`) is fill-ins.ts.
import type { PlaceholderUse, StatementKind, UseSpot } from './model.js';
import { fillInName, markedAt, wholeMarked, type FindOptions } from './fill-ins.js';
import { findInSqlText, type SqlUse } from './fill-ins-sql.js';
import { findInShellText } from './fill-ins-shell.js';

export { fillInName as placeholderName, maskFillIns } from './fill-ins.js';

/** Values of such placeholders never reach a journal, report or screen (unless declared `secret: false`). */
export function isSecretName(name: string): boolean {
  return /password|passwd|token|secret|key/i.test(name);
}

export type { FindOptions } from './fill-ins.js';

export function findPlaceholders(text: string, kind: StatementKind, options: FindOptions = {}): PlaceholderUse[] {
  switch (kind) {
    case 'note':
      return [];
    case 'sql':
      return findInSqlText(text, { psqlVars: true }).map(asUse);
    case 'psql-meta':
      return findInMeta(text);
    case 'shell':
      return findInShellText(text, options);
  }
}

/** A use found in SQL text, in the model's shape (the text is the statement's). */
export function asUse(u: SqlUse): PlaceholderUse {
  const inString = u.inString ? { inString: true } : {};
  return { name: u.name, context: u.context, token: u.token, offset: u.spot.start, ...inString, syntax: u.syntax, spot: u.spot };
}

/** `\i [file]`, `\i '[file]'`, `\i '/dir/[name].sql'`: psql reads the argument, quoted or not. */
function findInMeta(text: string): PlaceholderUse[] {
  const found: PlaceholderUse[] = [];
  let quote = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") {
      if (quote < 0) quote = i;
      else if (text[i + 1] === "'") i++;
      else quote = -1;
      continue;
    }
    if (quote >= 0 && c === '\\') {
      i++;
      continue;
    }
    const fill = markedAt(text, i);
    if (!fill) continue;
    let spot: UseSpot = { layers: [], as: 'meta-argument', start: i, end: i + fill.token.length };
    if (quote >= 0) {
      const close = text.indexOf("'", spot.end);
      spot = close === spot.end && wholeMarked(text.slice(quote + 1, close)) ? { ...spot, start: quote, end: close + 1 } : { ...spot, as: 'text' };
    }
    found.push({ name: fillInName(fill.token), context: 'shell', token: text.slice(spot.start, spot.end), offset: spot.start, syntax: fill.syntax, spot });
    i = spot.end - 1;
    if (spot.as === 'meta-argument' && quote >= 0) quote = -1;
  }
  return found;
}
