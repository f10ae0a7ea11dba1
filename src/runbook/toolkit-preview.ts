// Previews of our toolkit's functions that change things (declared in toolkit-risk.ts), read through the
// toolkit's own read-only twins so the preview and the function share one definition:
//
//   call                                       probe      shows
//   performance.kill_long_queries(n)           sessions   performance.long_queries(n): the queries it ends
//   backup_recovery.cleanup_old_backups(n)     backups    backup_recovery.old_backups(n): the copies it drops
//   backup_recovery.restore_table(b, t, mode)  restore    the backup's rows (catalog) and the target's rows now
//
// Arguments must be constants (they are, once bound); any other toolkit function that writes gets no
// preview, and the plan says so.
import { asArray, str, type Node } from './parse-tree.js';
import { constantOf } from './risk-sql-dynamic.js';
import { literal } from './sql-deparse.js';
import { SESSION_COLUMNS } from './preview-rewrite.js';
import { TOOLKIT_RISK, toolkitName } from './toolkit-risk.js';
import type { Probe } from './preview-probe.js';

const EXACT_ROWS = `(xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %s', x.oid::regclass), false, true, '')))[1]::text::bigint`;

function calls(value: unknown, found: Node[] = []): Node[] {
  if (Array.isArray(value)) value.forEach((v) => calls(v, found));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Node)) {
      if (k === 'FuncCall') found.push(v as Node);
      calls(v, found);
    }
  }
  return found;
}

interface Args {
  positional: (string | undefined)[];
  named: Map<string, string | undefined>;
}

function argsOf(call: Node): Args {
  const out: Args = { positional: [], named: new Map() };
  for (const a of asArray(call.args)) {
    const named = (a as Node).NamedArgExpr as Node | undefined;
    if (named) out.named.set(str(named.name) ?? '', constantOf(named.arg));
    else out.positional.push(constantOf(a));
  }
  return out;
}

function arg(args: Args, index: number, name: string): string | undefined {
  return args.named.has(name) ? args.named.get(name) : args.positional[index];
}

const integer = (value: string | undefined) => (value !== undefined && /^-?\d+$/.test(value.trim()) ? value.trim() : undefined);

/** Probes for the toolkit calls a statement makes; a string says which calls have none. */
export function toolkitProbes(stmt: Node): (Probe | string)[] {
  const out: (Probe | string)[] = [];
  for (const call of calls(stmt)) {
    const parts = asArray(call.funcname).map((n) => str(((n as Node).String as Node | undefined)?.sval) ?? '');
    const name = toolkitName(parts);
    if (!name || TOOLKIT_RISK[name]!.risk === 'read') continue;
    const args = argsOf(call);
    const short = name.slice(name.indexOf('.') + 1);
    if (name === 'performance.kill_long_queries') {
      const minutes = integer(arg(args, 0, 'minutes'));
      if (minutes === undefined) out.push(`${short}()'s minutes are not a constant`);
      else out.push({ kind: 'sessions', sql: `SELECT ${SESSION_COLUMNS} FROM pg_stat_activity a WHERE a.pid IN (SELECT l.pid FROM performance.long_queries(${minutes}) l) ORDER BY a.pid`, label: `queries ${short}(${minutes}) ends` });
    } else if (name === 'backup_recovery.cleanup_old_backups') {
      const days = integer(arg(args, 0, 'days'));
      if (days === undefined) out.push(`${short}()'s days are not a constant`);
      else {
        const sql = `SELECT o.backup_name AS backup, o.created_at::text AS created_at, o.row_count AS rows, pg_total_relation_size(to_regclass('backup_recovery.' || quote_ident(o.backup_name))) AS bytes FROM backup_recovery.old_backups(${days}) o`;
        out.push({ kind: 'backups', sql, label: `backups ${short}(${days}) drops` });
      }
    } else if (name === 'backup_recovery.restore_table') {
      const backup = arg(args, 0, 'backup_name');
      const target = arg(args, 1, 'target_table');
      const mode = args.named.has('mode') || args.positional.length > 2 ? arg(args, 2, 'mode') : 'replace';
      if (backup === undefined || target === undefined || mode === undefined) out.push(`${short}()'s arguments are not constants`);
      else {
        const sql = `SELECT c.backup_name AS backup, c.row_count AS backup_rows, ${literal(target)} AS target, CASE WHEN x.oid IS NOT NULL THEN ${EXACT_ROWS} END AS target_rows, ${literal(mode.toLowerCase())} AS mode
FROM backup_recovery.find_backup(${literal(backup)}) c LEFT JOIN pg_class x ON x.oid = to_regclass(${literal(target)})`;
        out.push({ kind: 'restore', sql, label: `${short}(${mode})` });
      }
    } else out.push(`${name}() has no preview`);
  }
  return out;
}
