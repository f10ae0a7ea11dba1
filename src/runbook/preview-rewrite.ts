// The preview's rewrites of a statement's own parse tree (see preview-plan.ts): the rows a DELETE,
// UPDATE, MERGE or INSERT ... SELECT would touch, counted with the same FROM and WHERE; and the sessions
// a pg_terminate_backend()/pg_cancel_backend() query would end, listed with the same FROM and WHERE.
// Trees are copied and rebuilt, then deparsed (sql-deparse.ts); a statement that does not deparse back
// to itself is never rewritten.
import { asArray, relationName, str, type Node } from './parse-tree.js';
import { deparse, roundTrips } from './sql-deparse.js';
import type { Probe } from './preview-probe.js';

const SESSION_COLUMNS = 'a.pid, a.usename, a.application_name, a.state, left(a.query, 200) AS query, a.pid = pg_backend_pid() AS this_session';
const KILLERS = new Set(['pg_terminate_backend', 'pg_cancel_backend']);

const name = (sval: string): Node => ({ String: { sval } });
const column = (...fields: string[]): Node => ({ ColumnRef: { fields: fields.map(name) } });
const countStar: Node = { FuncCall: { funcname: [name('count')], agg_star: true, funcformat: 'COERCE_EXPLICIT_CALL' } };

function select(fields: Partial<Record<string, unknown>>): Node {
  return { SelectStmt: { limitOption: 'LIMIT_OPTION_DEFAULT', op: 'SETOP_NONE', ...fields } };
}

/** The name the statement's target table is referred to by: its alias, else its own name. */
function refName(relation: Node): string {
  return str((relation.alias as Node | undefined)?.aliasname) ?? str(relation.relname) ?? '';
}

/** WITH clauses the count may keep: only plain SELECTs (a data-modifying CTE would run). */
function readOnlyWith(withClause: unknown): boolean | undefined {
  if (withClause === undefined) return undefined;
  return asArray((withClause as Node).ctes).every((c) => Boolean((((c as Node).CommonTableExpr as Node | undefined)?.ctequery as Node | undefined)?.SelectStmt));
}

function contains(value: unknown, type: string): boolean {
  if (Array.isArray(value)) return value.some((v) => contains(v, type));
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value as Node).some(([k, v]) => k === type || contains(v, type));
}

/** `SELECT count(...) FROM ... WHERE ...` for a DML statement; a string says why there is none. */
export function countProbe(type: string, node: Node, stmt: Node): Probe | string | undefined {
  const relation = node.relation as Node | undefined;
  const table = relationName(relation) ?? 'the table';
  const verb = type.replace(/Stmt$/, '').toUpperCase();
  if (readOnlyWith(node.withClause) === false) return `its WITH clause changes data, so ${verb} cannot be counted without running it`;
  if (contains(node.whereClause, 'CurrentOfExpr')) return `WHERE CURRENT OF a cursor cannot be counted`;
  if (!roundTrips(stmt)) return `${verb} could not be rewritten faithfully`;
  const withClause = node.withClause !== undefined ? { withClause: node.withClause } : {};
  let query: Node;
  let label: string;
  if (type === 'InsertStmt') {
    const source = node.selectStmt as Node | undefined;
    const values = asArray((source?.SelectStmt as Node | undefined)?.valuesLists);
    if (!source) return undefined;
    if (values.length > 0) return undefined; // INSERT ... VALUES: the statement shows its rows
    query = select({ ...withClause, targetList: [{ ResTarget: { name: 'rows', val: countStar } }], fromClause: [{ RangeSubselect: { subquery: source, alias: { aliasname: 'inserted' } } }] });
    label = `INSERT into ${table}`;
  } else if (type === 'MergeStmt') {
    // Target rows the join matches (the WHEN MATCHED clauses act on these, each row once).
    const join = { JoinExpr: { jointype: 'JOIN_INNER', larg: { RangeVar: relation }, rarg: node.sourceRelation, quals: node.joinCondition } };
    query = select({ ...withClause, targetList: [{ ResTarget: { name: 'rows', val: distinctCtid(relation!) } }], fromClause: [join] });
    label = `MERGE into ${table} (rows matched)`;
  } else {
    const others = asArray(type === 'DeleteStmt' ? node.usingClause : node.fromClause);
    // With USING/FROM a target row may join several rows; it is still changed once.
    const count = others.length > 0 ? distinctCtid(relation!) : countStar;
    const where = node.whereClause !== undefined ? { whereClause: node.whereClause } : {};
    query = select({ ...withClause, targetList: [{ ResTarget: { name: 'rows', val: count } }], fromClause: [{ RangeVar: relation }, ...others], ...where });
    label = `${verb} ${type === 'DeleteStmt' ? 'from' : 'of'} ${table}`;
  }
  const sql = deparse(query);
  return { kind: 'count', sql, estimate: `EXPLAIN (FORMAT JSON) ${sql}`, label };
}

function distinctCtid(relation: Node): Node {
  return { FuncCall: { funcname: [name('count')], args: [column(refName(relation), 'ctid')], agg_distinct: true, funcformat: 'COERCE_EXPLICIT_CALL' } };
}

/** The kill/cancel calls in a tree, with where they sit (top-level target list or elsewhere). */
function killCalls(value: unknown, found: Node[] = []): Node[] {
  if (Array.isArray(value)) {
    for (const v of value) killCalls(v, found);
    return found;
  }
  if (value === null || typeof value !== 'object') return found;
  for (const [k, v] of Object.entries(value as Node)) {
    if (k === 'FuncCall') {
      const parts = asArray((v as Node).funcname).map((n) => str(((n as Node).String as Node | undefined)?.sval) ?? '');
      if (KILLERS.has((parts.at(-1) ?? '').toLowerCase()) && (parts.length === 1 || parts[0] === 'pg_catalog')) found.push(v as Node);
    }
    killCalls(v, found);
  }
  return found;
}

/**
 * For `SELECT pg_terminate_backend(<pid expr>) FROM ... WHERE ...`: the sessions whose pid the same
 * query (its target list replaced by the pid expression) selects. Only when every such call sits in the
 * top-level target list of a plain SELECT; elsewhere the query cannot be separated from the call.
 */
export function sessionsProbe(stmt: Node): Probe | string | undefined {
  const calls = killCalls(stmt);
  if (calls.length === 0) return undefined;
  const fn = str((((calls[0]!.funcname as Node[]).at(-1) as Node).String as Node).sval)!.toLowerCase();
  const s = stmt.SelectStmt as Node | undefined;
  const inTargets = s ? killCalls(s.targetList) : [];
  if (!s || s.op !== 'SETOP_NONE' || inTargets.length !== calls.length) return `the sessions ${fn}() would end cannot be separated from the call`;
  const pids = calls.map((c) => asArray(c.args)[0]).filter((a): a is Node => a !== undefined);
  if (pids.length !== calls.length) return undefined;
  if (!roundTrips(stmt)) return `the query around ${fn}() could not be rewritten faithfully`;
  const subqueries = pids.map((pid) => deparse({ SelectStmt: { ...s, targetList: [{ ResTarget: { val: pid } }] } }));
  const sql = `SELECT ${SESSION_COLUMNS} FROM pg_stat_activity a WHERE ${subqueries.map((q) => `a.pid IN (${q})`).join(' OR ')} ORDER BY a.pid`;
  return { kind: 'sessions', sql, label: `sessions ${fn}() ${fn === 'pg_cancel_backend' ? 'cancels the query of' : 'ends'}` };
}

export { SESSION_COLUMNS };
