// Writing names and values back as SQL, from libpg-query's parse tree: the tree holds names as the server
// resolved them (case-folded unless quoted), so a name is written bare only when it would read back as
// the same name, and quoted otherwise. Used where the report shows SQL built from a tree (the statement
// that undoes a change); the tree's own text is used wherever it can be.

import { asArray, str, type Node } from './parse-tree.js';

/** PostgreSQL's reserved key words (and those reserved as function or type names): quoted as names. */
const RESERVED = new Set(
  `all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation
  column concurrently constraint create cross current_catalog current_date current_role current_schema current_time
  current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze
  from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit
  localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references
  returning right select session_user similar some symmetric system_user table tablesample then to trailing true union
  unique user using variadic verbose when where window with`.split(/\s+/),
);

export function quoteIdent(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A RangeVar body (`relation`, a table list item unwrapped) as `schema.name`. */
export function relation(r: unknown): string | undefined {
  const body = ((r as Node | undefined)?.RangeVar as Node | undefined) ?? (r as Node | undefined);
  const name = str(body?.relname);
  if (name === undefined) return undefined;
  const schema = str(body?.schemaname);
  return schema ? `${quoteIdent(schema)}.${quoteIdent(name)}` : quoteIdent(name);
}

/** A list of `{ String: { sval } }` (a dotted name) as SQL. */
export function dotted(items: unknown): string | undefined {
  const parts = asArray(items).map((i) => str(((i as Node).String as Node | undefined)?.sval));
  if (parts.length === 0 || parts.some((p) => p === undefined)) return undefined;
  return (parts as string[]).map(quoteIdent).join('.');
}

/** A RoleSpec (wrapped or bare) as SQL: PUBLIC, CURRENT_USER, ... or the quoted role name. */
export function role(spec: unknown): string | undefined {
  const r = ((spec as Node | undefined)?.RoleSpec as Node | undefined) ?? (spec as Node | undefined);
  const type = str(r?.roletype);
  if (type === 'ROLESPEC_CSTRING') {
    const name = str(r?.rolename);
    return name === undefined ? undefined : quoteIdent(name);
  }
  return type ? type.replace(/^ROLESPEC_/, '') : undefined;
}

/** A constant argument (A_Const, or a cast of one) as the value it holds, for words; undefined otherwise. */
export function constant(node: unknown): string | undefined {
  const n = node as Node | undefined;
  const cast = n?.TypeCast as Node | undefined;
  if (cast) return constant(cast.arg);
  const c = (n?.A_Const as Node | undefined) ?? (n && ('sval' in n || 'ival' in n || 'fval' in n || 'boolval' in n) ? n : undefined);
  if (!c) {
    // Values in DefElem args come bare: { String: { sval } }, { Integer: { ival } }, { Boolean: { boolval } }.
    const s = (n?.String as Node | undefined)?.sval;
    if (typeof s === 'string') return s;
    const i = n?.Integer as Node | undefined;
    if (i) return String(i.ival ?? 0);
    const b = n?.Boolean as Node | undefined;
    if (b) return String(b.boolval === true);
    return undefined;
  }
  if (c.isnull) return 'NULL';
  const sval = (c.sval as Node | undefined)?.sval;
  if (typeof sval === 'string') return sval;
  if (c.ival) return String((c.ival as Node).ival ?? 0);
  if (c.fval) return String((c.fval as Node).fval ?? '0');
  if (c.boolval) return String((c.boolval as Node).boolval === true);
  return undefined;
}

/** A SET's values as SQL (`'64MB'`, `on`, `a, b`), or undefined when one is not a constant. */
export function setValues(args: unknown): string | undefined {
  const values = asArray(args).map((a) => {
    const v = constant(a);
    if (v === undefined) return undefined;
    return /^(-?\d+(\.\d+)?|on|off|true|false)$/i.test(v) ? v : quoteLiteral(v);
  });
  return values.some((v) => v === undefined) ? undefined : values.join(', ');
}
