// Risk of one statement: `read`, `write` or `destructive`, with the reasons shown to the operator and,
// for destructive ones, the object name a typed confirmation asks for. SQL is judged from PostgreSQL's
// parse tree (risk-sql.ts), shell from the programs it runs (risk-shell.ts), psql meta-commands from
// their name. Results are cached per (kind, text): a large runbook repeats statements, and show, check
// and run classify the same text again.
import type { StatementKind } from './model.js';
import { classifyShellText } from './risk-shell.js';
import { classifySqlText, type RiskResult } from './risk-sql.js';

export type { RiskResult } from './risk-sql.js';

const CACHE_LIMIT = 10_000;
const cache = new Map<string, RiskResult>();

export function classifyRisk(text: string, kind: StatementKind): RiskResult {
  const key = `${kind}\u0000${text}`;
  const cached = cache.get(key);
  if (cached) return copy(cached);
  const result = compute(text, kind);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, result);
  return copy(result);
}

/** Callers may keep and change results; the cache must not change with them. */
function copy(result: RiskResult): RiskResult {
  const out: RiskResult = { ...result, reasons: [...result.reasons] };
  if (result.syntaxError) out.syntaxError = { ...result.syntaxError };
  return out;
}

function compute(text: string, kind: StatementKind): RiskResult {
  switch (kind) {
    case 'note':
      return { risk: 'read', reasons: [] };
    case 'psql-meta':
      return classifyMeta(text);
    case 'shell':
      return classifyShellText(text);
    case 'sql':
      return classifySqlText(text);
  }
}

// Meta-commands that only describe or format (`\d`, `\dt+`, `\l`, `\x`, `\timing`, ...).
const READ_META = /^(d[a-zA-Z]*[+S]*|l\+?|list|x|timing|conninfo|echo|qecho|warn|\?|h|help|pset|set|unset|encoding|errverbose|a|t|H|f|C|T|z|s[fv]\+?|copyright|p|print|q|quit|r|reset|c|connect)$/;

function classifyMeta(text: string): RiskResult {
  const match = /^\\(\S*?)(?=\s|$|\\)\s*(.*)$/s.exec(text.trim());
  const name = match?.[1] ?? '';
  const args = (match?.[2] ?? '').trim();
  if (['i', 'ir', 'include', 'include_relative'].includes(name)) {
    return { risk: 'write', reasons: [`\\${name} runs the SQL file ${args || '(none given)'}`] };
  }
  if (name === 'copy') {
    return /\bfrom\b/i.test(args)
      ? { risk: 'write', reasons: ['\\copy ... from loads rows'] }
      : { risk: 'read', reasons: ['\\copy ... to'] };
  }
  if (name === '!') return { risk: 'write', reasons: ['\\! runs a shell command'] };
  if (READ_META.test(name)) return { risk: 'read', reasons: [`\\${name}`] };
  return { risk: 'write', reasons: [`\\${name} (not known to be read-only)`] };
}
