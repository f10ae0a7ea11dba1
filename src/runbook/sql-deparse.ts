// Parse trees back to SQL text, for the blast-radius preview's rewrites (preview-*.ts): a DELETE's
// FROM and WHERE become a count, a pg_terminate_backend() query the list of sessions it would end.
//
// pgsql-deparser is the deparser libpg-query's authors keep for its PostgreSQL 18 trees (libpg-query 18
// ships none of its own), pure TypeScript. It is loaded on first use: ~70 ms of module loading that
// only a session about to confirm a write needs, never `list` or `show`. Every rewrite is checked:
// a statement whose deparsed text does not parse back to the same tree is not rewritten, since its
// preview would be of some other statement.
import { parseSql } from './sql-parser.js';
import type { Node } from './parse-tree.js';

type Deparse = (node: unknown) => string;

let deparseSync: Deparse | undefined;
let loading: Promise<void> | undefined;

export async function ensureDeparser(): Promise<void> {
  if (deparseSync) return;
  loading ??= import('pgsql-deparser').then((m) => {
    // A CommonJS package: the built binary's chunk gives its exports as `default` only.
    const found = (m.deparseSync ?? (m as unknown as { default?: { deparseSync?: unknown } }).default?.deparseSync) as Deparse | undefined;
    if (typeof found !== 'function') throw new Error('pgsql-deparser has no deparseSync');
    deparseSync = found;
  });
  await loading;
}

export function isDeparserReady(): boolean {
  return deparseSync !== undefined;
}

/** SQL text for a statement or expression node (`{ SelectStmt: {...} }`, `{ A_Expr: {...} }`). */
export function deparse(node: Node): string {
  if (!deparseSync) throw new Error('SQL deparser not loaded: await ensureDeparser() first');
  return deparseSync(node);
}

/** Whether `stmt` (one parsed statement) deparses to text that parses back to the same tree. */
export function roundTrips(stmt: Node): boolean {
  let text: string;
  try {
    text = deparse(stmt);
  } catch {
    return false;
  }
  const again = parseSql(text);
  if (!again.ok || again.stmts.length !== 1) return false;
  return same(stmt, (again.stmts[0] as Node).stmt);
}

/** Trees equal apart from source positions. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(b)) return false;
  const keys = (o: object) => Object.keys(o).filter((k) => k !== 'location' && k !== 'stmt_location' && k !== 'stmt_len');
  const ka = keys(a);
  const kb = keys(b);
  return ka.length === kb.length && ka.every((k) => same((a as Node)[k], (b as Node)[k]));
}

/** A string literal PostgreSQL reads the same whatever `standard_conforming_strings` says. */
export function literal(value: string): string {
  const quoted = value.replace(/'/g, "''");
  return value.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

/** A quoted identifier. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
