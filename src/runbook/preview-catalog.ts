// The preview probes read from the catalogs (see preview-plan.ts): the rows and size of the tables a
// TRUNCATE or DROP empties, the grants a REVOKE takes away, the value a setting has beside the one
// ALTER SYSTEM / ALTER DATABASE gives it, a database's connection settings and sessions. Names come
// from the parse tree and enter the probe only as quoted literals (to_regclass, = ANY); the exact row
// count of a table named at run time goes through query_to_xml, a read.
import { asArray, relationName, roleName, str, type Node } from './parse-tree.js';
import { deparse, literal } from './sql-deparse.js';
import { regclassText } from './preview-locks.js';
import type { Probe } from './preview-probe.js';

const EXACT_ROWS = `(xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %s', c.oid::regclass), false, true, '')))[1]::text::bigint`;

function names(list: unknown): string[] {
  return asArray(list).map((i) => str(((i as Node).String as Node | undefined)?.sval)).filter((s): s is string => s !== undefined);
}

const list = (values: string[]) => values.map(literal).join(', ');

/** Rows and size per table, in the statement's order; TRUNCATE ... CASCADE adds the tables it reaches. */
export function tablesProbe(type: string, node: Node): Probe | undefined {
  let tables: string[];
  if (type === 'TruncateStmt') tables = asArray(node.relations).map((r) => relationName((r as Node).RangeVar)).filter((t): t is string => t !== undefined);
  else if (node.removeType === 'OBJECT_TABLE' || node.removeType === 'OBJECT_MATVIEW') tables = asArray(node.objects).map((o) => names(((o as Node).List as Node | undefined)?.items).join('.'));
  else return undefined;
  if (tables.length === 0) return undefined;
  const cascade = type === 'TruncateStmt' && node.behavior === 'DROP_CASCADE';
  const named = `SELECT ord, n AS name, to_regclass(n) AS oid FROM (VALUES ${tables.map((t, i) => `(${i}, ${regclassText(t)})`).join(', ')}) v(ord, n)`;
  // TRUNCATE CASCADE also empties every table whose foreign key reaches one of these, transitively.
  const reached = cascade
    ? `WITH RECURSIVE named AS (${named}), hit(ord, name, oid) AS (SELECT ord, name, oid FROM named UNION SELECT 1000, con.conrelid::regclass::text, con.conrelid::regclass FROM pg_constraint con JOIN hit ON con.confrelid = hit.oid WHERE con.contype = 'f') SELECT DISTINCT ON (coalesce(oid::text, name)) ord, name, oid FROM hit`
    : named;
  const query = (rows: string) =>
    `SELECT t.name AS "table", c.oid IS NOT NULL AS exists, ${rows} AS rows, CASE WHEN c.oid IS NOT NULL THEN greatest(c.reltuples, 0)::bigint END AS estimated_rows, CASE WHEN c.oid IS NOT NULL THEN pg_total_relation_size(c.oid) END AS bytes, t.ord >= 1000 AS cascaded
FROM (${reached}) t LEFT JOIN pg_class c ON c.oid = t.oid ORDER BY t.ord, t.name`;
  const verb = type === 'TruncateStmt' ? 'TRUNCATE' : 'DROP';
  return {
    kind: 'tables',
    sql: query(`CASE WHEN c.relkind IN ('r', 'p', 'm') THEN ${EXACT_ROWS} END`),
    estimate: query('NULL::bigint'),
    label: `${verb} ${tables.join(', ')}`,
  };
}

/** Grant targets a REVOKE names, as a catalog and the rows of it that match. */
const ACL_TARGETS: Record<string, { from: string; object: string; acl: string; filter: (objects: unknown, all: boolean) => string | undefined }> = {
  OBJECT_TABLE: {
    from: 'pg_class o', object: 'o.oid::regclass::text', acl: 'o.relacl',
    filter: (objects, all) => (all ? `o.relkind IN ('r', 'p', 'v', 'm', 'f') AND o.relnamespace IN (SELECT oid FROM pg_namespace WHERE nspname IN (${list(names(objects))}))` : `o.oid IN (SELECT to_regclass(n) FROM (VALUES ${asArray(objects).map((r) => `(${regclassText(relationName((r as Node).RangeVar) ?? '')})`).join(', ')}) v(n))`),
  },
  OBJECT_SEQUENCE: {
    from: 'pg_class o', object: 'o.oid::regclass::text', acl: 'o.relacl',
    filter: (objects, all) => (all ? `o.relkind = 'S' AND o.relnamespace IN (SELECT oid FROM pg_namespace WHERE nspname IN (${list(names(objects))}))` : `o.oid IN (SELECT to_regclass(n) FROM (VALUES ${asArray(objects).map((r) => `(${regclassText(relationName((r as Node).RangeVar) ?? '')})`).join(', ')}) v(n))`),
  },
  OBJECT_SCHEMA: { from: 'pg_namespace o', object: `'schema ' || o.nspname`, acl: 'o.nspacl', filter: (objects) => `o.nspname IN (${list(names(objects))})` },
  OBJECT_DATABASE: { from: 'pg_database o', object: `'database ' || o.datname`, acl: 'o.datacl', filter: (objects) => `o.datname IN (${list(names(objects))})` },
  OBJECT_FUNCTION: {
    from: 'pg_proc o', object: 'o.oid::regprocedure::text', acl: 'o.proacl',
    filter: (objects, all) => (all ? `o.pronamespace IN (SELECT oid FROM pg_namespace WHERE nspname IN (${list(names(objects))}))` : undefined),
  },
};

/** Role names a REVOKE takes from, as SQL (PUBLIC is grantee 0). */
function grantees(list: unknown): string[] {
  return asArray(list).map((g) => {
    const spec = (g as Node).RoleSpec as Node | undefined;
    switch (spec?.roletype) {
      case 'ROLESPEC_PUBLIC':
        return '0::oid';
      case 'ROLESPEC_CURRENT_USER':
      case 'ROLESPEC_CURRENT_ROLE':
        return `(SELECT oid FROM pg_roles WHERE rolname = current_user)`;
      case 'ROLESPEC_SESSION_USER':
        return `(SELECT oid FROM pg_roles WHERE rolname = session_user)`;
      default:
        return `(SELECT oid FROM pg_roles WHERE rolname = ${literal(roleName(g) ?? '')})`;
    }
  });
}

/** The grants a REVOKE would take away, as the catalogs hold them now. */
export function grantsProbe(type: string, node: Node): Probe | string {
  if (type === 'GrantRoleStmt') {
    const roles = asArray(node.granted_roles).map((r) => str(((r as Node).AccessPriv as Node | undefined)?.priv_name)).filter((s): s is string => s !== undefined);
    const sql = `SELECT r.rolname::text AS object, 'MEMBER' AS privilege, m.rolname::text AS grantee FROM pg_auth_members am JOIN pg_roles r ON r.oid = am.roleid JOIN pg_roles m ON m.oid = am.member
WHERE r.rolname IN (${list(roles)}) AND am.member IN (${grantees(node.grantee_roles).join(', ')}) ORDER BY 1, 3`;
    return { kind: 'grants', sql, label: `REVOKE ${roles.join(', ')}` };
  }
  const target = ACL_TARGETS[str(node.objtype) ?? ''];
  const all = node.targtype === 'ACL_TARGET_ALL_IN_SCHEMA';
  const filter = target?.filter(node.objects, all);
  if (!target || !filter || (node.targtype !== 'ACL_TARGET_OBJECT' && !all)) return `the grants REVOKE takes on ${String(node.objtype ?? 'these objects').replace(/^OBJECT_/, '').toLowerCase()}s are not listed`;
  const privs = asArray(node.privileges).map((p) => (p as Node).AccessPriv as Node);
  if (privs.some((p) => asArray(p.cols).length > 0)) return 'column privileges are not listed';
  const privilege = privs.length > 0 ? ` AND a.privilege_type IN (${list(privs.map((p) => (str(p.priv_name) ?? '').toUpperCase()))})` : '';
  const option = node.grant_option === true ? ' AND a.is_grantable' : '';
  const sql = `SELECT ${target.object} AS object, a.privilege_type AS privilege, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee)::text END AS grantee
FROM ${target.from} CROSS JOIN LATERAL aclexplode(${target.acl}) a
WHERE ${filter} AND a.grantee IN (${grantees(node.grantees).join(', ')})${privilege}${option} ORDER BY 1, 2, 3`;
  return { kind: 'grants', sql, label: `REVOKE${node.grant_option === true ? ' GRANT OPTION' : ''}` };
}

/** The value a SET gives, as text (`'64MB'`, `a, b`), or `DEFAULT`. */
function newValue(setstmt: Node): string {
  if (setstmt.kind === 'VAR_SET_VALUE') return asArray(setstmt.args).map((a) => deparse(a as Node).replace(/^'(.*)'$/s, '$1').replace(/''/g, "'")).join(', ');
  return 'DEFAULT';
}

/** ALTER SYSTEM / ALTER DATABASE ... SET: the current value beside the new one. */
export function settingsProbe(type: string, node: Node): Probe | string {
  const set = node.setstmt as Node;
  const name = str(set.name);
  if (!name) return 'RESET ALL: every setting is reset (not listed)';
  const value = literal(newValue(set));
  if (type === 'AlterSystemStmt') {
    const sql = `SELECT s.name, s.setting || coalesce(' ' || s.unit, '') AS current, ${value} AS new,
  CASE WHEN s.context = 'postmaster' THEN 'takes effect after a restart' ELSE 'takes effect after pg_reload_conf()' END AS note
FROM pg_settings s WHERE s.name = lower(${literal(name)})`;
    return { kind: 'settings', sql, label: `ALTER SYSTEM SET ${name}` };
  }
  const db = literal(str(node.dbname) ?? '');
  const sql = `SELECT lower(${literal(name)}) AS name,
  coalesce((SELECT substr(c, length(lower(${literal(name)})) + 2) FROM pg_db_role_setting r, unnest(r.setconfig) c WHERE r.setrole = 0 AND r.setdatabase = (SELECT oid FROM pg_database WHERE datname = ${db}) AND lower(c) LIKE lower(${literal(name)}) || '=%'), (SELECT setting || ' (server)' FROM pg_settings WHERE name = lower(${literal(name)}))) AS current,
  ${value} AS new,
  'new sessions only: ' || (SELECT count(*) FROM pg_stat_activity WHERE datname = ${db}) || ' connected now keep their value' AS note`;
  return { kind: 'settings', sql, label: `ALTER DATABASE ${str(node.dbname)} SET ${name}` };
}

/** ALTER DATABASE options (connection limit, allow connections) and DROP DATABASE: what holds now. */
export function databaseProbes(type: string, node: Node): Probe[] {
  const db = literal(str(node.dbname) ?? '');
  const sessions = `SELECT a.pid, a.usename, a.application_name, a.state, left(a.query, 200) AS query, a.pid = pg_backend_pid() AS this_session FROM pg_stat_activity a WHERE a.datname = ${db} ORDER BY a.pid`;
  const probes: Probe[] = [{ kind: 'sessions', sql: sessions, label: `sessions connected to ${str(node.dbname)}` }];
  if (type !== 'AlterDatabaseStmt') return probes;
  const options: Record<string, string> = { connection_limit: 'datconnlimit::text', allow_connections: 'datallowconn::text', is_template: 'datistemplate::text' };
  const rows = asArray(node.options)
    .map((o) => (o as Node).DefElem as Node)
    .filter((d) => options[str(d.defname) ?? ''] !== undefined)
    .map((d) => `SELECT ${literal(str(d.defname)!)} AS name, (SELECT ${options[str(d.defname)!]} FROM pg_database WHERE datname = ${db}) AS current, ${literal(optionValue(d.arg as Node | undefined))} AS new, NULL::text AS note`);
  if (rows.length > 0) probes.unshift({ kind: 'settings', sql: rows.join(' UNION ALL '), label: `ALTER DATABASE ${str(node.dbname)}` });
  return probes;
}

function optionValue(arg: Node | undefined): string {
  const integer = arg?.Integer as Node | undefined;
  if (integer) return String(typeof integer.ival === 'number' ? integer.ival : 0);
  const boolean = arg?.Boolean as Node | undefined;
  if (boolean) return boolean.boolval === true ? 'true' : 'false';
  const s = str((arg?.String as Node | undefined)?.sval) ?? '';
  return ['false', 'off', '0', 'no'].includes(s.toLowerCase()) ? 'false' : ['true', 'on', '1', 'yes'].includes(s.toLowerCase()) ? 'true' : s;
}
