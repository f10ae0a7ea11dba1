// Reading libpg-query's JSON parse tree: nodes are `{ TypeName: { field: ... } }` objects, some fields
// hold bare bodies without the type wrapper (`relation`), names are lists of `{ String: { sval } }`.
// These helpers pull out the few names risk classification needs, tolerating any missing field.

export type Node = Record<string, unknown>;

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function isFalse(arg: unknown): boolean {
  const a = arg as Node | undefined;
  const boolean = (a?.Boolean as Node | undefined) ?? ((a?.A_Const as Node | undefined)?.boolval as Node | undefined);
  if (boolean && typeof boolean === 'object') return boolean.boolval !== true;
  const s = str((a?.String as Node | undefined)?.sval)?.toLowerCase();
  return s === 'false' || s === 'off' || s === '0';
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function relationName(relation: unknown): string | undefined {
  const r = relation as Node | undefined;
  const name = str(r?.relname);
  if (name === undefined) return undefined;
  const schema = str(r?.schemaname);
  return schema ? `${schema}.${name}` : name;
}

export function roleName(spec: unknown): string | undefined {
  const role = (spec as Node | undefined)?.RoleSpec as Node | undefined;
  if (!role) return undefined;
  if (role.roletype === 'ROLESPEC_PUBLIC') return 'PUBLIC';
  return str(role.rolename) ?? str(role.roletype)?.replace(/^ROLESPEC_/, '');
}

export function objectType(removeType: unknown): string {
  return (str(removeType) ?? 'OBJECT').replace(/^OBJECT_/, '').replace(/_/g, ' ');
}

export function dropTarget(objects: unknown): string | undefined {
  const first = asArray(objects)[0] as Node | undefined;
  if (!first) return undefined;
  // DROP TABLE a.b: a List of names; DROP FUNCTION f(int): ObjectWithArgs; DROP TYPE t: TypeName.
  const items = first.List
    ? asArray((first.List as Node).items)
    : first.ObjectWithArgs
      ? asArray((first.ObjectWithArgs as Node).objname)
      : first.TypeName
        ? asArray((first.TypeName as Node).names)
        : [first];
  const names = items.map((i) => str(((i as Node).String as Node | undefined)?.sval)).filter((s) => s !== undefined);
  return names.length > 0 ? names.join('.') : undefined;
}
