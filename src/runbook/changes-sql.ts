// What a SQL statement that ran leaves changed on the server, read from PostgreSQL's parse tree
// (libpg-query), for the report's "Changes left in place": privileges revoked or granted, settings
// altered, sessions terminated, objects dropped or created, rows deleted. Where the tree makes the way
// back plain, the change carries the statement that undoes it (REVOKE -> GRANT, ALTER DATABASE x SET p
// -> RESET p, DISABLE TRIGGER -> ENABLE TRIGGER, CREATE INDEX i -> DROP INDEX i); nothing is guessed:
// a previous value the tree does not hold is named as unknown.
//
// Fail safe: what the tree cannot show (a DO block, CALL, EXECUTE, COPY ... PROGRAM, dblink_exec, a
// statement type not read here, SQL the parser rejects) is returned as `unseen`, for review. Only
// statement kinds that leave nothing to undo (SET, SHOW, VACUUM, EXPLAIN without ANALYZE, ...) say
// `nothingToUndo`; a plain SELECT does not, since a function it calls may change things (the statement's
// risk, decided elsewhere, tells whether one does).

import { asArray, str, type Node } from './parse-tree.js';
import { parseSql } from './sql-parser.js';
import { constant, dotted, quoteIdent, quoteLiteral, relation, role } from './sql-names.js';
import type { Handler, Reading, SqlChangeReading } from './sql-change.js';
import { ALTER_HANDLERS } from './changes-sql-alter.js';

export type { SqlChange, SqlChangeReading } from './sql-change.js';

/** Statement kinds that leave nothing behind to undo once they are done (or once the session ends). */
const NOTHING_TO_UNDO = new Set([
  'VariableSetStmt', 'VariableShowStmt', 'TransactionStmt', 'VacuumStmt', 'CheckPointStmt', 'LockStmt', 'ListenStmt',
  'UnlistenStmt', 'NotifyStmt', 'DiscardStmt', 'PrepareStmt', 'DeallocateStmt', 'ClosePortalStmt', 'FetchStmt',
  'ReindexStmt', 'ClusterStmt', 'RefreshMatViewStmt', 'LoadStmt', 'CommentStmt', 'SecLabelStmt',
]);

const DROP_UNDO_NOTE = 'no undo from the statement: restore from a backup';

const HANDLERS: Record<string, Handler> = {
  ...ALTER_HANDLERS,
  SelectStmt: (body, r) => r.walk(body),
  DeleteStmt: (body, r) => dml(body, r, `DELETE FROM ${relation(body.relation) ?? 'a table'}`, 'the deleted rows are not in the journal'),
  UpdateStmt: (body, r) => dml(body, r, `UPDATE ${relation(body.relation) ?? 'a table'}`, 'the old values are not in the journal'),
  InsertStmt: (body, r) => dml(body, r, `INSERT INTO ${relation(body.relation) ?? 'a table'}`, 'the statement does not say which rows to remove'),
  MergeStmt: (body, r) => dml(body, r, `MERGE INTO ${relation(body.relation) ?? 'a table'}`, 'the old values are not in the journal'),
  ExplainStmt: (body, r) => {
    if (analyzes(body)) readStatement(body.query, r);
  },
  DeclareCursorStmt: (body, r) => r.walk(body.query),
  CreateTableAsStmt: (body, r) => {
    const into = (body.into as Node | undefined)?.rel;
    if ((into as Node | undefined)?.relpersistence !== 't') created(r, 'TABLE', relation(into));
    r.walk(body.query);
  },
  TruncateStmt: (body, r) => r.changes.push({ what: `TRUNCATE ${asArray(body.relations).map(relation).join(', ')}`, note: DROP_UNDO_NOTE }),
  DropStmt: (body, r) => {
    const type = kindName(body.removeType);
    const names = asArray(body.objects).map(objectName);
    r.changes.push({ what: `DROP ${type} ${names.join(', ')}${body.behavior === 'DROP_CASCADE' ? ' CASCADE' : ''}`, note: DROP_UNDO_NOTE });
  },
  DropRoleStmt: (body, r) => r.changes.push({ what: `DROP ROLE ${asArray(body.roles).map(roleText).join(', ')}`, note: 'no undo from the statement: its attributes and grants are gone' }),
  DropdbStmt: (body, r) => r.changes.push({ what: `DROP DATABASE ${quoteIdent(str(body.dbname) ?? '?')}`, note: DROP_UNDO_NOTE }),
  DropTableSpaceStmt: (body, r) => r.changes.push({ what: `DROP TABLESPACE ${quoteIdent(str(body.tablespacename) ?? '?')}` }),
  DropSubscriptionStmt: (body, r) => r.changes.push({ what: `DROP SUBSCRIPTION ${quoteIdent(str(body.subname) ?? '?')}` }),
  DropOwnedStmt: (body, r) => r.changes.push({ what: `DROP OWNED BY ${asArray(body.roles).map(roleText).join(', ')}`, note: DROP_UNDO_NOTE }),
  ReassignOwnedStmt: (body, r) => r.changes.push({ what: `REASSIGN OWNED BY ${asArray(body.roles).map(roleText).join(', ')} TO ${roleText(body.newrole)}` }),
  CreateRoleStmt: (body, r) => created(r, 'ROLE', str(body.role) === undefined ? undefined : quoteIdent(str(body.role)!)),
  CreatedbStmt: (body, r) => created(r, 'DATABASE', str(body.dbname) === undefined ? undefined : quoteIdent(str(body.dbname)!)),
  CreateStmt: (body, r) => {
    if ((body.relation as Node | undefined)?.relpersistence !== 't') created(r, 'TABLE', relation(body.relation), Boolean(body.if_not_exists));
  },
  CreateSeqStmt: (body, r) => created(r, 'SEQUENCE', relation(body.sequence), Boolean(body.if_not_exists)),
  ViewStmt: (body, r) => (body.replace ? r.changes.push({ what: `CREATE OR REPLACE VIEW ${relation(body.view)}`, note: 'the previous definition is not known' }) : created(r, 'VIEW', relation(body.view))),
  CreateSchemaStmt: (body, r) => created(r, 'SCHEMA', str(body.schemaname) === undefined ? undefined : quoteIdent(str(body.schemaname)!), Boolean(body.if_not_exists)),
  CreateExtensionStmt: (body, r) => created(r, 'EXTENSION', str(body.extname) === undefined ? undefined : quoteIdent(str(body.extname)!), Boolean(body.if_not_exists)),
  IndexStmt: (body, r) => {
    const name = str(body.idxname);
    const schema = str((body.relation as Node | undefined)?.schemaname);
    const index = name === undefined ? undefined : schema ? `${quoteIdent(schema)}.${quoteIdent(name)}` : quoteIdent(name);
    const what = `CREATE INDEX ${index ?? '(unnamed)'} ON ${relation(body.relation)}`;
    if (!index) r.changes.push({ what, note: 'the index name is chosen by the server: look it up before dropping it' });
    else r.changes.push({ what, undo: `DROP INDEX${body.concurrent ? ' CONCURRENTLY' : ''} ${index};`, ...(body.if_not_exists ? { note: 'IF NOT EXISTS: it may have been there before' } : {}) });
  },
  CreateFunctionStmt: (body, r) => r.changes.push({ what: `CREATE ${body.replace ? 'OR REPLACE ' : ''}${body.is_procedure ? 'PROCEDURE' : 'FUNCTION'} ${dotted(body.funcname)}` }),
  CreateTrigStmt: (body, r) => r.changes.push({ what: `CREATE TRIGGER ${quoteIdent(str(body.trigname) ?? '?')} ON ${relation(body.relation)}`, undo: `DROP TRIGGER ${quoteIdent(str(body.trigname) ?? '?')} ON ${relation(body.relation)};` }),
  CreatePolicyStmt: (body, r) => r.changes.push({ what: `CREATE POLICY ${quoteIdent(str(body.policy_name) ?? '?')} ON ${relation(body.table)}`, undo: `DROP POLICY ${quoteIdent(str(body.policy_name) ?? '?')} ON ${relation(body.table)};` }),
  CopyStmt: (body, r) => {
    if (body.is_program) r.unseen.push(`COPY ... PROGRAM ${quoteLiteral(str(body.filename) ?? '')} ran a command on the database server`);
    else if (body.is_from) r.changes.push({ what: `COPY ${relation(body.relation) ?? 'a table'} FROM ${body.filename ? quoteLiteral(str(body.filename)!) : 'the client'}`, rows: true, note: 'the statement does not say which rows to remove' });
    else if (body.filename) r.changes.push({ what: `COPY TO the server file ${quoteLiteral(str(body.filename)!)}`, note: 'the file stays on the database server' });
    if (body.query) r.walk(body.query);
  },
  DoStmt: (_body, r) => r.unseen.push('a DO block: what its code does is not in the parse tree'),
  CallStmt: (body, r) => r.unseen.push(`CALL ${dotted(((body.funccall as Node | undefined) ?? {}).funcname) ?? 'a procedure'}: what it does is not in the parse tree`),
  ExecuteStmt: (body, r) => r.unseen.push(`EXECUTE ${str(body.name) ?? 'a prepared statement'}: its statement is not in this text`),
};

/** Function calls whose effect outlives the statement (or the session). */
const FUNCTIONS: Record<string, (args: unknown[], r: Reading) => void> = {
  pg_terminate_backend: (args, r) => {
    const pid = constant(args[0]);
    r.changes.push({ what: pid ? `terminated backend ${pid}` : 'terminated the backends its query selected', note: 'no undo: their clients must reconnect; their open transactions were rolled back', ...(pid ? {} : { rows: true as const }) });
  },
  pg_cancel_backend: (args, r) => {
    const pid = constant(args[0]);
    r.changes.push({ what: pid ? `cancelled the running query of backend ${pid}` : 'cancelled the running queries its query selected', note: 'no undo: run the cancelled work again if it is still needed', ...(pid ? {} : { rows: true as const }) });
  },
  pg_reload_conf: (_args, r) => r.changes.push({ what: 'reloaded the server configuration', note: 'settings changed by ALTER SYSTEM or in the configuration files now apply' }),
  pg_create_physical_replication_slot: (args, r) => slotCreated(args, r),
  pg_create_logical_replication_slot: (args, r) => slotCreated(args, r),
  pg_drop_replication_slot: (args, r) => r.changes.push({ what: `dropped replication slot ${constant(args[0]) ?? '(computed)'}`, note: 'its consumer must be set up again' }),
  pg_promote: (_args, r) => r.changes.push({ what: 'promoted the standby to a primary', note: 'no undo: it is now on a timeline of its own' }),
  pg_stat_reset: (_args, r) => statsReset('pg_stat_reset', r),
  pg_stat_reset_shared: (_args, r) => statsReset('pg_stat_reset_shared', r),
  pg_stat_statements_reset: (_args, r) => statsReset('pg_stat_statements_reset', r),
  setval: (args, r) => r.changes.push({ what: `setval(${constant(args[0]) ?? 'a sequence'}, ${constant(args[1]) ?? '?'})`, note: 'the previous value is not known' }),
  lo_unlink: (args, r) => r.changes.push({ what: `deleted large object ${constant(args[0]) ?? ''}`.trim(), note: DROP_UNDO_NOTE }),
  dblink_exec: (_args, r) => r.unseen.push('dblink_exec ran SQL on another connection'),
};

export function readSqlChanges(text: string): SqlChangeReading {
  const parsed = parseSql(text);
  if (!parsed.ok) return { changes: [], unseen: [`the SQL parser rejected it (${parsed.message})`], nothingToUndo: false };
  const reading: Reading = { changes: [], unseen: [], walk: (node) => walk(node, reading) };
  let nothingToUndo = parsed.stmts.length > 0;
  for (const raw of parsed.stmts) {
    const stmt = (raw as Node).stmt;
    const type = typeOf(stmt);
    const plainExplain = type === 'ExplainStmt' && !analyzes((stmt as Node).ExplainStmt as Node);
    if (!type || !(NOTHING_TO_UNDO.has(type) || plainExplain)) nothingToUndo = false;
    readStatement(stmt, reading);
  }
  return { changes: reading.changes, unseen: reading.unseen, nothingToUndo: nothingToUndo && reading.changes.length === 0 && reading.unseen.length === 0 };
}

function readStatement(stmt: unknown, r: Reading): void {
  const type = typeOf(stmt);
  if (!type) return;
  const body = (stmt as Node)[type] as Node;
  const handler = HANDLERS[type];
  if (handler) handler(body, r);
  else if (!NOTHING_TO_UNDO.has(type)) r.unseen.push(`${type.replace(/Stmt$/, '')}: not read by the report`);
}

/** Every node below `node`: data-changing statements (CTEs, sub-queries) and function calls. */
function walk(node: unknown, r: Reading): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, r);
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node as Node)) {
    if (key === 'DeleteStmt' || key === 'UpdateStmt' || key === 'InsertStmt' || key === 'MergeStmt') {
      HANDLERS[key]!(value as Node, r);
      continue;
    }
    if (key === 'FuncCall') {
      const call = value as Node;
      const name = asArray(call.funcname).map((n) => str(((n as Node).String as Node | undefined)?.sval)).at(-1);
      if (name) FUNCTIONS[name.toLowerCase()]?.(asArray(call.args), r);
    }
    walk(value, r);
  }
}

/** EXPLAIN ANALYZE executes its statement; plain EXPLAIN only plans it. */
function analyzes(explain: Node): boolean {
  return asArray(explain.options).some((o) => str(((o as Node).DefElem as Node | undefined)?.defname) === 'analyze');
}

function dml(body: Node, r: Reading, what: string, note: string): void {
  r.changes.push({ what, rows: true, note });
  // WHERE, RETURNING, sub-queries and CTEs run too.
  for (const [key, value] of Object.entries(body)) if (key !== 'relation') walk(value, r);
}

function created(r: Reading, type: string, name: string | undefined, ifNotExists = false): void {
  if (!name) return void r.changes.push({ what: `CREATE ${type}` });
  r.changes.push({ what: `CREATE ${type} ${name}`, undo: `DROP ${type} ${name};`, ...(ifNotExists ? { note: 'IF NOT EXISTS: it may have been there before' } : {}) });
}

function slotCreated(args: unknown[], r: Reading): void {
  const name = constant(args[0]);
  r.changes.push({
    what: `created replication slot ${name ?? '(computed)'}`,
    ...(name ? { undo: `SELECT pg_drop_replication_slot(${quoteLiteral(name)});` } : {}),
    note: 'a slot nobody reads keeps the server from removing WAL',
  });
}

function statsReset(fn: string, r: Reading): void {
  r.changes.push({ what: `${fn}(): statistics reset`, note: 'no undo: the counters before it are gone' });
}

function typeOf(stmt: unknown): string | undefined {
  return stmt && typeof stmt === 'object' ? Object.keys(stmt)[0] : undefined;
}

function kindName(removeType: unknown): string {
  return (str(removeType) ?? 'OBJECT').replace(/^OBJECT_/, '').replace(/_/g, ' ');
}

function objectName(o: unknown): string {
  const n = o as Node;
  if (n.List) return dotted((n.List as Node).items) ?? '?';
  if (n.ObjectWithArgs) return dotted((n.ObjectWithArgs as Node).objname) ?? '?';
  if (n.TypeName) return dotted((n.TypeName as Node).names) ?? '?';
  if (n.String) return quoteIdent(str((n.String as Node).sval) ?? '?');
  return '?';
}

function roleText(spec: unknown): string {
  return role(spec) ?? '?';
}
