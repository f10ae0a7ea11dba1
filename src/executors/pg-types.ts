// Column type names from OIDs. Built-in OIDs are fixed across PostgreSQL versions, so the common ones are
// known without a round trip; others (domains, enums, extension types) are looked up once per connection.

import type pg from 'pg';

const BUILTIN: Record<number, string> = {
  16: 'bool', 17: 'bytea', 18: 'char', 19: 'name', 20: 'int8', 21: 'int2', 23: 'int4', 24: 'regproc', 25: 'text',
  26: 'oid', 28: 'xid', 114: 'json', 142: 'xml', 650: 'cidr', 700: 'float4', 701: 'float8', 705: 'unknown',
  774: 'macaddr8', 790: 'money', 829: 'macaddr', 869: 'inet', 1000: '_bool', 1005: '_int2', 1007: '_int4',
  1009: '_text', 1016: '_int8', 1015: '_varchar', 1021: '_float4', 1022: '_float8', 1028: '_oid', 1042: 'bpchar',
  1043: 'varchar', 1082: 'date', 1083: 'time', 1114: 'timestamp', 1184: 'timestamptz', 1186: 'interval',
  1266: 'timetz', 1560: 'bit', 1562: 'varbit', 1700: 'numeric', 2205: 'regclass', 2206: 'regtype', 2249: 'record',
  2278: 'void', 2950: 'uuid', 3220: 'pg_lsn', 3614: 'tsvector', 3615: 'tsquery', 3802: 'jsonb', 3904: 'int4range',
  3926: 'int8range', 3910: 'tstzrange', 3912: 'daterange', 4089: 'regnamespace', 4096: 'regrole', 5038: 'pg_snapshot',
  1034: '_aclitem', 1033: 'aclitem', 3734: 'regconfig', 2211: '_regtype', 194: 'pg_node_tree', 3361: 'pg_ndistinct',
  1263: '_cstring', 2275: 'cstring', 6101: '_pg_lsn', 3221: '_pg_lsn', 1182: '_date', 1115: '_timestamp', 1185: '_timestamptz',
};

export class TypeNames {
  private readonly names = new Map<number, string>(Object.entries(BUILTIN).map(([oid, name]) => [Number(oid), name]));

  /** The names when every OID is already known (no round trip, no await), else undefined. */
  known(oids: number[]): string[] | undefined {
    const out: string[] = [];
    for (const oid of oids) {
      const name = this.names.get(oid);
      if (name === undefined) return undefined;
      out.push(name);
    }
    return out;
  }

  /** Looks up unknown OIDs on `client`; a failed lookup falls back to the number. */
  async resolve(client: pg.Client, oids: number[]): Promise<string[]> {
    const unknown = [...new Set(oids.filter((oid) => !this.names.has(oid)))];
    if (unknown.length > 0) {
      try {
        const result = await client.query<{ oid: string; typname: string }>('SELECT oid, typname FROM pg_catalog.pg_type WHERE oid = ANY($1::oid[])', [unknown]);
        for (const row of result.rows) this.names.set(Number(row.oid), row.typname);
      } catch {
        // Not worth failing a statement over a type name.
      }
    }
    return oids.map((oid) => this.names.get(oid) ?? String(oid));
  }
}
