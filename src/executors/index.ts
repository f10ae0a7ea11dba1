// The executor registry: one executor per statement kind, sharing the session's SQL connection (so `\i`
// runs in the same session as the blocks around it). The session looks executors up by kind, never by
// switch, and closes the registry when the procedure ends.

import type { Target } from '../database/target.js';
import { PsqlMetaExecutor } from './psql-meta.js';
import { ShellExecutor } from './shell.js';
import { SqlExecutor } from './sql.js';
import type { ExecutorRegistry } from './types.js';

export interface CreateExecutorsOptions {
  target: Target;
  /** What the SQL session connection shows as application_name (`runbook/<session-id>`). */
  applicationName?: string;
}

export type ClosableRegistry = ExecutorRegistry & { close(): Promise<void> };

export function createExecutors(options: CreateExecutorsOptions): ClosableRegistry {
  const sql = new SqlExecutor(options.target, options.applicationName);
  const registry: ExecutorRegistry = {
    sql,
    shell: new ShellExecutor(options.target),
    'psql-meta': new PsqlMetaExecutor(sql),
  };
  // Not enumerable, so `Object.keys(registry)` stays the list of kinds.
  Object.defineProperty(registry, 'close', { value: () => sql.close(), enumerable: false });
  return registry as ClosableRegistry;
}
