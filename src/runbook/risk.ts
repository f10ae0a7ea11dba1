// Risk of one statement: `read`, `write` or `destructive`, with the reasons shown to the operator and,
// for destructive ones, the object name a typed confirmation asks for. SQL is judged from PostgreSQL's
// parse tree (risk-sql.ts), shell from the programs it runs (risk-shell.ts), psql meta-commands from
// their name. Results are cached per (kind, text): a large runbook repeats statements, and show, check
// and run classify the same text again.
import type { StatementKind } from './model.js';
import { classifyShellText } from './risk-shell.js';
import { classifySqlText } from './risk-sql.js';
import { classifyMeta } from './risk-meta.js';
import type { RiskResult } from './risk-result.js';

export type { RiskResult, RiskTarget } from './risk-result.js';

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
  if (result.syntaxErrors) out.syntaxErrors = result.syntaxErrors.map((e) => ({ ...e }));
  if (result.targets) out.targets = result.targets.map((t) => ({ ...t }));
  return out;
}

function compute(text: string, kind: StatementKind): RiskResult {
  switch (kind) {
    case 'note':
      return { risk: 'read', reasons: [] };
    case 'psql-meta': {
      // `\! command` runs shell: its risk is the command's.
      const shell = /^\s*\\!\s*([\s\S]*)$/.exec(text);
      if (shell?.[1]) {
        const { syntaxError: _e, syntaxErrors: _all, ...inner } = classifyShellText(shell[1]);
        return { ...inner, reasons: inner.reasons.map((r) => `\\! runs: ${r}`) };
      }
      return classifyMeta(text);
    }
    case 'shell':
      return classifyShellText(text);
    case 'sql':
      return classifySqlText(text);
  }
}

