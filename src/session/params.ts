// Where placeholder values can come from besides the operator: an earlier result, a declared default, or
// the current target for connection-shaped names (`psql -h [host] -U [user] -d [database]` means this
// target); and which placeholders are secret.

import type { Block, Placeholder, Procedure, Statement } from '../runbook/model.js';
import type { Target } from '../database/target.js';
import type { ParamRequest } from './types.js';
import { isSecretName } from '../runbook/placeholders.js';

/**
 * The model's `Placeholder.secret` is the fact (it already weighs the name, `{secret}`, frontmatter
 * `secrets:` and `secret: false`): secret when any block that uses the name says so. Only a name no
 * block knows (typed into an edited statement) is judged by its name, cautiously.
 */
export function isSecretParam(name: string, blocks: Iterable<Block>): boolean {
  let known = false;
  for (const block of blocks) {
    const p = block.placeholders.find((x) => x.name === name);
    if (p?.secret) return true;
    if (p) known = true;
  }
  return !known && isSecretName(name);
}

/** What a placeholder could default to: an earlier result, the declared default, or the target. */
export function suggestionFor(
  name: string,
  from: { results: Record<string, string>; blocks: Iterable<Block>; target: Target },
): Pick<ParamRequest, 'suggestion' | 'suggestionSource'> {
  const fromResult = from.results[name];
  if (fromResult !== undefined) return { suggestion: fromResult, suggestionSource: 'result' };
  for (const block of from.blocks) {
    const p = block.placeholders.find((x) => x.name === name);
    if (p?.default !== undefined) return { suggestion: p.default, suggestionSource: 'default' };
  }
  const fromTarget = targetValue(name, from.target);
  if (fromTarget !== undefined) return { suggestion: fromTarget, suggestionSource: 'target' };
  return {};
}

export function targetValue(name: string, t: Pick<Target, 'host' | 'port' | 'user' | 'database'>): string | undefined {
  switch (name.toLowerCase()) {
    case 'host':
    case 'hostname':
      return t.host;
    case 'port':
      return String(t.port);
    case 'user':
    case 'username':
      return t.user;
    case 'database':
    case 'dbname':
    case 'db':
      return t.database;
    default:
      return undefined;
  }
}

/** Placeholder names of a procedure that can be filled without the operator (default or target). */
export function suggestionNames(procedure: Procedure): Set<string> {
  const out = new Set<string>();
  const probe = { host: 'h', port: 1, user: 'u', database: 'd' };
  for (const step of procedure.steps) {
    for (const block of step.blocks) {
      for (const p of block.placeholders) if (p.default !== undefined || targetValue(p.name, probe) !== undefined) out.add(p.name);
    }
  }
  return out;
}

/** The placeholder a missing value is asked for: as its block declares it, or as the (edited) statement uses it. */
export function placeholderFor(name: string, block: Block, statement: Statement, secret: (name: string) => boolean): Placeholder {
  return (
    block.placeholders.find((p) => p.name === name) ?? {
      name,
      context: statement.placeholders.find((u) => u.name === name)?.context ?? 'sql-literal',
      secret: secret(name),
      line: statement.line,
      column: statement.column,
    }
  );
}

/**
 * Values of shell-variable fill-ins (`$NAMESPACE`) that the environment already holds: a variable set
 * where runbook runs is not asked for. `env` is the caller's (the CLI passes its process environment).
 * Explicit values (--param) win over these.
 */
export function environmentParams(procedure: Procedure, env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const step of procedure.steps) {
    for (const block of step.blocks) {
      for (const statement of block.statements) {
        for (const use of statement.placeholders) {
          if (use.variable === undefined) continue;
          const value = env[use.variable];
          if (value !== undefined && value !== '') out[use.name] = value;
        }
      }
    }
  }
  return out;
}
