// Shell binding from the finder's record: a value never becomes shell code. It travels in an
// environment variable, referenced where the placeholder stood with the quoting that spot needs:
//
//   spot                                    written as
//   bare word                               "${RB_X}"
//   inside "..."                            ${RB_X}
//   inside '...'                            '"${RB_X}"'      (close, expand in double quotes, reopen)
//   inside $'...'                           '"${RB_X}"$'
//   heredoc body, <<EOF                     ${RB_X}          (an expansion's result is never expanded again)
//   heredoc body, <<'EOF'                   ${RB_X}, and the heredoc becomes <<EOF with the body's own
//                                           \ $ ` escaped, so the rest of it still reads as written
//
// SQL that the statement hands to psql (-c, a heredoc, a here-string, a pipe) is bound as SQL first
// (bind-sql.ts); each edited piece of SQL, already quoted for PostgreSQL, is one RB_SQL_<n> variable
// expanded where that piece stood. psql never sees a value outside a literal or identifier, and the
// shell never sees it outside an expansion. (psql does not interpolate its own :'var' in -c text, which
// is why psql variables are not the carrier; an environment variable works the same in -c, heredocs
// and pipes.)
//
// Refused with one line: a value starting with `-` where it would be a separate argument not after
// `--` (it would be read as an option); a value other than [A-Za-z0-9_.,:/@%+=-] in text that another
// shell evaluates (`ssh host "..."`, `bash -c "..."`, `eval`), where no local quoting survives; a
// value with a backslash (or `%` in a format) where echo -e / printf would rewrite it on its way to psql.
import { UserError, EXIT } from '../errors.js';
import { ValueRefused } from './bind-refused.js';
import type { HeredocLayer, PlaceholderUse, PsqlLayer, ShellQuote, ShellWordLayer, Statement } from '../runbook/model.js';
import { sqlEdits, type Edit, type SqlValueUse } from './bind-sql.js';
import { MASK } from './redact.js';

export interface ShellValue {
  use: PlaceholderUse;
  value: string;
  secret: boolean;
}

export interface ShellBinding {
  edits: Edit[];
  env: Record<string, string>;
}

const NESTED_SAFE = /^[A-Za-z0-9_.,:/@%+=-]*$/;
/** In SQL: no quotes, comments (`--`, `/*`), statement ends, psql variables (`:x`) or spaces. */
const NESTED_SAFE_SQL = /^[A-Za-z0-9_.@/+]*$/;

export function envName(name: string): string {
  return `RB_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** How to reference variable `name` at a spot that starts in quoting `from` and ends in quoting `to`. */
export function expansion(name: string, from: ShellQuote, to: ShellQuote): string {
  const ref = `\${${name}}`;
  if (from === to && (from === 'double' || from === 'heredoc' || from === 'heredoc-quoted')) return ref;
  const close = from === 'double' ? '"' : from === 'single' || from === 'ansi-c' ? "'" : '';
  const open = to === 'double' ? '"' : to === 'single' ? "'" : to === 'ansi-c' ? "$'" : '';
  return `${close}"${ref}"${open}`;
}

export function bindShell(statement: Statement, values: ShellValue[]): ShellBinding {
  const edits: Edit[] = [];
  const env: Record<string, string> = {};
  const heredocs = new Map<number, HeredocLayer>();
  const psql = new Map<number, { layer: PsqlLayer; outer: ShellValue['use']['spot']['layers']; uses: SqlValueUse[] }>();

  for (const v of values) {
    const layers = v.use.spot.layers;
    const at = layers.findIndex((l) => l.layer === 'psql');
    if (at >= 0) {
      const layer = layers[at] as PsqlLayer;
      let group = psql.get(layer.start);
      if (!group) psql.set(layer.start, (group = { layer, outer: layers.slice(0, at), uses: [] }));
      group.uses.push({ layers: layers.slice(at + 1), spot: v.use.spot, name: v.use.name, value: v.value, secret: v.secret });
      continue;
    }
    checkShellValue(statement, v, layers);
    const word = layers.findLast((l) => l.layer === 'shell-word') as ShellWordLayer | undefined;
    const heredoc = layers.findLast((l) => l.layer === 'heredoc') as HeredocLayer | undefined;
    const inHeredoc = heredoc !== undefined && (!word || heredoc.start > word.start);
    const quote: ShellQuote = inHeredoc ? (heredoc.quoted ? 'heredoc-quoted' : 'heredoc') : (word?.quote ?? 'none');
    if (inHeredoc && heredoc.quoted) heredocs.set(heredoc.start, heredoc);
    const name = envName(v.use.name);
    env[name] = v.value;
    const shown = v.secret ? MASK : v.value;
    edits.push({ start: v.use.spot.start, end: v.use.spot.end, run: expansion(name, quote, quote), show: quote === 'none' ? shellQuote(shown) : shown });
  }

  let n = 0;
  for (const { layer, outer, uses } of [...psql.values()].sort((a, b) => a.layer.start - b.layer.start)) {
    for (const u of uses) checkPsqlValue(statement, u, outer);
    for (const edit of sqlEdits(layer.sql, uses)) {
      const from = pieceAt(layer, edit.start);
      const to = pieceAt(layer, edit.end - 1);
      if (layer.map.some((p) => p.expansion && p.sql < edit.end && p.sql + p.sqlLength > edit.start)) {
        throw new UserError(`a value at line ${statement.line} would take the place of a shell expansion in the SQL given to psql; bind it where no $VAR or $(...) is part of the same SQL string`, EXIT.usage);
      }
      const start = from.sqlLength === from.textLength ? from.text + (edit.start - from.sql) : from.text;
      const end = to.sqlLength === to.textLength ? to.text + (edit.end - to.sql) : to.text + to.textLength;
      const name = `RB_SQL_${++n}`;
      env[name] = edit.run;
      if (from.quote === 'heredoc-quoted') {
        const heredoc = outer.findLast((l) => l.layer === 'heredoc') as HeredocLayer | undefined;
        if (heredoc) heredocs.set(heredoc.start, heredoc);
      }
      edits.push({ start, end, run: expansion(name, from.quote, to.quote), show: edit.show });
    }
  }

  for (const heredoc of heredocs.values()) edits.push(...unquoteHeredoc(statement, heredoc, edits));
  return { edits, env };
}

function pieceAt(layer: PsqlLayer, offset: number) {
  const piece = layer.map.find((p) => offset >= p.sql && offset < p.sql + Math.max(1, p.sqlLength));
  if (!piece) throw new Error(`offset ${offset} of the SQL given to psql has no source`);
  return piece;
}

function checkShellValue(statement: Statement, v: ShellValue, layers: ShellValue['use']['spot']['layers']): void {
  const word = layers.findLast((l) => l.layer === 'shell-word') as ShellWordLayer | undefined;
  if (word?.optionExposed && v.value.startsWith('-')) {
    throw new ValueRefused(v.use.name, `parameter [${v.use.name}] starts with "-" and would be read as an option by ${word.program ?? 'the command'} (line ${statement.line}); ` +
        'give a value that does not start with "-", or write "--" before it in the runbook',
    );
  }
  checkNested(statement, v.use.name, v.value, layers);
}

function checkPsqlValue(statement: Statement, u: SqlValueUse, outer: ShellValue['use']['spot']['layers']): void {
  checkNested(statement, u.name, u.value, outer);
  const psql = u.spot.layers.find((l) => l.layer === 'psql') as PsqlLayer | undefined;
  if (psql?.rewrites === 'backslashes' && u.value.includes('\\')) {
    throw new ValueRefused(u.name, `parameter [${u.name}] holds a backslash, which echo -e would rewrite before psql reads it (line ${statement.line})`);
  }
  if (psql?.rewrites === 'format' && /[\\%]/.test(u.value)) {
    throw new ValueRefused(u.name, `parameter [${u.name}] holds \\ or %, which printf's format would rewrite before psql reads it (line ${statement.line})`);
  }
}

function checkNested(statement: Statement, name: string, value: string, layers: ShellValue['use']['spot']['layers']): void {
  const nested = layers.find((l) => (l.layer === 'shell-word' || l.layer === 'heredoc') && l.evaluatedBy) as ShellWordLayer | HeredocLayer | undefined;
  if (!nested) return;
  const sql = nested.evaluatedBy === 'psql';
  if ((sql ? NESTED_SAFE_SQL : NESTED_SAFE).test(value)) return;
  const what = sql ? 'psql reads as SQL by a way runbook does not follow' : `${nested.evaluatedBy} runs as shell code`;
  const allowed = sql ? 'letters, digits and . _ @ / +' : 'letters, digits and . , : / @ % + = _ -';
  throw new ValueRefused(name, `parameter [${name}] goes into text that ${what} (line ${statement.line}), where only ${allowed} are safe`);
}

/** `<<'EOF'` -> `<<EOF`, the body's own `\`, `$`, backquote escaped outside the edits, so it reads the same. */
function unquoteHeredoc(statement: Statement, heredoc: HeredocLayer, edits: Edit[]): Edit[] {
  if (!/^[A-Za-z0-9_]+$/.test(heredoc.delimiter)) {
    throw new UserError(`cannot bind a value into the heredoc ending with "${heredoc.delimiter}" at line ${statement.line}: use a plain word as its delimiter`, EXIT.usage);
  }
  const out: Edit[] = [{ start: heredoc.delimiterSpan.start, end: heredoc.delimiterSpan.end, run: heredoc.delimiter, show: heredoc.delimiter }];
  const inside = edits.filter((e) => e.start >= heredoc.start && e.end <= heredoc.end).sort((a, b) => a.start - b.start);
  let at = heredoc.start;
  const escapeRun = (from: number, to: number) => {
    const text = statement.text.slice(from, to);
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '\\' || text[i] === '$' || text[i] === '`') out.push({ start: from + i, end: from + i + 1, run: `\\${text[i]}`, show: text[i]! });
    }
  };
  for (const e of inside) {
    escapeRun(at, e.start);
    at = e.end;
  }
  escapeRun(at, heredoc.end);
  return out;
}
