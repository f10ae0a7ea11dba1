// Risk of a function call in SQL. A parse tree shows a call, not what the function does, so the
// evidence is, in this order (first match wins):
//
//   call                                       risk          reason (true of the call, not a guess)
//   a function created in the same text        its body's    what the body does
//   a toolkit function (toolkit-risk.ts)       declared      declared by the toolkit, per argument
//   dblink_exec(conn?, sql) / dblink(...)      the SQL's     runs SQL over another connection; destructive
//                                                            when the SQL is not a constant
//   pg_terminate_backend(pid)                  destructive   ends the session of backend <pid>; given the pid
//                                                            column of a SELECT over pg_stat_activity whose
//                                                            WHERE names a role/database/client/pid, that
//                                                            object (the word a typed confirmation asks for)
//   pg_cancel_backend(pid)                     destructive   cancels the running query of backend <pid> (likewise)
//   pg_drop_replication_slot(name)             destructive   drops the slot; its consumer loses its position
//   pg_promote()                               destructive   turns this standby into a primary
//   lo_unlink(oid), pg_file_unlink(path),
//   pg_replication_origin_drop(name)           destructive   deletes the object
//   name with a kill/terminate/cancel word     destructive   by its name
//   name starting drop_/purge_/wipe/destroy_/
//   truncate_/delete_                          destructive   by its name
//   set_config, nextval, pg_reload_conf, ...   write         changes server or session state
//   name starting with a verb that changes
//   things (create_, restore_, cleanup_, ...)  write         by its name
//   anything else                              read
import type { Risk } from './model.js';
import { finding, target, type Finding, type RiskResult, type RiskTarget, type RiskTargetKind } from './risk-result.js';
import { toolkitVerdict, type ToolkitCall } from './toolkit-risk.js';
import { asArray, str, type Node } from './parse-tree.js';

interface Builtin {
  risk: Risk;
  /** Reason; `{0}` is the first constant argument, or a fallback. */
  reason: string;
  target?: RiskTargetKind;
  /** Reason when it is given the pids of a query over pg_stat_activity that names whose: `{0}` is `role eve`. */
  sessions?: string;
}

const BUILTINS: Record<string, Builtin> = {
  pg_terminate_backend: { risk: 'destructive', reason: 'pg_terminate_backend() ends the session of backend {0}', target: 'pid', sessions: 'pg_terminate_backend() ends the sessions of {0}' },
  pg_cancel_backend: { risk: 'destructive', reason: 'pg_cancel_backend() cancels the running query of backend {0}', target: 'pid', sessions: 'pg_cancel_backend() cancels the running queries of {0}' },
  pg_drop_replication_slot: { risk: 'destructive', reason: 'pg_drop_replication_slot() drops replication slot {0}; its consumer loses its position', target: 'slot' },
  pg_promote: { risk: 'destructive', reason: 'pg_promote() turns this standby into a primary' },
  lo_unlink: { risk: 'destructive', reason: 'lo_unlink() deletes large object {0}', target: 'object' },
  pg_file_unlink: { risk: 'destructive', reason: 'pg_file_unlink() deletes the server file {0}', target: 'file' },
  pg_replication_origin_drop: { risk: 'destructive', reason: 'pg_replication_origin_drop() drops replication origin {0}', target: 'object' },
  set_config: { risk: 'write', reason: 'set_config() changes a setting' },
  nextval: { risk: 'write', reason: 'nextval() advances a sequence' },
  setval: { risk: 'write', reason: 'setval() sets a sequence' },
  pg_reload_conf: { risk: 'write', reason: 'pg_reload_conf() makes the server re-read its configuration' },
  pg_rotate_logfile: { risk: 'write', reason: 'pg_rotate_logfile() starts a new server log file' },
  pg_switch_wal: { risk: 'write', reason: 'pg_switch_wal() starts a new WAL file' },
  pg_create_restore_point: { risk: 'write', reason: 'pg_create_restore_point() writes a restore point to WAL' },
  pg_stat_statements_reset: { risk: 'write', reason: 'pg_stat_statements_reset() discards statement statistics' },
  pg_advisory_lock: { risk: 'write', reason: 'pg_advisory_lock() takes a lock' },
  pg_advisory_xact_lock: { risk: 'write', reason: 'pg_advisory_xact_lock() takes a lock' },
  lo_import: { risk: 'write', reason: 'lo_import() loads a server file into a large object' },
  lo_export: { risk: 'write', reason: 'lo_export() writes a large object to a server file {0}' },
  pg_file_write: { risk: 'write', reason: 'pg_file_write() writes a server file {0}' },
  pg_create_physical_replication_slot: { risk: 'write', reason: 'creates replication slot {0}' },
  pg_create_logical_replication_slot: { risk: 'write', reason: 'creates replication slot {0}' },
  pg_logical_slot_get_changes: { risk: 'write', reason: 'pg_logical_slot_get_changes() consumes the slot\'s changes' },
  pg_wal_replay_pause: { risk: 'write', reason: 'pg_wal_replay_pause() pauses recovery' },
  pg_wal_replay_resume: { risk: 'write', reason: 'pg_wal_replay_resume() resumes recovery' },
};
const DESTRUCTIVE_WORDS = new Set(['kill', 'terminate', 'cancel']);
const DESTRUCTIVE_FIRST = new Set(['drop', 'purge', 'wipe', 'destroy', 'truncate', 'delete']);
const WRITE_VERBS = new Set([
  'create', 'restore', 'cleanup', 'clean', 'perform', 'optimize', 'insert', 'update', 'upsert', 'reset',
  'refresh', 'vacuum', 'reindex', 'archive', 'rotate', 'apply', 'run', 'execute', 'exec', 'set', 'grant',
  'revoke', 'enable', 'disable', 'repair', 'fix', 'migrate', 'rebuild', 'analyze', 'import', 'load', 'sync',
  'move', 'rename', 'remove', 'add', 'modify', 'alter', 'send', 'notify', 'schedule', 'start', 'stop', 'lock',
  'promote', 'reload', 'switch', 'write', 'backup', 'capture', 'record', 'generate', 'log',
]);

export interface CallContext {
  /** Classifies SQL text found in a constant argument (dblink). */
  classifySql(text: string): RiskResult;
  /** Functions created earlier in the same text, by lower-case name, with their body's risk. */
  local: Map<string, RiskResult>;
  /** A constant string or number, folded from literals, casts and `||`. */
  constant(node: unknown): string | undefined;
  /** Whose sessions the SELECT around the call picks from pg_stat_activity (sessionsSelected), if it names them. */
  sessions?: RiskTarget;
}

/** pg_stat_activity's columns that name whose sessions a query picks, and what the name is. */
const SESSION_COLUMNS: Record<string, RiskTargetKind> = { usename: 'role', datname: 'database', client_addr: 'host', pid: 'pid' };

/**
 * The object a SELECT over pg_stat_activity alone names by `column = constant` in its WHERE (at its top
 * or under AND, never under OR): `WHERE usename = 'eve' AND state = 'idle'` picks the sessions of the
 * role eve. Undefined when it names none (a state or an age is not an object to type).
 */
export function sessionsSelected(select: Node, constant: (node: unknown) => string | undefined): RiskTarget | undefined {
  const from = asArray(select.fromClause);
  const relation = (from[0] as Node | undefined)?.RangeVar as Node | undefined;
  if (from.length !== 1 || str(relation?.relname) !== 'pg_stat_activity' || !['pg_catalog', undefined].includes(str(relation?.schemaname))) return undefined;
  const named: RiskTarget[] = [];
  const walk = (expr: unknown): void => {
    const e = expr as Node | undefined;
    const and = e?.BoolExpr as Node | undefined;
    if (and) {
      if (and.boolop === 'AND_EXPR') asArray(and.args).forEach(walk);
      return;
    }
    const op = e?.A_Expr as Node | undefined;
    if (!op || op.kind !== 'AEXPR_OP' || str(((asArray(op.name).at(-1) as Node | undefined)?.String as Node | undefined)?.sval) !== '=') return;
    for (const [column, value] of [[op.lexpr, op.rexpr], [op.rexpr, op.lexpr]]) {
      const ref = (column as Node | undefined)?.ColumnRef as Node | undefined;
      const name = str(((asArray(ref?.fields).at(-1) as Node | undefined)?.String as Node | undefined)?.sval);
      const kind = name === undefined ? undefined : SESSION_COLUMNS[name];
      const t = kind ? target(kind, constant(value)) : undefined;
      if (t) named.push(t);
    }
  };
  walk(select.whereClause);
  // Most specific first: one backend, then a role's, a host's, a database's sessions.
  const order: RiskTargetKind[] = ['pid', 'role', 'host', 'database'];
  return named.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))[0];
}

const KIND_WORDS: Partial<Record<RiskTargetKind, string>> = { role: 'role', database: 'database', host: 'client' };

export function callFindings(call: Node, ctx: CallContext): Finding[] {
  const parts = asArray(call.funcname).map((n) => str(((n as Node).String as Node | undefined)?.sval) ?? '');
  const name = (parts.at(-1) ?? '').toLowerCase();
  const qualified = parts.join('.');
  const args = asArray(call.args);
  const constants: ToolkitCall = { positional: [], named: new Map() };
  for (const a of args) {
    const named = (a as Node).NamedArgExpr as Node | undefined;
    if (named) constants.named.set(str(named.name) ?? '', ctx.constant(named.arg));
    else constants.positional.push(ctx.constant(a));
  }

  const local = ctx.local.get(name);
  if (local) {
    return local.reasons.map((r) => finding(local.risk, `${qualified}() ${local.risk === 'read' ? 'reads' : 'runs'}: ${r}`));
  }
  const declared = toolkitVerdict(parts, constants);
  if (declared) return [finding(declared.risk, declared.reason, declared.target)];
  if (name === 'dblink_exec' || name === 'dblink') return dblink(name, args, constants, ctx);

  const builtin = BUILTINS[name] ?? (name.startsWith('pg_stat_reset') ? { risk: 'write' as const, reason: `${name}() discards statistics` } : undefined);
  if (builtin) {
    const first = constants.positional[0];
    if (first === undefined && builtin.sessions && ctx.sessions && (args[0] as Node | undefined)?.ColumnRef) {
      const { kind, name: whose } = ctx.sessions;
      const reason = kind === 'pid' ? builtin.reason.replace('{0}', whose) : builtin.sessions.replace('{0}', `${KIND_WORDS[kind] ?? kind} ${whose}`);
      return [finding(builtin.risk, reason, ctx.sessions)];
    }
    const reason = builtin.reason.replace(' {0}', first === undefined ? (builtin.target === 'pid' ? '(s) it is given' : '') : ` ${first}`);
    return [finding(builtin.risk, reason, builtin.target ? target(builtin.target, first) : undefined)];
  }
  const words = name.split('_').filter((w) => w !== '');
  const verb = words[0] === 'pg' ? (words[1] ?? '') : (words[0] ?? '');
  if (words.some((w) => DESTRUCTIVE_WORDS.has(w))) return [finding('destructive', `${qualified}() kills, terminates or cancels something (by its name)`)];
  if (DESTRUCTIVE_FIRST.has(verb)) return [finding('destructive', `${qualified}() is named to ${verb} things (by its name)`)];
  if (WRITE_VERBS.has(verb)) return [finding('write', `${qualified}() may change data (by its name)`)];
  return [];
}

function dblink(name: string, args: unknown[], constants: ToolkitCall, ctx: CallContext): Finding[] {
  // dblink_exec(sql) / dblink_exec(conn, sql [, fail]); dblink likewise. The SQL is the last text
  // argument before an optional boolean.
  const sqlIndex = args.length >= 2 ? 1 : 0;
  const sql = constants.positional[sqlIndex];
  if (sql === undefined) {
    return [finding('destructive', `${name}() runs SQL that is not a constant, on another connection: it cannot be read before it runs`)];
  }
  const inner = ctx.classifySql(sql);
  if (inner.syntaxError) return [finding('destructive', `${name}() runs SQL the parser rejects (${inner.syntaxError.message})`)];
  const reasons = inner.reasons.length > 0 ? inner.reasons : ['nothing'];
  return reasons.map((r, i) => {
    const f = finding(inner.risk, `${name}() runs on another connection: ${r}`);
    if (i === 0 && inner.targets) f.targets = inner.targets;
    return f;
  });
}
