// The table lock a DDL statement takes (PostgreSQL's documentation, "Explicit Locking" and each
// command's page), and the probe that lists the sessions holding or awaiting a lock that conflicts
// with it: those it would queue behind, and the queries that would then queue behind it. Where a
// command's lock depends on details not read here, the strongest lock it may take is named (fail safe).
//
//   statement                                              lock
//   DROP TABLE/INDEX/VIEW/..., TRUNCATE, VACUUM FULL, CLUSTER,
//   REINDEX, ALTER TABLE (most forms), ALTER INDEX, RENAME  ACCESS EXCLUSIVE
//   REFRESH MATERIALIZED VIEW CONCURRENTLY                  EXCLUSIVE
//   CREATE TRIGGER, ALTER TABLE ADD FOREIGN KEY / ENABLE|DISABLE TRIGGER     SHARE ROW EXCLUSIVE
//   CREATE INDEX                                            SHARE
//   VACUUM, ANALYZE, CREATE INDEX / REINDEX / DROP INDEX CONCURRENTLY,
//   ALTER TABLE SET STATISTICS / VALIDATE CONSTRAINT / SET (options) / ATTACH PARTITION   SHARE UPDATE EXCLUSIVE
//   LOCK TABLE ... IN <mode>                                that mode
import { asArray, relationName, str, type Node } from './parse-tree.js';
import { ident, literal } from './sql-deparse.js';
import type { LockMode, Probe } from './preview-probe.js';

export type { LockMode } from './preview-probe.js';


/** In PostgreSQL's order (lockdefs.h numbers them 1..8, as LockStmt's `mode` does). */
const MODES: LockMode[] = ['ACCESS SHARE', 'ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'];

/** The table-level lock conflict matrix: which modes each mode conflicts with. */
const CONFLICTS: Record<LockMode, LockMode[]> = {
  'ACCESS SHARE': ['ACCESS EXCLUSIVE'],
  'ROW SHARE': ['EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'ROW EXCLUSIVE': ['SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'SHARE UPDATE EXCLUSIVE': ['SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  SHARE: ['ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'SHARE ROW EXCLUSIVE': ['ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  EXCLUSIVE: ['ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'ACCESS EXCLUSIVE': MODES,
};

/** pg_locks names modes `AccessExclusiveLock`. */
export function pgLockName(mode: LockMode): string {
  return `${mode.toLowerCase().replace(/(^| )([a-z])/g, (_m, _s, c: string) => c.toUpperCase())}Lock`;
}

/** ALTER TABLE subcommands lighter than ACCESS EXCLUSIVE. */
const ALTER_TABLE_LOCKS: Record<string, LockMode> = {
  AT_SetStatistics: 'SHARE UPDATE EXCLUSIVE',
  AT_ValidateConstraint: 'SHARE UPDATE EXCLUSIVE',
  AT_SetRelOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_ResetRelOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_SetOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_ResetOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_ClusterOn: 'SHARE UPDATE EXCLUSIVE',
  AT_DropCluster: 'SHARE UPDATE EXCLUSIVE',
  AT_AttachPartition: 'SHARE UPDATE EXCLUSIVE',
  AT_EnableTrig: 'SHARE ROW EXCLUSIVE',
  AT_DisableTrig: 'SHARE ROW EXCLUSIVE',
  AT_EnableTrigAll: 'SHARE ROW EXCLUSIVE',
  AT_DisableTrigAll: 'SHARE ROW EXCLUSIVE',
  AT_EnableTrigUser: 'SHARE ROW EXCLUSIVE',
  AT_DisableTrigUser: 'SHARE ROW EXCLUSIVE',
};

const RELATION_DROPS = new Set(['OBJECT_TABLE', 'OBJECT_INDEX', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_SEQUENCE', 'OBJECT_FOREIGN_TABLE']);

function strongest(modes: LockMode[]): LockMode {
  return modes.reduce((a, b) => (MODES.indexOf(b) > MODES.indexOf(a) ? b : a));
}

function hasOption(list: unknown, name: string): boolean {
  return asArray(list).some((o) => ((o as Node).DefElem as Node | undefined)?.defname === name);
}

function names(list: unknown): string[] {
  return asArray(list).map((i) => str(((i as Node).String as Node | undefined)?.sval)).filter((s): s is string => s !== undefined);
}

/** The lock a statement takes on the tables it names; undefined for statements that take no such lock. */
export function lockOf(type: string, node: Node): { mode: LockMode; tables: string[] } | undefined {
  const one = (mode: LockMode, relation: unknown) => {
    const table = relationName(relation);
    return table === undefined ? undefined : { mode, tables: [table] };
  };
  const rels = (mode: LockMode, list: unknown[]) => {
    const tables = list.map(relationName).filter((t): t is string => t !== undefined);
    return tables.length > 0 ? { mode, tables } : undefined;
  };
  switch (type) {
    case 'AlterTableStmt': {
      const modes = asArray(node.cmds).map((c) => {
        const cmd = (c as Node).AlterTableCmd as Node;
        const sub = str(cmd.subtype) ?? '';
        const constraint = (cmd.def as Node | undefined)?.Constraint as Node | undefined;
        if (sub === 'AT_AddConstraint' && constraint?.contype === 'CONSTR_FOREIGN') return 'SHARE ROW EXCLUSIVE' as LockMode;
        if (sub === 'AT_DetachPartition' && ((cmd.def as Node | undefined)?.PartitionCmd as Node | undefined)?.concurrent === true) return 'SHARE UPDATE EXCLUSIVE' as LockMode;
        return ALTER_TABLE_LOCKS[sub] ?? 'ACCESS EXCLUSIVE';
      });
      return modes.length > 0 ? one(strongest(modes), node.relation) : undefined;
    }
    case 'DropStmt': {
      if (!RELATION_DROPS.has(str(node.removeType) ?? '')) return undefined;
      const tables = asArray(node.objects).map((o) => names(((o as Node).List as Node | undefined)?.items).join('.')).filter((t) => t !== '');
      const mode: LockMode = node.concurrent === true ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE';
      return tables.length > 0 ? { mode, tables } : undefined;
    }
    case 'TruncateStmt':
      return rels('ACCESS EXCLUSIVE', asArray(node.relations).map((r) => (r as Node).RangeVar));
    case 'IndexStmt':
      return one(node.concurrent === true ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE', node.relation);
    case 'ReindexStmt':
      return one(hasOption(node.params, 'concurrently') ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE', node.relation);
    case 'ClusterStmt':
      return one('ACCESS EXCLUSIVE', node.relation);
    case 'VacuumStmt': {
      const full = node.is_vacuumcmd === true && hasOption(node.options, 'full');
      return rels(full ? 'ACCESS EXCLUSIVE' : 'SHARE UPDATE EXCLUSIVE', asArray(node.rels).map((r) => ((r as Node).VacuumRelation as Node | undefined)?.relation));
    }
    case 'LockStmt': {
      const mode = MODES[(typeof node.mode === 'number' ? node.mode : 8) - 1] ?? 'ACCESS EXCLUSIVE';
      return rels(mode, asArray(node.relations).map((r) => (r as Node).RangeVar));
    }
    case 'RefreshMatViewStmt':
      return one(node.concurrent === true ? 'EXCLUSIVE' : 'ACCESS EXCLUSIVE', node.relation);
    case 'CreateTrigStmt':
      return one('SHARE ROW EXCLUSIVE', node.relation);
    case 'RenameStmt':
      return node.relation ? one('ACCESS EXCLUSIVE', node.relation) : undefined;
  }
  return undefined;
}

/** A name as written (`public.animals`) as the text `to_regclass` reads: each part quoted. */
export function regclassText(name: string): string {
  return literal(name.split('.').map(ident).join('.'));
}

/**
 * The sessions (other than this one) holding or waiting for a lock on the tables (an index counts as
 * its table) in a mode that conflicts with `mode`.
 */
export function locksProbe(lock: { mode: LockMode; tables: string[] }): Probe {
  const tables = lock.tables.map((t) => `(${regclassText(t)})`).join(', ');
  const modes = CONFLICTS[lock.mode].map((m) => literal(pgLockName(m))).join(', ');
  const sql = `SELECT l.pid, a.usename, a.application_name, a.state, l.mode, l.granted, left(a.query, 200) AS query, l.relation::regclass::text AS "table"
FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'relation' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.relation IN (SELECT coalesce(i.indrelid, r.oid::oid) FROM (SELECT to_regclass(n) AS oid FROM (VALUES ${tables}) v(n)) r LEFT JOIN pg_index i ON i.indexrelid = r.oid WHERE r.oid IS NOT NULL)
  AND l.mode IN (${modes}) AND l.pid IS DISTINCT FROM pg_backend_pid()
ORDER BY l.granted DESC, l.pid`;
  return { kind: 'locks', sql, label: `${lock.mode} lock on ${lock.tables.join(', ')}` };
}
