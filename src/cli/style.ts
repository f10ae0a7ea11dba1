// Terminal styling for the non-UI commands (list, show, graph, check): ANSI colors only when stdout is
// a terminal and NO_COLOR is unset (FORCE_COLOR forces them), and a small SQL highlighter. Kept apart
// from src/ui so these commands never load Ink or React.
import type { Risk } from '../runbook/model.js';

export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
  magenta(text: string): string;
}

const wrap = (on: boolean, open: number, close: number) => (text: string) => (on ? `\x1b[${open}m${text}\x1b[${close}m` : text);

export function paint(on: boolean): Paint {
  return {
    bold: wrap(on, 1, 22),
    dim: wrap(on, 2, 22),
    red: wrap(on, 31, 39),
    yellow: wrap(on, 33, 39),
    green: wrap(on, 32, 39),
    cyan: wrap(on, 36, 39),
    magenta: wrap(on, 35, 39),
  };
}

export function riskBadge(risk: Risk, p: Paint): string {
  if (risk === 'destructive') return p.bold(p.red('[DESTRUCTIVE]'));
  if (risk === 'write') return p.yellow('[write]');
  return p.green('[read]');
}

const KEYWORDS = new Set(
  `select from where and or not null is in as on join left right inner outer full cross group by order having limit offset
   insert into values update set delete truncate drop create alter table index view function returns return begin end
   declare language grant revoke all to with union distinct case when then else exists vacuum analyze reindex explain
   notify database schema if replace do true false interval desc asc count current_date now`.split(/\s+/),
);

/** Keywords bold, strings green, comments dim, placeholders magenta; text unchanged without color. */
export function highlightSql(sql: string, p: Paint, on: boolean): string {
  if (!on) return sql;
  const token = /(--[^\n]*|\/\*[\s\S]*?\*\/)|('(?:[^']|'')*'?)|(\$[A-Za-z_]*\$[\s\S]*?\$[A-Za-z_]*\$)|(\[[A-Za-z][A-Za-z0-9_ ]*\])|([A-Za-z_][A-Za-z0-9_]*)/g;
  return sql.replace(token, (match, comment, string, dollar, placeholder, word) => {
    if (comment) return p.dim(match);
    if (string || dollar) return p.green(match);
    if (placeholder) return p.magenta(match);
    if (word && KEYWORDS.has(word.toLowerCase())) return p.bold(p.cyan(match));
    return match;
  });
}

/** Pads cells into aligned columns (widths from the visible text, without ANSI codes). */
export function columns(rows: string[][], gap = 2): string[] {
  const visible = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '').length;
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visible(cell))));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - visible(cell) + gap)))
      .join('')
      .trimEnd(),
  );
}
