// The blast-radius preview, planned from PostgreSQL's parse tree: for a write or destructive SQL
// statement, the read-only queries ("probes") that show what it would touch, without touching it. The
// session runs them (session/preview.ts) read-only, in a transaction it rolls back, under a short
// statement_timeout; preview-read.ts turns their rows into what the operator sees. Pure: text in, plan out.
//
//   statement                                   probe      what it shows
//   DELETE / UPDATE / MERGE / INSERT ... SELECT  count      the same FROM/WHERE (USING, join, SELECT) as a
//                                                           count; EXPLAIN's estimate when the count runs out of time
//   TRUNCATE, DROP TABLE / MATERIALIZED VIEW     tables     each table's rows and size (TRUNCATE CASCADE: the
//                                                           tables whose foreign keys reach it too)
//   pg_terminate_backend / pg_cancel_backend     sessions   the sessions the same query selects, this one marked
//   REVOKE (privileges, role membership)         grants     the grants the roles hold there now
//   ALTER SYSTEM / ALTER DATABASE ... SET        settings   the current value beside the new one
//   ALTER DATABASE ... CONNECTION LIMIT / ALLOW_CONNECTIONS, DROP DATABASE     database settings, sessions connected
//   DDL (ALTER TABLE, DROP, TRUNCATE, CREATE INDEX, REINDEX, CLUSTER, VACUUM, LOCK, ...)
//                                                locks      the lock it takes and the sessions holding or awaiting
//                                                           a conflicting one; the real run gets a lock_timeout
//   toolkit functions declared destructive       (toolkit-preview.ts)
//
// Every probe is classified like any statement before it is planned and must be `read`: a rewrite that
// would still terminate a backend (the call sat in the WHERE clause) is dropped, and the plan says so.
import { parseSql } from './sql-parser.js';
import { asArray, isFalse, type Node } from './parse-tree.js';
import { classifySqlText } from './risk-sql.js';
import { countProbe, sessionsProbe } from './preview-rewrite.js';
import { databaseProbes, grantsProbe, settingsProbe, tablesProbe } from './preview-catalog.js';
import { lockOf, locksProbe } from './preview-locks.js';
import type { PreviewPlan, Probe } from './preview-probe.js';
import { toolkitProbes } from './toolkit-preview.js';

export type { LockMode, PreviewPlan, Probe, ProbeKind } from './preview-probe.js';

/** Outcome of a statement that is not one statement the parser accepts. */
function none(what: string, why: string): PreviewPlan {
  return { what, probes: [], unavailable: why };
}

/** Plans the preview of one SQL statement (parameters already bound). Needs the parser and deparser loaded. */
export function planPreview(text: string): PreviewPlan {
  const parsed = parseSql(text);
  if (!parsed.ok) return none('this statement', `the SQL parser rejects it (${parsed.message})`);
  if (parsed.stmts.length !== 1) return none('this text', parsed.stmts.length === 0 ? 'it holds no statement' : 'it holds more than one statement');
  let stmt = (parsed.stmts[0] as Node).stmt as Node;
  // EXPLAIN ANALYZE runs what it explains: preview that.
  const explain = stmt.ExplainStmt as Node | undefined;
  if (explain && asArray(explain.options).some((o) => ((o as Node).DefElem as Node | undefined)?.defname === 'analyze' && !isFalse(((o as Node).DefElem as Node).arg))) {
    stmt = explain.query as Node;
  }
  const [type, node] = Object.entries(stmt)[0] as [string, Node];
  const plan: PreviewPlan = { what: label(type, node), probes: [] };
  const notes: string[] = [];
  const add = (made: Probe | string | undefined | (Probe | string)[]) => {
    for (const m of Array.isArray(made) ? made : [made]) {
      if (typeof m === 'string') notes.push(m);
      else if (m !== undefined) plan.probes.push(m);
    }
  };
  switch (type) {
    case 'DeleteStmt':
    case 'UpdateStmt':
    case 'MergeStmt':
    case 'InsertStmt':
      add(countProbe(type, node, stmt));
      break;
    case 'TruncateStmt':
    case 'DropStmt':
      add(tablesProbe(type, node));
      break;
    case 'GrantStmt':
    case 'GrantRoleStmt':
      if (node.is_grant !== true) add(grantsProbe(type, node));
      break;
    case 'AlterSystemStmt':
    case 'AlterDatabaseSetStmt':
      add(settingsProbe(type, node));
      break;
    case 'AlterDatabaseStmt':
    case 'DropdbStmt':
      add(databaseProbes(type, node));
      break;
  }
  add(sessionsProbe(stmt));
  add(toolkitProbes(stmt));
  const lock = lockOf(type, node);
  if (lock) {
    plan.lock = lock;
    add(locksProbe(lock));
  }
  // The safety net: a probe that is not read is never run.
  plan.probes = plan.probes.filter((p) => {
    const risky = [p.sql, p.estimate].filter((s): s is string => s !== undefined).some((s) => classifySqlText(s).risk !== 'read');
    if (risky) notes.push(`its ${p.kind} preview would not be read-only`);
    return !risky;
  });
  if (notes.length > 0) plan.unavailable = notes.join('; ');
  return plan;
}

const LABELS: Record<string, string> = {
  DeleteStmt: 'DELETE', UpdateStmt: 'UPDATE', MergeStmt: 'MERGE', InsertStmt: 'INSERT', TruncateStmt: 'TRUNCATE',
  GrantStmt: 'REVOKE', GrantRoleStmt: 'REVOKE', AlterSystemStmt: 'ALTER SYSTEM', AlterDatabaseSetStmt: 'ALTER DATABASE',
  AlterDatabaseStmt: 'ALTER DATABASE', DropdbStmt: 'DROP DATABASE', SelectStmt: 'this SELECT', AlterTableStmt: 'ALTER TABLE',
  IndexStmt: 'CREATE INDEX', VacuumStmt: 'VACUUM', ReindexStmt: 'REINDEX', ClusterStmt: 'CLUSTER', LockStmt: 'LOCK',
};

function label(type: string, node: Node): string {
  if (type === 'DropStmt') return `DROP ${String(node.removeType ?? 'OBJECT').replace(/^OBJECT_/, '').replace(/_/g, ' ')}`;
  return LABELS[type] ?? type.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}
