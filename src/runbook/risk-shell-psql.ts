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
import type { Io } from './risk-shell-wrappers.js';
import { stdinOf } from './shell-input.js';
import { readPsqlArgs } from './shell-psql.js';

export function psqlFindings(program: string, args: ShellWord[], io: Io, _depth: number): Finding[] {
  const psql = readPsqlArgs(args);
  const name = psql.database?.value;
  const db = name !== undefined && !/[/:=@]/.test(name) && psql.database?.literal !== false ? target('database', name) : undefined;
  const findings: Finding[] = [];
  if (psql.output !== undefined && !/^\/dev\/(null|stdout|stderr)$/.test(psql.output)) findings.push(finding('write', `${program} writes query results to ${psql.output}`, target('file', psql.output)));
  for (const sql of psql.commands) findings.push(...within(sqlInput(sql.text, true), `${program} -c: `, db));
  for (const file of psql.files) {
    if (file === '-') continue;
    findings.push(finding('write', `${program} runs the SQL file ${file} (its content is not read here)`, target('file', file)));
  }
  const input = psql.readsStdin && !psql.list ? stdinOf(io.command, io.script) : undefined;
  if (input && 'text' in input) findings.push(...within(sqlInput(input.text, false), `${program} reads from ${input.how}: `, db));
  else if (input?.kind === 'file') findings.push(finding('write', `${program} runs the SQL in ${input.file} (its content is not read here)`, target('file', input.file), db));
  else if (input?.kind === 'program') findings.push(finding('write', `${program} runs SQL produced by \`${input.from}\`, which is not known here`, db));
  else if (psql.list) findings.push(finding('read', `${program} -l lists databases`));
  else if (psql.readsStdin) findings.push(finding('read', `${program} without -c/-f opens an interactive session (runs nothing by itself)`));
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
