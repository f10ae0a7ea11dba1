// Risk of SQL text, decided by walking PostgreSQL's own parse tree (libpg-query), never by regex:
// a DELETE is "without WHERE" because the DeleteStmt node has no whereClause (or one that is always
// true), a REVOKE is a GrantStmt with is_grant false, pg_terminate_backend is a FuncCall anywhere in
// the tree (targets, CTEs, WHERE). One case per node type, in `inspect`:
//
//   node                                         risk          target
//   DROP ..., DROP DATABASE/ROLE/OWNED, TRUNCATE destructive   the first object
//   DELETE/UPDATE without WHERE or WHERE true    destructive   the table
//   MERGE ... WHEN ... THEN DELETE               destructive   the table
//   REVOKE, ALTER DATABASE (SET, RENAME, OWNER), ALTER SYSTEM, VACUUM FULL, REINDEX, CLUSTER,
//   ALTER TABLE DROP COLUMN / DROP CONSTRAINT    destructive   the object
//   COPY ... TO/FROM PROGRAM                     destructive   the program (an OS command run as the server's user)
//   DO / CREATE FUNCTION bodies                  what the body runs (risk-sql-dynamic.ts); creating a
//                                                function is write, its body is judged where it is called
//   function calls                               risk-sql-functions.ts (toolkit declarations, built-ins, names)
//   other DML/DDL, GRANT, SET, COPY FROM/TO file write
//   SELECT, SHOW, EXPLAIN (plan only), ...       read; EXPLAIN ANALYZE takes the risk of what it runs
//   BEGIN / START TRANSACTION READ WRITE         write (it overrides a read-only default: --read-only's PGOPTIONS)
//   text the parser rejects                      the lexical scan: destructive or write, never read
//
// Placeholders are replaced by parseable dummies first; a pasted SQL fragment makes the statement at
// least `write` because its real content is only known once bound (the session re-classifies then).
import type { PlaceholderUse, Risk } from './model.js';
import { findPlaceholders } from './placeholders.js';
import { parseSql } from './sql-parser.js';
import { asArray, dropTarget, isFalse, objectType, relationName, roleName, str, type Node } from './parse-tree.js';
import { finding, summarize, target, type Finding, type RiskResult, type RiskTarget } from './risk-result.js';
import { callFindings, sessionsSelected } from './risk-sql-functions.js';
import { constantOf, isConstantTrue, lexicalFindings, plpgsqlFindings } from './risk-sql-dynamic.js';

export type { RiskResult } from './risk-result.js';

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
/** Why a plain SELECT is a read, in an operator's words: none of the things that would make it write. */
export const READ_SELECT = 'SELECT reads only: no INTO, no FOR UPDATE, no function known to write';
/** SQL inside SQL (EXECUTE strings, dblink, bodies) is read this many levels deep, then judged unreadable. */
const MAX_DEPTH = 6;

/** What one classification carries while walking: findings, the text, local functions, nesting. */
interface Walk {
  findings: Finding[];
  text: string;
  /** The statement being walked (its text), for PL/pgSQL bodies. */
  statement: string;
  local: Map<string, RiskResult>;
  depth: number;
  /** Whose sessions the SELECT being walked picks from pg_stat_activity (risk-sql-functions.ts). */
  sessions?: RiskTarget;
}

export function classifySqlText(text: string, depth = 0): RiskResult {
  const placeholders = findPlaceholders(text, 'sql');
  const { sql, toOriginal, dummies } = substitute(text, placeholders);
  const parsed = parseSql(sql);
  const rename = (name: string) => name.replace(/placeholder_[a-z0-9_]*/g, (dummy) => dummies.get(dummy) ?? dummy);
  if (!parsed.ok) {
    const offset = toOriginal(parsed.offset);
    const result = summarize(lexicalFindings(text, `the SQL parser rejected it (${parsed.message})`), rename);
    result.syntaxError = { message: parsed.message, offset };
    result.syntaxErrors = [{ language: 'sql', message: parsed.message, offset }];
    return result;
  }
  const walk: Walk = { findings: [], text: sql, statement: sql, local: new Map(), depth };
  for (const raw of parsed.stmts) {
    const stmt = raw as Node;
    const from = typeof stmt.stmt_location === 'number' ? stmt.stmt_location : 0;
    walk.statement = typeof stmt.stmt_len === 'number' && stmt.stmt_len > 0 ? sql.slice(from, from + stmt.stmt_len) : sql.slice(from);
    visit(stmt.stmt, walk, true);
  }
  if (placeholders.some((p) => p.context === 'sql-fragment')) {
    walk.findings.push(finding('write', 'runs SQL pasted at run time (re-checked once bound)'));
  }
  return summarize(walk.findings, rename);
}

/** Placeholders -> dummies the grammar accepts, plus a map from parsed offsets back to the original. */
function substitute(text: string, uses: PlaceholderUse[]) {
  const dummies = new Map<string, string>();
  const edits: { at: number; from: number; to: number }[] = [];
  let sql = '';
  let last = 0;
  for (const use of uses) {
    let dummy: string;
    const name = `placeholder_${use.name || 'x'}`;
    if (use.context === 'sql-identifier') {
      dummy = name;
      dummies.set(dummy, use.token.replace(/^"|"$/g, ''));
      if (use.token.startsWith('"')) dummy = `"${dummy}"`;
    } else if (use.inString) {
      // Inside a longer string the dummy must not close the quotes (a fragment there is in dynamic SQL,
      // `EXECUTE 'DROP TABLE [t]'`, where a name reads as well as a value).
      dummy = use.context === 'sql-fragment' ? name : 'x';
    } else if (use.context === 'sql-fragment') {
      // A column reference, not TRUE: `WHERE [condition]` must not read as "WHERE true" (always).
      dummy = /condition|where/.test(use.name) ? 'placeholder_condition' : 'SELECT 1';
    } else {
      dummy = `'${name}'`;
      // Named as the runbook writes it (`[pid]`, `<pid>`, `:pid`).
      dummies.set(name, use.syntax === 'bracket' ? `[${use.name}]` : use.token);
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

function visit(value: unknown, walk: Walk, top = false): void {
  if (Array.isArray(value)) {
    for (const item of value) visit(item, walk);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as Node)) {
    // Node types are the keys that start with an upper-case letter (A-Z).
    const first = key.charCodeAt(0);
    if (first >= 65 && first <= 90 && child !== null && typeof child === 'object') {
      if (inspect(key, child as Node, walk, top)) visit(child, walk);
    } else visit(child, walk);
  }
}

/** Records what one node means; returns whether its children should be walked. */
function inspect(type: string, node: Node, walk: Walk, top: boolean): boolean {
  const add = (risk: Risk, reason: string, ...targets: (RiskTarget | undefined)[]): void => {
    walk.findings.push(finding(risk, reason, ...targets));
  };
  const nested = (sql: string): RiskResult =>
    walk.depth >= MAX_DEPTH ? summarize(lexicalFindings(sql, 'SQL nested too deep to follow')) : classifySqlText(sql, walk.depth + 1);
  switch (type) {
    case 'SelectStmt': {
      if (node.intoClause) add('write', 'SELECT INTO creates a table');
      else if (node.lockingClause) add('write', 'SELECT ... FOR UPDATE/SHARE locks rows');
      // Said as what makes it a read (SELECT INTO, FOR UPDATE and writing calls are findings of their own).
      else if (top) add('read', READ_SELECT);
      // Calls in this SELECT (not in its subqueries) act on the sessions its WHERE names, if it names whose.
      const outer = walk.sessions;
      walk.sessions = sessionsSelected(node, constantOf);
      visit(node, walk);
      walk.sessions = outer;
      return false;
    }
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
      const table = target('table', relationName(node.relation));
      if (!node.whereClause) add('destructive', `${verb} without WHERE`, table);
      else if (isConstantTrue(node.whereClause)) add('destructive', `${verb} with a WHERE that is always true (every row)`, table);
      else add('write', verb);
      return true;
    }
    case 'MergeStmt': {
      const deletes = asArray(node.mergeWhenClauses).some((c) => ((c as Node).MergeWhenClause as Node | undefined)?.commandType === 'CMD_DELETE');
      if (deletes) add('destructive', 'MERGE ... THEN DELETE deletes the matched rows', target('table', relationName(node.relation)));
      else add('write', 'MERGE');
      return true;
    }
    case 'DropStmt': {
      const kind = objectType(node.removeType);
      const t = kind === 'TABLE' || kind === 'VIEW' || kind === 'MATVIEW' || kind === 'FOREIGN TABLE' ? 'table' : kind === 'SCHEMA' ? 'schema' : kind === 'FUNCTION' || kind === 'PROCEDURE' ? 'function' : 'object';
      add('destructive', `DROP ${kind}`, target(t, dropTarget(node.objects)));
      return true;
    }
    case 'DropdbStmt':
      add('destructive', 'DROP DATABASE', target('database', str(node.dbname)));
      return true;
    case 'DropRoleStmt':
      add('destructive', 'DROP ROLE', target('role', roleName(asArray(node.roles)[0])));
      return true;
    case 'DropOwnedStmt':
      add('destructive', 'DROP OWNED drops every object the role owns', target('role', roleName(asArray(node.roles)[0])));
      return true;
    case 'DropTableSpaceStmt':
    case 'DropSubscriptionStmt':
    case 'DropUserMappingStmt':
      add('destructive', label(type), target('object', str(node.tablespacename) ?? str(node.subname)));
      return true;
    case 'TruncateStmt':
      add('destructive', 'TRUNCATE', target('table', relationName((asArray(node.relations)[0] as Node | undefined)?.RangeVar)));
      return true;
    case 'GrantStmt':
    case 'GrantRoleStmt':
      if (node.is_grant === true) add('write', 'GRANT');
      else add('destructive', 'REVOKE', target('role', roleName(asArray(node.grantees ?? node.grantee_roles)[0])));
      return true;
    case 'AlterDatabaseStmt':
    case 'AlterDatabaseSetStmt':
    case 'AlterDatabaseRefreshCollStmt':
      add('destructive', 'ALTER DATABASE', target('database', str(node.dbname)));
      return false;
    case 'AlterSystemStmt':
      add('destructive', 'ALTER SYSTEM', target('setting', str((node.setstmt as Node | undefined)?.name)));
      return false;
    case 'VacuumStmt': {
      const full = asArray(node.options).some((o) => ((o as Node).DefElem as Node | undefined)?.defname === 'full');
      const first = ((asArray(node.rels)[0] as Node | undefined)?.VacuumRelation as Node | undefined)?.relation;
      if (node.is_vacuumcmd !== true) add('write', 'ANALYZE');
      else if (full) add('destructive', 'VACUUM FULL', target('table', relationName(first)));
      else add('write', 'VACUUM');
      return false;
    }
    case 'ReindexStmt':
      add('destructive', 'REINDEX', target(node.relation ? 'table' : 'database', relationName(node.relation) ?? str(node.name)));
      return false;
    case 'ClusterStmt':
      add('destructive', 'CLUSTER', target('table', relationName(node.relation)));
      return false;
    case 'AlterTableCmd':
      if (node.subtype === 'AT_DropColumn') add('destructive', 'ALTER TABLE ... DROP COLUMN', target('column', str(node.name)));
      else if (node.subtype === 'AT_DropConstraint') add('destructive', 'ALTER TABLE ... DROP CONSTRAINT', target('object', str(node.name)));
      return true;
    case 'AlterOwnerStmt':
      if (node.objectType === 'OBJECT_DATABASE') add('destructive', 'ALTER DATABASE ... OWNER TO', target('database', str((node.object as Node | undefined)?.String && ((node.object as Node).String as Node).sval)));
      else add('write', 'ALTER ... OWNER TO');
      return true;
    case 'RenameStmt':
      if (node.renameType === 'OBJECT_DATABASE') add('destructive', 'ALTER DATABASE ... RENAME', target('database', str(node.subname)));
      else add('write', 'ALTER ... RENAME');
      return true;
    case 'CopyStmt': {
      const file = str(node.filename);
      if (node.is_program === true) add('destructive', `COPY ... ${node.is_from === true ? 'FROM' : 'TO'} PROGRAM runs an OS command as the database server's user`, target('program', file));
      else if (node.is_from === true) add('write', 'COPY FROM');
      else if (file !== undefined) add('write', `COPY TO writes the server file ${file}`, target('file', file));
      else add('read', 'COPY TO');
      return true;
    }
    case 'DoStmt': {
      const body = str((defArg(node.args, 'as')?.String as Node | undefined)?.sval);
      const language = defString(node.args, 'language') ?? 'plpgsql';
      const found = body === undefined ? [] : bodyFindings(language, walk.statement, body, nested);
      walk.findings.push(...found.map((f) => ({ ...f, reason: `DO block: ${f.reason}` })));
      if (body === undefined) add('write', 'DO block');
      else if (found.length === 0) add('read', 'DO block (its body changes nothing)');
      return false;
    }
    case 'CreateFunctionStmt': {
      const name = (asArray(node.funcname).map((n) => str(((n as Node).String as Node | undefined)?.sval) ?? '').at(-1) ?? '').toLowerCase();
      const language = defString(node.options, 'language') ?? 'sql';
      const as = asArray((defArg(node.options, 'as')?.List as Node | undefined)?.items);
      const body = str(((as[0] as Node | undefined)?.String as Node | undefined)?.sval);
      const found = body === undefined ? [] : bodyFindings(language, walk.statement, body, nested);
      const risk = summarize(found);
      walk.local.set(name, risk);
      add('write', risk.risk === 'read' ? label(type) : `CREATE FUNCTION ${name} (when called, its body: ${risk.reasons.join('; ')})`);
      return false;
    }
    case 'TransactionStmt': {
      // BEGIN READ WRITE: the one transaction control that can undo --read-only's default for psql.
      const readWrite = asArray(node.options).some((o) => {
        const def = (o as Node).DefElem as Node | undefined;
        return def?.defname === 'transaction_read_only' && ((def.arg as Node | undefined)?.A_Const as Node | undefined)?.ival !== undefined && constantOf(def.arg) === '0';
      });
      if (readWrite) add('write', 'BEGIN READ WRITE opens a transaction that may write even where read-only is the default');
      else add('read', 'transaction control');
      return true;
    }
    case 'FuncCall':
      walk.findings.push(...callFindings(node, { classifySql: nested, local: walk.local, constant: constantOf, ...(walk.sessions ? { sessions: walk.sessions } : {}) }));
      return true;
  }
  if (type in READ_STATEMENTS) add('read', READ_STATEMENTS[type]!);
  else if (type.endsWith('Stmt')) add('write', label(type));
  return true;
}

/** What a DO or function body runs: PL/pgSQL through its own parser, SQL bodies as SQL. */
function bodyFindings(language: string, statement: string, body: string, classify: (sql: string) => RiskResult): Finding[] {
  const lang = language.toLowerCase();
  if (lang === 'plpgsql') return plpgsqlFindings(statement, body, classify);
  if (lang === 'sql') {
    const inner = classify(body);
    return inner.reasons.map((reason, i) => (i === 0 && inner.targets ? { risk: inner.risk, reason, targets: inner.targets } : { risk: inner.risk, reason }));
  }
  return [finding('destructive', `runs ${language} code, which cannot be read here`)];
}

/** The argument of the option `name` in a list of DefElems (`LANGUAGE plpgsql`, `AS '...'`). */
function defArg(list: unknown, name: string): Node | undefined {
  const def = asArray(list).map((o) => (o as Node).DefElem as Node | undefined).find((d) => d?.defname === name);
  return def?.arg as Node | undefined;
}

function defString(list: unknown, name: string): string | undefined {
  return str((defArg(list, name)?.String as Node | undefined)?.sval);
}

function label(type: string): string {
  return STATEMENT_LABELS[type] ?? type.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}
