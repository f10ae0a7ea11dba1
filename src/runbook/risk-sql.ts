// Risk of SQL text, decided by walking PostgreSQL's own parse tree (libpg-query), never by regex:
// a DELETE is "without WHERE" because the DeleteStmt node has no whereClause, a REVOKE is a GrantStmt
// with is_grant false, pg_terminate_backend is a FuncCall anywhere in the tree (targets, CTEs, WHERE).
//
// Function side effects cannot be seen in a tree; the function's name is the only evidence, so:
// - pg_terminate_backend / pg_cancel_backend, and any function whose name has a `kill`, `terminate`
//   or `cancel` word (e.g. performance.kill_long_queries, which terminates backends), are destructive;
// - functions named after a verb that changes things (create_*, restore_*, cleanup_*, perform_*,
//   optimize_*, analyze_*, reset, ...) and a few known built-ins (set_config, nextval, pg_reload_conf,
//   ...) are write;
// - every other function is read (count, now, pg_size_pretty, performance.dashboard, health_check).
// Placeholders are replaced by parseable dummies first; a pasted SQL fragment makes the statement at
// least `write` because its real content is only known once bound (the session re-classifies then).
import type { PlaceholderUse, Risk } from './model.js';
import { maxRisk } from './model.js';
import { findPlaceholders } from './placeholders.js';
import { parseSql } from './sql-parser.js';
import { asArray, dropTarget, isFalse, objectType, relationName, roleName, str, type Node } from './parse-tree.js';

export interface RiskResult {
  risk: Risk;
  reasons: string[];
  confirmTarget?: string;
  syntaxError?: { message: string; offset: number };
}

interface Finding {
  risk: Risk;
  reason: string;
  target?: string;
}

const DESTRUCTIVE_FUNCTIONS = new Set(['pg_terminate_backend', 'pg_cancel_backend', 'pg_drop_replication_slot']);
const DESTRUCTIVE_WORDS = new Set(['kill', 'terminate', 'cancel']);
const WRITE_FUNCTIONS = new Set([
  'set_config', 'nextval', 'setval', 'pg_reload_conf', 'pg_rotate_logfile', 'pg_switch_wal',
  'pg_create_restore_point', 'pg_stat_reset', 'pg_stat_statements_reset', 'pg_advisory_lock',
  'pg_advisory_xact_lock', 'lo_import', 'lo_export', 'lo_unlink', 'dblink_exec', 'pg_promote',
  'pg_create_physical_replication_slot', 'pg_create_logical_replication_slot', 'pg_file_write',
  'disaster_recovery_drill',
]);
const WRITE_VERBS = new Set([
  'create', 'restore', 'cleanup', 'clean', 'perform', 'optimize', 'drop', 'delete', 'insert', 'update',
  'upsert', 'reset', 'refresh', 'purge', 'truncate', 'vacuum', 'reindex', 'archive', 'rotate', 'apply',
  'run', 'execute', 'exec', 'set', 'grant', 'revoke', 'enable', 'disable', 'repair', 'fix', 'migrate',
  'rebuild', 'analyze', 'import', 'load', 'sync', 'move', 'rename', 'remove', 'add', 'modify', 'alter',
  'send', 'notify', 'schedule', 'start', 'stop', 'lock', 'promote', 'reload', 'switch', 'write', 'backup',
]);
const READ_STATEMENTS: Record<string, string> = {
  VariableShowStmt: 'SHOW',
  TransactionStmt: 'transaction control',
  ListenStmt: 'LISTEN',
  UnlistenStmt: 'UNLISTEN',
  DeclareCursorStmt: 'DECLARE CURSOR',
  FetchStmt: 'FETCH',
  ClosePortalStmt: 'CLOSE',
  PrepareStmt: 'PREPARE',
  DeallocateStmt: 'DEALLOCATE',
};
const STATEMENT_LABELS: Record<string, string> = {
  CreateStmt: 'CREATE TABLE', IndexStmt: 'CREATE INDEX', ViewStmt: 'CREATE VIEW', NotifyStmt: 'NOTIFY',
  CreateFunctionStmt: 'CREATE FUNCTION', CommentStmt: 'COMMENT', AlterTableStmt: 'ALTER TABLE',
  DoStmt: 'DO block', CallStmt: 'CALL', LockStmt: 'LOCK', CreateTableAsStmt: 'CREATE TABLE AS',
  RefreshMatViewStmt: 'REFRESH MATERIALIZED VIEW', VariableSetStmt: 'SET', InsertStmt: 'INSERT',
  MergeStmt: 'MERGE', CheckPointStmt: 'CHECKPOINT', ExecuteStmt: 'EXECUTE', CopyStmt: 'COPY FROM',
};

export function classifySqlText(text: string): RiskResult {
  const placeholders = findPlaceholders(text, 'sql');
  const { sql, toOriginal, dummies } = substitute(text, placeholders);
  const parsed = parseSql(sql);
  if (!parsed.ok) {
    const offset = toOriginal(parsed.offset);
    return {
      risk: 'write',
      reasons: [`the SQL parser rejected it: ${parsed.message}`],
      syntaxError: { message: parsed.message, offset },
    };
  }
  const findings: Finding[] = [];
  for (const raw of parsed.stmts) visit((raw as Node).stmt, findings, true);
  if (placeholders.some((p) => p.context === 'sql-fragment')) {
    findings.push({ risk: 'write', reason: 'runs SQL pasted at run time (re-checked once bound)' });
  }
  return summarize(findings, dummies);
}

export function summarize(findings: Finding[], dummies = new Map<string, string>()): RiskResult {
  if (findings.length === 0) return { risk: 'read', reasons: [] };
  const risk = findings.reduce<Risk>((max, f) => maxRisk(max, f.risk), 'read');
  const top = findings.filter((f) => f.risk === risk);
  const result: RiskResult = { risk, reasons: [...new Set(top.map((f) => f.reason))] };
  const target = top.find((f) => f.target !== undefined)?.target;
  if (target !== undefined && risk === 'destructive') {
    // `public.[table]` parsed as public.placeholder_table: show the operator the placeholder again.
    result.confirmTarget = target.replace(/placeholder_[a-z0-9_]*/g, (dummy) => dummies.get(dummy) ?? dummy);
  }
  return result;
}

/** Placeholders -> dummies the grammar accepts, plus a map from parsed offsets back to the original. */
function substitute(text: string, uses: PlaceholderUse[]) {
  const dummies = new Map<string, string>();
  const edits: { at: number; from: number; to: number }[] = [];
  let sql = '';
  let last = 0;
  for (const use of uses) {
    let dummy: string;
    if (use.context === 'sql-identifier') {
      dummy = `placeholder_${use.name || 'x'}`;
      dummies.set(dummy, use.token.replace(/^"|"$/g, ''));
      if (use.token.startsWith('"')) dummy = `"${dummy}"`;
    } else if (use.context === 'sql-fragment') {
      dummy = /condition|where/.test(use.name) ? 'TRUE' : 'SELECT 1';
    } else {
      // Inside a longer string the dummy must not close the quotes; elsewhere it is a whole literal.
      dummy = use.inString ? 'x' : "'x'";
    }
    sql += text.slice(last, use.offset);
    edits.push({ at: sql.length, from: use.token.length, to: dummy.length });
    sql += dummy;
    last = use.offset + use.token.length;
  }
  sql += text.slice(last);
  const toOriginal = (offset: number): number => {
    let delta = 0;
    for (const edit of edits) {
      if (offset < edit.at) break;
      if (offset < edit.at + edit.to) return edit.at - delta;
      delta += edit.to - edit.from;
    }
    return Math.max(0, Math.min(text.length, offset - delta));
  };
  return { sql, toOriginal, dummies };
}

function visit(value: unknown, findings: Finding[], top = false): void {
  if (Array.isArray(value)) {
    for (const item of value) visit(item, findings);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as Node)) {
    // Node types are the keys that start with an upper-case letter (A-Z).
    const first = key.charCodeAt(0);
    if (first >= 65 && first <= 90 && child !== null && typeof child === 'object') {
      if (inspect(key, child as Node, findings, top)) visit(child, findings);
    } else visit(child, findings);
  }
}

/** Records what one node means; returns whether its children should be walked. */
function inspect(type: string, node: Node, findings: Finding[], top: boolean): boolean {
  const add = (risk: Risk, reason: string, target?: string): void => {
    findings.push(target === undefined ? { risk, reason } : { risk, reason, target });
  };
  switch (type) {
    case 'SelectStmt':
      if (node.intoClause) add('write', 'SELECT INTO creates a table');
      else if (node.lockingClause) add('write', 'SELECT ... FOR UPDATE/SHARE locks rows');
      else if (top) add('read', 'SELECT');
      return true;
    case 'ExplainStmt': {
      const analyze = asArray(node.options).some((o) => {
        const def = (o as Node).DefElem as Node | undefined;
        return def?.defname === 'analyze' && !isFalse(def.arg);
      });
      if (!analyze) {
        add('read', 'EXPLAIN (plan only)');
        return false;
      }
      add('read', 'EXPLAIN ANALYZE runs the statement it explains');
      return true;
    }
    case 'DeleteStmt':
    case 'UpdateStmt': {
      const verb = type === 'DeleteStmt' ? 'DELETE' : 'UPDATE';
      const table = relationName(node.relation);
      if (node.whereClause) add('write', verb);
      else add('destructive', `${verb} without WHERE`, table);
      return true;
    }
    case 'DropStmt':
      add('destructive', `DROP ${objectType(node.removeType)}`, dropTarget(node.objects));
      return true;
    case 'DropdbStmt':
      add('destructive', 'DROP DATABASE', str(node.dbname));
      return true;
    case 'DropRoleStmt':
      add('destructive', 'DROP ROLE', roleName(asArray(node.roles)[0]));
      return true;
    case 'DropOwnedStmt':
    case 'DropTableSpaceStmt':
    case 'DropSubscriptionStmt':
    case 'DropUserMappingStmt':
      add('destructive', label(type));
      return true;
    case 'TruncateStmt':
      add('destructive', 'TRUNCATE', relationName((asArray(node.relations)[0] as Node | undefined)?.RangeVar));
      return true;
    case 'GrantStmt':
    case 'GrantRoleStmt':
      if (node.is_grant === true) add('write', 'GRANT');
      else add('destructive', 'REVOKE', roleName(asArray(node.grantees ?? node.grantee_roles)[0]));
      return true;
    case 'AlterDatabaseStmt':
    case 'AlterDatabaseSetStmt':
    case 'AlterDatabaseRefreshCollStmt':
      add('destructive', 'ALTER DATABASE', str(node.dbname));
      return false;
    case 'AlterSystemStmt':
      add('destructive', 'ALTER SYSTEM', str((node.setstmt as Node | undefined)?.name));
      return false;
    case 'VacuumStmt': {
      const full = asArray(node.options).some((o) => ((o as Node).DefElem as Node | undefined)?.defname === 'full');
      const first = ((asArray(node.rels)[0] as Node | undefined)?.VacuumRelation as Node | undefined)?.relation;
      if (node.is_vacuumcmd !== true) add('write', 'ANALYZE');
      else if (full) add('destructive', 'VACUUM FULL', relationName(first));
      else add('write', 'VACUUM');
      return false;
    }
    case 'ReindexStmt':
      add('destructive', 'REINDEX', relationName(node.relation) ?? str(node.name));
      return false;
    case 'ClusterStmt':
      add('destructive', 'CLUSTER', relationName(node.relation));
      return false;
    case 'AlterTableCmd':
      if (node.subtype === 'AT_DropColumn') add('destructive', 'ALTER TABLE ... DROP COLUMN', str(node.name));
      return true;
    case 'RenameStmt':
      if (node.renameType === 'OBJECT_DATABASE') add('destructive', 'ALTER DATABASE ... RENAME', str(node.subname));
      else add('write', 'ALTER ... RENAME');
      return true;
    case 'CopyStmt':
      if (node.is_from === true) add('write', 'COPY FROM');
      else if (node.filename !== undefined || node.is_program === true) add('write', 'COPY TO a server file or program');
      else add('read', 'COPY TO');
      return true;
    case 'FuncCall':
      inspectFunction(asArray(node.funcname).map((n) => str((n as Node).String && ((n as Node).String as Node).sval) ?? ''), add);
      return true;
  }
  if (type in READ_STATEMENTS) add('read', READ_STATEMENTS[type]!);
  else if (type.endsWith('Stmt')) add('write', label(type));
  return true;
}

function inspectFunction(parts: string[], add: (risk: Risk, reason: string) => void): void {
  const name = (parts[parts.length - 1] ?? '').toLowerCase();
  const qualified = parts.join('.');
  const words = name.split('_').filter((w) => w !== '');
  if (DESTRUCTIVE_FUNCTIONS.has(name)) add('destructive', `${name}() ends other sessions' work`);
  else if (words.some((w) => DESTRUCTIVE_WORDS.has(w))) add('destructive', `${qualified}() terminates or cancels backends (by its name)`);
  else if (WRITE_FUNCTIONS.has(name) || name.startsWith('pg_stat_reset')) add('write', `${qualified}() changes state`);
  else if (WRITE_VERBS.has(words[0] === 'pg' ? (words[1] ?? '') : (words[0] ?? ''))) {
    add('write', `${qualified}() may change data (by its name)`);
  }
}

function label(type: string): string {
  return STATEMENT_LABELS[type] ?? type.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}
