// Risk of a psql meta-command (`\d`, `\i file`, `\copy`, `\!`), from its name: the few that
// only describe or format are read, the ones that run SQL or a shell are write.
import type { RiskResult } from './risk-result.js';

// Meta-commands that only describe or format (`\d`, `\dt+`, `\l`, `\x`, `\timing`, ...).
const READ_META = /^(d[a-zA-Z]*[+S]*|l\+?|list|x|timing|conninfo|echo|qecho|warn|\?|h|help|pset|set|unset|encoding|errverbose|a|t|H|f|C|T|z|s[fv]\+?|copyright|p|print|q|quit|r|reset|c|connect)$/;

export function classifyMeta(text: string): RiskResult {
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
  if (name === 'gexec') return { risk: 'write', reasons: ['\\gexec runs each value the query returns as a statement (not read here)'] };
  if (name === '!') return { risk: 'write', reasons: ['\\! runs a shell command'] };
  if (READ_META.test(name)) return { risk: 'read', reasons: [`\\${name}`] };
  return { risk: 'write', reasons: [`\\${name} (not known to be read-only)`] };
}
