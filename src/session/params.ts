// Where placeholder values can come from besides the operator: a declared default, or the current
// target for connection-shaped names (`psql -h [host] -U [user] -d [database]` means this target).

import type { Procedure } from '../runbook/model.js';
import type { Target } from '../database/target.js';

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
