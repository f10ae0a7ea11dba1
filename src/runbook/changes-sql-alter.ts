// The GRANT / REVOKE and ALTER cases of changes-sql.ts: privileges, settings (database, role, system),
// role attributes, table subcommands and renames, each with the statement that undoes it when the tree
// holds everything it needs. A value from before the change is never in the tree: where the undo depends
// on it (a RESET instead of the previous setting, LOGIN after NOLOGIN) the note says what it assumes.

import { asArray, str, type Node } from './parse-tree.js';
import { constant, dotted, quoteIdent, quoteLiteral, relation, role, setValues } from './sql-names.js';
import type { Handler, Reading } from './sql-change.js';

const OBJECT_WORDS: Record<string, [one: string, all?: string]> = {
  OBJECT_TABLE: ['TABLE', 'TABLES'], OBJECT_SEQUENCE: ['SEQUENCE', 'SEQUENCES'], OBJECT_FUNCTION: ['FUNCTION', 'FUNCTIONS'],
  OBJECT_PROCEDURE: ['PROCEDURE', 'PROCEDURES'], OBJECT_ROUTINE: ['ROUTINE', 'ROUTINES'], OBJECT_DATABASE: ['DATABASE'],
  OBJECT_SCHEMA: ['SCHEMA', 'SCHEMAS'], OBJECT_LANGUAGE: ['LANGUAGE'], OBJECT_TABLESPACE: ['TABLESPACE'], OBJECT_TYPE: ['TYPE', 'TYPES'],
  OBJECT_DOMAIN: ['DOMAIN'], OBJECT_FDW: ['FOREIGN DATA WRAPPER'], OBJECT_FOREIGN_SERVER: ['FOREIGN SERVER'], OBJECT_PARAMETER_ACL: ['PARAMETER'],
  OBJECT_VIEW: ['VIEW'], OBJECT_MATVIEW: ['MATERIALIZED VIEW'], OBJECT_INDEX: ['INDEX'], OBJECT_FOREIGN_TABLE: ['FOREIGN TABLE'],
  OBJECT_ROLE: ['ROLE'],
};

const ROLE_FLAGS: Record<string, string> = {
  canlogin: 'LOGIN', superuser: 'SUPERUSER', createdb: 'CREATEDB', createrole: 'CREATEROLE',
  isreplication: 'REPLICATION', bypassrls: 'BYPASSRLS', inherit: 'INHERIT',
};

/** ALTER TABLE subcommands that a single other subcommand undoes (the name, if any, is appended to both). */
const TABLE_FLIPS: Record<string, [done: string, undo: string]> = {
  AT_DisableTrig: ['DISABLE TRIGGER', 'ENABLE TRIGGER'], AT_EnableTrig: ['ENABLE TRIGGER', 'DISABLE TRIGGER'],
  AT_DisableTrigAll: ['DISABLE TRIGGER ALL', 'ENABLE TRIGGER ALL'], AT_EnableTrigAll: ['ENABLE TRIGGER ALL', 'DISABLE TRIGGER ALL'],
  AT_DisableTrigUser: ['DISABLE TRIGGER USER', 'ENABLE TRIGGER USER'], AT_EnableTrigUser: ['ENABLE TRIGGER USER', 'DISABLE TRIGGER USER'],
  AT_SetLogged: ['SET LOGGED', 'SET UNLOGGED'], AT_SetUnLogged: ['SET UNLOGGED', 'SET LOGGED'],
  AT_EnableRowSecurity: ['ENABLE ROW LEVEL SECURITY', 'DISABLE ROW LEVEL SECURITY'], AT_DisableRowSecurity: ['DISABLE ROW LEVEL SECURITY', 'ENABLE ROW LEVEL SECURITY'],
  AT_ForceRowSecurity: ['FORCE ROW LEVEL SECURITY', 'NO FORCE ROW LEVEL SECURITY'], AT_NoForceRowSecurity: ['NO FORCE ROW LEVEL SECURITY', 'FORCE ROW LEVEL SECURITY'],
};

const UNKNOWN_BEFORE = 'the value before is not in the journal';

export const ALTER_HANDLERS: Record<string, Handler> = {
  GrantStmt: (body, r) => grant(body, r, ''),
  AlterDefaultPrivilegesStmt: (body, r) => {
    const scope = asArray(body.options).map((o) => {
      const d = (o as Node).DefElem as Node;
      const names = asArray((d.arg as Node | undefined)?.List ? ((d.arg as Node).List as Node).items : d.arg).map((n) => (d.defname === 'roles' ? role(n) : quoteIdent(constant(n) ?? '?')));
      return `${d.defname === 'roles' ? 'FOR ROLE' : 'IN SCHEMA'} ${names.join(', ')}`;
    });
    grant((body.action as Node).GrantStmt as Node ?? body.action, r, `ALTER DEFAULT PRIVILEGES${scope.length ? ` ${scope.join(' ')}` : ''} `);
  },
  GrantRoleStmt: (body, r) => {
    const granted = asArray(body.granted_roles).map((p) => quoteIdent(str(((p as Node).AccessPriv as Node | undefined)?.priv_name) ?? '?')).join(', ');
    const grantees = asArray(body.grantee_roles).map((g) => role(g) ?? '?').join(', ');
    const admin = asArray(body.opt).some((o) => str(((o as Node).DefElem as Node | undefined)?.defname) === 'admin');
    if (body.is_grant) {
      r.changes.push({ what: `GRANT ${granted} TO ${grantees}${admin ? ' WITH ADMIN OPTION' : ''}`, undo: `REVOKE ${granted} FROM ${grantees};`, note: 'also takes away a membership held before the GRANT' });
    } else {
      r.changes.push({ what: `REVOKE ${admin ? 'ADMIN OPTION FOR ' : ''}${granted} FROM ${grantees}`, undo: `GRANT ${granted} TO ${grantees}${admin ? ' WITH ADMIN OPTION' : ''};` });
    }
  },
  AlterDatabaseSetStmt: (body, r) => setting(`ALTER DATABASE ${quoteIdent(str(body.dbname) ?? '?')}`, body.setstmt, r),
  AlterRoleSetStmt: (body, r) => {
    const db = str(body.database);
    setting(`ALTER ROLE ${body.role ? (role(body.role) ?? '?') : 'ALL'}${db ? ` IN DATABASE ${quoteIdent(db)}` : ''}`, body.setstmt, r);
  },
  AlterSystemStmt: (body, r) => setting('ALTER SYSTEM', body.setstmt, r, 'applies after pg_reload_conf() or a restart'),
  AlterDatabaseStmt: (body, r) => {
    const db = `ALTER DATABASE ${quoteIdent(str(body.dbname) ?? '?')}`;
    for (const o of asArray(body.options)) {
      const d = (o as Node).DefElem as Node;
      const name = str(d.defname) ?? '?';
      const value = constant(d.arg) ?? '?';
      const flag = name === 'allow_connections' || name === 'is_template' ? !/^(false|off|0)$/i.test(value) : undefined;
      const words = `WITH ${name.toUpperCase()} ${value}`;
      if (flag === undefined) r.changes.push({ what: `${db} ${words}`, note: UNKNOWN_BEFORE });
      else r.changes.push({ what: `${db} ${words}`, undo: `${db} WITH ${name.toUpperCase()} ${!flag};`, note: `assumes it was ${!flag} before` });
    }
  },
  AlterRoleStmt: (body, r) => {
    const name = role(body.role) ?? '?';
    const done: string[] = [];
    const undo: string[] = [];
    let unknown = false;
    for (const o of asArray(body.options)) {
      const d = (o as Node).DefElem as Node;
      const key = str(d.defname) ?? '';
      const value = constant(d.arg);
      if (ROLE_FLAGS[key]) {
        const on = value !== 'false';
        done.push(`${on ? '' : 'NO'}${ROLE_FLAGS[key]}`);
        undo.push(`${on ? 'NO' : ''}${ROLE_FLAGS[key]}`);
      } else if (key === 'rolemembers') {
        const members = asArray(d.arg).map((m) => role(m) ?? '?').join(', ');
        const add = body.action === 1;
        r.changes.push({ what: `ALTER GROUP ${name} ${add ? 'ADD' : 'DROP'} USER ${members}`, undo: `ALTER GROUP ${name} ${add ? 'DROP' : 'ADD'} USER ${members};` });
      } else {
        unknown = true;
        done.push(key === 'password' ? 'PASSWORD (changed)' : key === 'connectionlimit' ? `CONNECTION LIMIT ${value}` : key === 'validUntil' ? `VALID UNTIL ${quoteLiteral(value ?? '')}` : key.toUpperCase());
      }
    }
    if (done.length === 0) return;
    r.changes.push({
      what: `ALTER ROLE ${name} ${done.join(' ')}`,
      ...(undo.length ? { undo: `ALTER ROLE ${name} ${undo.join(' ')};` } : {}),
      note: unknown ? `${undo.length ? 'the undo covers the attributes switched on or off; ' : ''}${UNKNOWN_BEFORE}` : 'assumes each attribute was the other way before',
    });
  },
  AlterTableStmt: (body, r) => {
    const target = `ALTER ${OBJECT_WORDS[str(body.objtype) ?? '']?.[0] ?? 'TABLE'} ${relation(body.relation) ?? '?'}`;
    for (const c of asArray(body.cmds)) tableCommand(target, (c as Node).AlterTableCmd as Node, r);
  },
  RenameStmt: (body, r) => {
    const type = str(body.renameType) ?? '';
    const to = quoteIdent(str(body.newname) ?? '?');
    const from = str(body.subname);
    const rel = relation(body.relation);
    const schema = str((body.relation as Node | undefined)?.schemaname);
    const renamed = schema ? `${quoteIdent(schema)}.${to}` : to;
    const word = OBJECT_WORDS[type]?.[0];
    const relWord = OBJECT_WORDS[str(body.relationType) ?? '']?.[0] ?? 'TABLE';
    if (type === 'OBJECT_COLUMN' || type === 'OBJECT_TABCONSTRAINT') {
      const what = type === 'OBJECT_COLUMN' ? 'COLUMN' : 'CONSTRAINT';
      r.changes.push({ what: `ALTER ${relWord} ${rel} RENAME ${what} ${quoteIdent(from ?? '?')} TO ${to}`, undo: `ALTER ${relWord} ${rel} RENAME ${what} ${to} TO ${quoteIdent(from ?? '?')};` });
    } else if (type === 'OBJECT_TRIGGER') {
      r.changes.push({ what: `ALTER TRIGGER ${quoteIdent(from ?? '?')} ON ${rel} RENAME TO ${to}`, undo: `ALTER TRIGGER ${to} ON ${rel} RENAME TO ${quoteIdent(from ?? '?')};` });
    } else if (rel && word) {
      r.changes.push({ what: `ALTER ${word} ${rel} RENAME TO ${to}`, undo: `ALTER ${word} ${renamed} RENAME TO ${quoteIdent(str((body.relation as Node).relname) ?? '?')};` });
    } else if (from && word) {
      r.changes.push({ what: `ALTER ${word} ${quoteIdent(from)} RENAME TO ${to}`, undo: `ALTER ${word} ${to} RENAME TO ${quoteIdent(from)};` });
    } else {
      r.changes.push({ what: `renamed ${type.replace(/^OBJECT_/, '').toLowerCase()} to ${to}` });
    }
  },
  AlterOwnerStmt: (body, r) => {
    const word = OBJECT_WORDS[str(body.objectType) ?? '']?.[0] ?? 'OBJECT';
    const name = relation(body.relation) ?? (body.object ? (dotted(((body.object as Node).List as Node | undefined)?.items) ?? constant(body.object)) : undefined) ?? '?';
    r.changes.push({ what: `ALTER ${word} ${name} OWNER TO ${role(body.newowner) ?? '?'}`, note: 'the owner before is not in the journal' });
  },
};

function grant(body: Node, r: Reading, prefix: string): void {
  const privileges = asArray(body.privileges).map((p) => {
    const a = (p as Node).AccessPriv as Node;
    const cols = asArray(a.cols).map((c) => quoteIdent(str(((c as Node).String as Node | undefined)?.sval) ?? '?'));
    return `${(str(a.priv_name) ?? 'ALL').toUpperCase()}${cols.length ? ` (${cols.join(', ')})` : ''}`;
  });
  const privs = privileges.length ? privileges.join(', ') : 'ALL';
  const words = OBJECT_WORDS[str(body.objtype) ?? ''];
  const objects = asArray(body.objects).map((o) => relation(o) ?? objectName(o));
  const target =
    body.targtype === 'ACL_TARGET_ALL_IN_SCHEMA'
      ? `ALL ${words?.[1] ?? 'OBJECTS'} IN SCHEMA ${objects.join(', ')}`
      : body.targtype === 'ACL_TARGET_DEFAULTS'
        ? (words?.[1] ?? 'OBJECTS')
        : `${words?.[0] ?? 'OBJECT'} ${objects.join(', ')}`;
  const grantees = asArray(body.grantees).map((g) => role(g) ?? '?').join(', ');
  const option = body.grant_option === true;
  if (body.is_grant) {
    r.changes.push({
      what: `${prefix}GRANT ${privs} ON ${target} TO ${grantees}${option ? ' WITH GRANT OPTION' : ''}`,
      undo: `${prefix}REVOKE ${privs} ON ${target} FROM ${grantees};`,
      note: 'the undo also takes away what was held before the GRANT',
    });
  } else {
    r.changes.push({
      what: `${prefix}REVOKE ${option ? 'GRANT OPTION FOR ' : ''}${privs} ON ${target} FROM ${grantees}${body.behavior === 'DROP_CASCADE' ? ' CASCADE' : ''}`,
      undo: `${prefix}GRANT ${privs} ON ${target} TO ${grantees}${option ? ' WITH GRANT OPTION' : ''};`,
      note: 'gives back all the REVOKE named, even what was not held before it',
    });
  }
}

function objectName(o: unknown): string {
  const n = o as Node;
  const s = str((n.String as Node | undefined)?.sval);
  if (s !== undefined) return quoteIdent(s);
  if (n.ObjectWithArgs) return dotted((n.ObjectWithArgs as Node).objname) ?? '?';
  if (n.TypeName) return dotted((n.TypeName as Node).names) ?? '?';
  return constant(o) ?? '?';
}

function setting(prefix: string, setstmt: unknown, r: Reading, applies?: string): void {
  const s = setstmt as Node | undefined;
  const name = str(s?.name) ?? '?';
  const with_ = (note: string) => (applies ? `${note}; ${applies}` : note);
  switch (s?.kind) {
    case 'VAR_SET_VALUE':
      r.changes.push({ what: `${prefix} SET ${name} = ${setValues(s.args) ?? '(an expression)'}`, undo: `${prefix} RESET ${name};`, note: with_(`${UNKNOWN_BEFORE}: RESET goes back to the default`) });
      break;
    case 'VAR_RESET_ALL':
      r.changes.push({ what: `${prefix} RESET ALL`, note: with_(UNKNOWN_BEFORE) });
      break;
    default:
      r.changes.push({ what: `${prefix} ${s?.kind === 'VAR_SET_DEFAULT' ? `SET ${name} TO DEFAULT` : `RESET ${name}`}`, note: with_(UNKNOWN_BEFORE) });
  }
}

function tableCommand(target: string, cmd: Node, r: Reading): void {
  const subtype = str(cmd.subtype) ?? '';
  const name = str(cmd.name);
  const flip = TABLE_FLIPS[subtype];
  if (subtype === 'AT_SetNotNull' || subtype === 'AT_DropNotNull') {
    const set = subtype === 'AT_SetNotNull';
    const col = `ALTER COLUMN ${quoteIdent(name ?? '?')}`;
    r.changes.push({ what: `${target} ${col} ${set ? 'SET' : 'DROP'} NOT NULL`, undo: `${target} ${col} ${set ? 'DROP' : 'SET'} NOT NULL;` });
  } else if (flip) {
    const suffix = name ? ` ${quoteIdent(name)}` : '';
    r.changes.push({ what: `${target} ${flip[0]}${suffix}`, undo: `${target} ${flip[1]}${suffix};` });
  } else if (subtype === 'AT_SetRelOptions' || subtype === 'AT_ResetRelOptions') {
    const options = asArray(((cmd.def as Node | undefined)?.List as Node | undefined)?.items ?? cmd.def).map((o) => (o as Node).DefElem as Node);
    const names = options.map((d) => `${str(d.defnamespace) ? `${str(d.defnamespace)}.` : ''}${str(d.defname) ?? '?'}`);
    if (subtype === 'AT_ResetRelOptions') return void r.changes.push({ what: `${target} RESET (${names.join(', ')})`, note: UNKNOWN_BEFORE });
    const pairs = options.map((d, i) => `${names[i]} = ${constant(d.arg) ?? '?'}`);
    r.changes.push({ what: `${target} SET (${pairs.join(', ')})`, undo: `${target} RESET (${names.join(', ')});`, note: `${UNKNOWN_BEFORE}: RESET goes back to the default` });
  } else if (subtype === 'AT_AddColumn') {
    const col = quoteIdent(str(((cmd.def as Node | undefined)?.ColumnDef as Node | undefined)?.colname) ?? '?');
    r.changes.push({ what: `${target} ADD COLUMN ${col}`, undo: `${target} DROP COLUMN ${col};` });
  } else if (subtype === 'AT_AddConstraint') {
    const con = str(((cmd.def as Node | undefined)?.Constraint as Node | undefined)?.conname);
    r.changes.push({ what: `${target} ADD CONSTRAINT ${con ? quoteIdent(con) : '(unnamed)'}`, ...(con ? { undo: `${target} DROP CONSTRAINT ${quoteIdent(con)};` } : { note: 'the constraint name is chosen by the server' }) });
  } else if (subtype === 'AT_DropColumn' || subtype === 'AT_DropConstraint') {
    r.changes.push({ what: `${target} DROP ${subtype === 'AT_DropColumn' ? 'COLUMN' : 'CONSTRAINT'} ${quoteIdent(name ?? '?')}`, note: 'no undo from the statement: restore from a backup' });
  } else {
    const words = subtype.replace(/^AT_/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
    r.changes.push({ what: `${target} ${words}${name ? ` ${quoteIdent(name)}` : ''}`, note: UNKNOWN_BEFORE });
  }
}
