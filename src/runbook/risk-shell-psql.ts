// psql in shell: the risk is the SQL's, wherever psql reads it from.
//
//   SQL source                                   risk
//   -c SQL / --command=SQL (repeatable)          the SQL's (a `\` command: the meta-command's)
//   a heredoc, a here-string, a pipe from echo,  the SQL's, split as psql splits its input (statements and
//   printf or cat <<EOF                          meta-commands)
//   -f FILE, < FILE, a pipe from another program write at least: the SQL is not known here
//   -l / --list                                  read
//   -o FILE                                      write (it writes FILE), besides the SQL's risk
//   none of those                                read: an interactive session runs nothing by itself
// SQL the parser rejects gets the lexical scan's answer (risk-sql-dynamic.ts): never read.
import type { ShellWord } from './shell-syntax.js';
import { finding, target, within, type Finding, type RiskResult } from './risk-result.js';
import { classifySqlText } from './risk-sql.js';
import { classifyMeta } from './risk-meta.js';
import { splitSql } from './sql-split.js';
import { stdinOf, type Io } from './risk-shell-wrappers.js';

// Flags without a value that may be clustered before a value flag (`-Atc SQL`, `-qXf file`).
const CLUSTER = '[AaEeHLnqSstXxz0bl1]*';
const VALUED = ['-h', '--host', '-p', '--port', '-U', '--username', '-d', '--dbname', '-v', '--set', '--variable', '-P', '--pset', '-o', '--output', '-L', '--log-file', '-F', '--field-separator', '-R', '--record-separator', '-T', '--table-attr'];

export function psqlFindings(program: string, args: ShellWord[], io: Io, _depth: number): Finding[] {
  const sqls: string[] = [];
  const files: string[] = [];
  const positional: string[] = [];
  let database: string | undefined;
  let list = false;
  let output: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!.value;
    if (a === '--command' || new RegExp(`^-${CLUSTER}c$`).test(a)) sqls.push(args[++i]?.value ?? '');
    else if (a.startsWith('--command=')) sqls.push(a.slice('--command='.length));
    else if (/^-c./.test(a)) sqls.push(a.slice(2));
    else if (a === '--file' || new RegExp(`^-${CLUSTER}f$`).test(a)) files.push(args[++i]?.value ?? '');
    else if (a.startsWith('--file=')) files.push(a.slice('--file='.length));
    else if (/^-f./.test(a)) files.push(a.slice(2));
    else if (a === '-l' || a === '--list') list = true;
    else if (a === '-d' || a === '--dbname') database = args[++i]?.value;
    else if (a === '-o' || a === '--output') output = args[++i]?.value;
    else if (a.startsWith('--output=')) output = a.slice('--output='.length);
    else if (a.startsWith('--dbname=')) database = a.slice('--dbname='.length);
    else if (VALUED.includes(a)) i++;
    else if (!a.startsWith('-')) positional.push(a);
  }
  database ??= positional[0];
  const db = database !== undefined && !/[/:=@]/.test(database) && args.find((w) => w.value === database)?.literal !== false ? target('database', database) : undefined;
  const findings: Finding[] = [];
  if (output !== undefined && !/^\/dev\/(null|stdout|stderr)$/.test(output)) findings.push(finding('write', `${program} writes query results to ${output}`, target('file', output)));
  for (const sql of sqls) findings.push(...within(sqlInput(sql, true), `${program} -c: `, db));
  for (const file of files) {
    if (file === '-') continue;
    findings.push(finding('write', `${program} runs the SQL file ${file} (its content is not read here)`, target('file', file)));
  }
  const readsStdin = (sqls.length === 0 && files.length === 0) || files.includes('-');
  const input = readsStdin && !list ? stdinOf(io) : undefined;
  if (input && 'text' in input) findings.push(...within(sqlInput(input.text, false), `${program} reads from ${input.how}: `, db));
  else if (input && 'file' in input) findings.push(finding('write', `${program} runs the SQL in ${input.file} (its content is not read here)`, target('file', input.file), db));
  else if (input) findings.push(finding('write', `${program} runs SQL produced by \`${input.from}\`, which is not known here`, db));
  else if (list) findings.push(finding('read', `${program} -l lists databases`));
  else if (readsStdin) findings.push(finding('read', `${program} without -c/-f opens an interactive session (runs nothing by itself)`));
  return findings;
}

/** SQL text psql runs: `-c` text is one unit (SQL, or one meta-command); input is split like a file. */
function sqlInput(text: string, command: boolean): Finding[] {
  if (command && text.trimStart().startsWith('\\')) return findingsOf(classifyMeta(text));
  const pieces = command ? [{ text, kind: 'sql' as const }] : splitSql(text);
  const out: Finding[] = [];
  for (const piece of pieces) {
    if (piece.kind === 'note') continue;
    if (piece.kind === 'psql-meta') out.push(...findingsOf(classifyMeta(piece.text)));
    else if (piece.kind === 'shell') out.push(finding('write', `psql is given a line it will not understand as SQL (${piece.text.split('\n')[0]})`));
    else {
      // SQL the parser rejects comes back judged by the lexical scan, never read.
      out.push(...findingsOf(classifySqlText(piece.text)));
    }
  }
  if (out.length === 0) out.push(finding('read', 'no statements'));
  return out;
}

function findingsOf(result: RiskResult): Finding[] {
  const reasons = result.reasons.length > 0 ? result.reasons : ['no statements'];
  return reasons.map((reason, i) => (i === 0 && result.targets ? { risk: result.risk, reason, targets: result.targets } : { risk: result.risk, reason }));
}
