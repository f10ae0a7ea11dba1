// SQL that runs SQL: `DO` blocks and function bodies (PL/pgSQL read with PostgreSQL's own PL/pgSQL
// parser, SQL-language bodies with the SQL parser), `EXECUTE` of a string, constant folding of the
// strings they run, and the lexical scan that judges SQL no parser accepts.
//
//   what                                           risk
//   a statement in a body                          its own risk
//   EXECUTE / RETURN QUERY EXECUTE / FOR .. IN     the string's risk when it is a constant; destructive
//   EXECUTE of a string                            when it is built at run time (format(), ||, variables)
//   a body the PL/pgSQL parser rejects             the lexical scan of the body
//   SQL the parser rejects                         destructive when it holds a destructive keyword or a
//                                                  kill/terminate/drop-style call; otherwise write; never read
import { finding, type Finding, type RiskResult } from './risk-result.js';
import { asArray, str, type Node } from './parse-tree.js';
import { parsePlpgsql, parseSql } from './sql-parser.js';

/** A constant string (or number) folded from literals, casts and `||`; undefined when not constant. */
export function constantOf(node: unknown): string | undefined {
  const n = node as Node | undefined;
  if (!n || typeof n !== 'object') return undefined;
  const c = n.A_Const as Node | undefined;
  if (c) {
    const s = (c.sval as Node | undefined)?.sval;
    if (typeof s === 'string') return s;
    const i = (c.ival as Node | undefined)?.ival;
    if (c.ival !== undefined) return String(typeof i === 'number' ? i : 0);
    const f = (c.fval as Node | undefined)?.fval;
    if (typeof f === 'string') return f;
    return undefined;
  }
  if (n.TypeCast) return constantOf((n.TypeCast as Node).arg);
  const e = n.A_Expr as Node | undefined;
  if (e && e.kind === 'AEXPR_OP' && opName(e) === '||') {
    const left = constantOf(e.lexpr);
    const right = constantOf(e.rexpr);
    return left !== undefined && right !== undefined ? left + right : undefined;
  }
  return undefined;
}

function opName(expr: Node): string | undefined {
  return str((((asArray(expr.name).at(-1) as Node | undefined)?.String) as Node | undefined)?.sval);
}

/** `WHERE true`, `WHERE 1 = 1`, `WHERE true OR x`, `WHERE NOT false`: a predicate that keeps every row. */
export function isConstantTrue(node: unknown): boolean {
  return truth(node) === true;
}

function truth(node: unknown): boolean | undefined {
  const n = node as Node | undefined;
  if (!n || typeof n !== 'object') return undefined;
  const c = n.A_Const as Node | undefined;
  if (c?.boolval !== undefined) return (c.boolval as Node).boolval === true;
  if (n.TypeCast) return truth((n.TypeCast as Node).arg) ?? boolText(constantOf(n));
  const b = n.BoolExpr as Node | undefined;
  if (b) {
    const args = asArray(b.args).map(truth);
    if (b.boolop === 'NOT_EXPR') return args[0] === undefined ? undefined : !args[0];
    if (b.boolop === 'OR_EXPR') return args.some((a) => a === true) ? true : undefined;
    if (b.boolop === 'AND_EXPR') return args.every((a) => a === true) ? true : undefined;
  }
  const e = n.A_Expr as Node | undefined;
  if (e && e.kind === 'AEXPR_OP') {
    const left = constantOf(e.lexpr);
    const right = constantOf(e.rexpr);
    if (left === undefined || right === undefined) return undefined;
    const [l, r] = [Number(left), Number(right)];
    const numeric = left.trim() !== '' && right.trim() !== '' && !Number.isNaN(l) && !Number.isNaN(r);
    const cmp = numeric ? l - r : left < right ? -1 : left > right ? 1 : 0;
    switch (opName(e)) {
      case '=': return cmp === 0;
      case '<>': case '!=': return cmp !== 0;
      case '<': return cmp < 0;
      case '>': return cmp > 0;
      case '<=': return cmp <= 0;
      case '>=': return cmp >= 0;
    }
  }
  return undefined;
}

function boolText(text: string | undefined): boolean | undefined {
  const t = text?.trim().toLowerCase();
  return t === 'true' || t === 't' || t === 'yes' || t === 'on' || t === '1' ? true : t === 'false' || t === 'f' ? false : undefined;
}

const DYNAMIC: Record<string, string> = {
  PLpgSQL_stmt_dynexecute: 'query',
  PLpgSQL_stmt_dynfors: 'query',
  PLpgSQL_stmt_return_query: 'dynquery',
  PLpgSQL_stmt_open: 'dynquery',
};

/**
 * What a PL/pgSQL body runs: each embedded statement's and expression's risk, and each EXECUTE's.
 * `statement` is the whole `DO` or `CREATE FUNCTION` text; `classify` judges SQL text.
 */
export function plpgsqlFindings(statement: string, body: string, classify: (sql: string) => RiskResult): Finding[] {
  const parsed = parsePlpgsql(statement);
  if (!parsed.ok) return lexicalFindings(body, `the PL/pgSQL body could not be read (${parsed.message})`);
  const findings: Finding[] = [];
  const walk = (value: unknown, dynamicKey?: string): void => {
    if (Array.isArray(value)) return value.forEach((v) => walk(v));
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value as Node)) {
      if (key === 'PLpgSQL_expr') {
        const query = str((child as Node).query) ?? '';
        findings.push(...(dynamicKey !== undefined ? executeFindings(query, classify) : exprFindings(query, (child as Node).parseMode, classify)));
      } else if (key in DYNAMIC) {
        for (const [field, v] of Object.entries(child as Node)) walk(v, field === DYNAMIC[key] ? field : undefined);
      } else walk(child);
    }
  };
  walk(parsed.functions);
  return findings;
}

function exprFindings(query: string, mode: unknown, classify: (sql: string) => RiskResult): Finding[] {
  // parseMode 0: a whole statement (`DELETE FROM t`, PERFORM's `SELECT f()`); otherwise an expression,
  // possibly an assignment (`x := f()`).
  const sql = mode === 0 || mode === undefined ? query : `SELECT ${query.replace(/^[^:=]*:=/, '')}`;
  const result = classify(sql);
  if (result.syntaxError) return lexicalFindings(query, `a statement in the body could not be read (${result.syntaxError.message})`);
  return result.reasons.map((reason, i) => (i === 0 && result.targets ? { risk: result.risk, reason, targets: result.targets } : { risk: result.risk, reason }));
}

function executeFindings(expr: string, classify: (sql: string) => RiskResult): Finding[] {
  const parsed = parseSql(`SELECT ${expr}`);
  const select = parsed.ok ? ((parsed.stmts[0] as Node | undefined)?.stmt as Node | undefined)?.SelectStmt as Node | undefined : undefined;
  const value = ((asArray(select?.targetList)[0] as Node | undefined)?.ResTarget as Node | undefined)?.val;
  const text = constantOf(value);
  if (text === undefined) {
    const shown = expr.length > 60 ? `${expr.slice(0, 57)}...` : expr;
    return [finding('destructive', `EXECUTE runs SQL built at run time (${shown.replace(/\s+/g, ' ')}): it cannot be read before it runs`)];
  }
  const inner = classify(text);
  if (inner.syntaxError) return lexicalFindings(text, `EXECUTE runs SQL the parser rejects (${inner.syntaxError.message})`);
  return inner.reasons.map((reason, i) => {
    const f: Finding = { risk: inner.risk, reason: `EXECUTE runs ${reason}` };
    if (i === 0 && inner.targets) f.targets = inner.targets;
    return f;
  });
}

const DESTRUCTIVE_KEYWORDS = /\b(drop|truncate|delete|revoke|alter\s+system|alter\s+database|vacuum\s+full|reindex|cluster|program|flushall|flushdb|kill|shutdown)\b/i;
const DESTRUCTIVE_CALL = /\b(\w*(?:kill|terminate|cancel)\w*|(?:drop|purge|wipe|destroy|truncate|delete)\w*|lo_unlink|pg_promote|dblink_exec)\s*\(/i;

/** SQL no parser accepts: destructive when it names a destructive keyword or call, otherwise write. */
export function lexicalFindings(text: string, why: string): Finding[] {
  const code = text.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
  const call = DESTRUCTIVE_CALL.exec(code);
  if (call) return [finding('destructive', `${why}; it calls ${call[1]}()`)];
  const keyword = DESTRUCTIVE_KEYWORDS.exec(code);
  if (keyword) return [finding('destructive', `${why}; it contains ${keyword[1]!.toUpperCase().replace(/\s+/g, ' ')}`)];
  if (/\bupdate\b/i.test(code) && !/\bwhere\b/i.test(code)) return [finding('destructive', `${why}; it contains UPDATE without a WHERE`)];
  return [finding('write', `${why}; nothing in it is known to be destructive, but it is not known to be read-only`)];
}
