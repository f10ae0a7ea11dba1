// The risk of each function our SQL toolkit ships (runbooks/toolkit/*.sql), declared by whoever knows
// what the function does, instead of guessed from its name: `optimize_cache()` only reports (read),
// `cleanup_old_backups(n)` drops backup tables (destructive), `restore_table(..., 'replace')` makes the
// target's rows exactly the backup's, deleting and overwriting rows (destructive) while 'merge' only inserts (write).
//
// The declarations live here, beside the model (which must stay free of I/O, so it cannot read the SQL
// files); a test checks that every function created by runbooks/toolkit/*.sql has an entry, so a new
// toolkit function cannot go undeclared.
//
//   function                                  risk          when
//   backup_recovery.restore_table             destructive   mode 'replace' (the default), or a mode not known before binding
//                                             write         mode 'merge'
//   backup_recovery.cleanup_old_backups       destructive   always (drops backup tables and their catalog rows)
//   performance.kill_long_queries             destructive   always (terminates backends)
//   create_*backup, catalog_copy, perform_maintenance, disaster_recovery_drill, capture_slow_queries,
//   slow_queries, record_read, generate_demo_data   write
//   every other toolkit function              read
import type { Risk } from './model.js';
import type { RiskTargetKind } from './risk-result.js';

export interface ToolkitCall {
  /** Constant argument values by position (undefined where not a constant). */
  positional: (string | undefined)[];
  /** Constant named arguments (`mode => 'merge'`). */
  named: Map<string, string | undefined>;
}

export interface ToolkitVerdict {
  risk: Risk;
  reason: string;
  target?: { kind: RiskTargetKind; name: string };
}

type Declaration = Risk | ((call: ToolkitCall) => ToolkitVerdict);

function arg(call: ToolkitCall, index: number, name: string): string | undefined {
  return call.named.has(name) ? call.named.get(name) : call.positional[index];
}

export const TOOLKIT_RISK: Record<string, { risk: Declaration; does: string }> = {
  'backup_recovery.table_checksum': { risk: 'read', does: 'counts and checksums a table' },
  'backup_recovery.find_backup': { risk: 'read', does: 'looks a backup up in the catalog' },
  'backup_recovery.validate_backup': { risk: 'read', does: 'compares a backup with its catalog checksum' },
  'backup_recovery.health_check': { risk: 'read', does: 'reports backup freshness and validity' },
  'backup_recovery.create_table_backup': { risk: 'write', does: 'copies a table into the backup_recovery schema' },
  'backup_recovery.create_full_backup': { risk: 'write', does: 'copies every application table into the backup_recovery schema' },
  'backup_recovery.perform_maintenance': { risk: 'write', does: 'runs ANALYZE on every public table' },
  'backup_recovery.disaster_recovery_drill': { risk: 'write', does: 'backs a table up, restores it into a scratch table and drops both copies' },
  'backup_recovery.old_backups': { risk: 'read', does: 'lists the backups cleanup_old_backups would drop' },
  'backup_recovery.cleanup_old_backups': { risk: 'destructive', does: 'drops backup tables older than the given number of days' },
  'backup_recovery.restore_table': {
    does: 'restores a backup into a table',
    risk: (call) => {
      const mode = call.named.has('mode') || call.positional.length > 2 ? arg(call, 2, 'mode') : 'replace';
      const table = arg(call, 1, 'target_table');
      const target = table === undefined ? undefined : { kind: 'table' as const, name: table };
      if (mode?.toLowerCase() === 'merge') {
        return { risk: 'write', reason: `restore_table(..., 'merge') inserts the backup's missing rows into ${table ?? 'the target table'}`, ...(target && { target }) };
      }
      const why = mode === undefined ? 'with a mode known only once bound' : `with mode '${mode}'`;
      return { risk: 'destructive', reason: `restore_table ${why} makes ${table ?? 'the target table'} exactly the backup: rows the backup lacks are deleted, the others overwritten`, ...(target && { target }) };
    },
  },
  'backup_recovery.age_status': { risk: 'read', does: 'rates a backup age against its schedule' },
  'backup_recovery.catalog_copy': { risk: 'write', does: 'adds a copy to the backup catalog' },
  'backup_recovery.new_backup_name': { risk: 'read', does: 'picks a free name for a new copy' },
  'backup_recovery.referencing_tables': { risk: 'read', does: 'lists the tables whose foreign keys reference a table' },
  'backup_recovery.maintenance_statements': { risk: 'read', does: 'lists VACUUM statements (running them, e.g. with \\gexec, is a separate step)' },
  'performance.explain_statement': { risk: 'read', does: 'shows the plan of a statement without running it (plain EXPLAIN)' },
  'performance.one_statement': { risk: 'read', does: 'checks that a text holds one statement' },
  'performance.qualified': { risk: 'read', does: 'names a table with its schema' },
  'performance.plan_column': { risk: 'read', does: 'reads a column reference of a plan' },
  'performance.plan_index_candidates': { risk: 'read', does: 'reads index candidates from a plan' },
  'performance.has_index_for': { risk: 'read', does: 'checks whether an index serves some columns' },
  'performance.target': { risk: 'read', does: 'returns a metric target' },
  'performance.slow_query_ms': { risk: 'read', does: 'returns the slow-query limit' },
  'performance.slow_statements': { risk: 'read', does: 'lists slow statements from pg_stat_statements' },
  'performance.slow_queries': { risk: 'write', does: 'records slow statements into performance.slow_query_log (in a read-only transaction it only reads)' },
  'api.record_read': { risk: 'write', does: 'appends a row to the data-access audit log' },
  'api.can_read': { risk: 'read', does: 'checks a read permission' },
  'auth.uid': { risk: 'read', does: 'returns the current user id' },
  'public.demo_pick': { risk: 'read', does: 'hashes a key into a number' },
  'public.generate_demo_data': { risk: 'write', does: 'fills the empty demo tables' },
  'performance.alert_level': { risk: 'read', does: 'rates a metric against the thresholds' },
  'performance.current_metrics': { risk: 'read', does: 'reports current metrics' },
  'performance.dashboard': { risk: 'read', does: 'reports the performance dashboard' },
  'performance.check_alerts': { risk: 'read', does: 'reports metrics over their thresholds' },
  'performance.capture_slow_queries': { risk: 'write', does: 'copies slow statements into performance.slow_query_log' },
  'performance.long_queries': { risk: 'read', does: 'lists the queries kill_long_queries would terminate' },
  'performance.kill_long_queries': { risk: 'destructive', does: 'terminates the backends of queries running longer than the given minutes' },
  'performance.recommend_indexes': { risk: 'read', does: 'suggests indexes' },
  'performance.analyze_query': { risk: 'read', does: 'shows the plan of a statement without running it (plain EXPLAIN)' },
  'performance.optimize_cache': { risk: 'read', does: 'reports cache hit ratios and recommendations' },
};

const BY_NAME = new Map<string, string[]>();
for (const qualified of Object.keys(TOOLKIT_RISK)) {
  const name = qualified.slice(qualified.indexOf('.') + 1);
  BY_NAME.set(name, [...(BY_NAME.get(name) ?? []), qualified]);
}

/** The toolkit function a call's name (schema-qualified or not) names, as `schema.name`, if any. */
export function toolkitName(parts: string[]): string | undefined {
  const lower = parts.map((p) => p.toLowerCase());
  const qualified = lower.length >= 2 ? lower.slice(-2).join('.') : BY_NAME.get(lower[0] ?? '')?.length === 1 ? BY_NAME.get(lower[0]!)![0]! : undefined;
  return qualified !== undefined && qualified in TOOLKIT_RISK ? qualified : undefined;
}

/**
 * The declared verdict for a call of a toolkit function, or undefined when `parts` (the call's name,
 * schema-qualified or not) names none. An unqualified name matches when one toolkit function has it.
 */
export function toolkitVerdict(parts: string[], call: ToolkitCall): ToolkitVerdict | undefined {
  const qualified = toolkitName(parts);
  const entry = qualified === undefined ? undefined : TOOLKIT_RISK[qualified];
  if (!entry) return undefined;
  if (typeof entry.risk === 'function') return entry.risk(call);
  return { risk: entry.risk, reason: `${qualified}() ${entry.does} (declared by the toolkit)` };
}
