// Shell text inside runbooks: a ```bash block is one statement (the whole script runs as one unit in
// one shell), and inside ```sql blocks a line whose first word is a well-known command (`psql -h ...`)
// is a shell statement. The command list is deliberately limited to names that can never begin an SQL
// statement, so SQL is never mistaken for shell.
import type { RawStatement } from './raw-statement.js';

const SHELL_COMMANDS = new Set([
  'psql', 'pg_dump', 'pg_dumpall', 'pg_restore', 'pg_basebackup', 'pg_isready', 'pg_ctl', 'pg_ctlcluster',
  'pg_upgrade', 'pg_rewind', 'pg_receivewal', 'pg_recvlogical', 'pg_archivecleanup', 'pg_controldata',
  'pg_resetwal', 'pg_lsclusters', 'pgbench', 'createdb', 'dropdb', 'createuser', 'dropuser', 'vacuumdb',
  'reindexdb', 'clusterdb', 'curl', 'wget', 'supabase', 'sudo', 'systemctl', 'service', 'docker', 'kubectl',
  'ssh', 'scp', 'rsync', 'export', 'echo', 'cat', 'ls', 'grep', 'tail', 'head', 'less', 'mail', 'bash', 'sh',
  'gzip', 'gunzip', 'tar', 'aws', 'gcloud', 'heroku', 'cd', 'mkdir', 'cp', 'mv', 'rm', 'chmod', 'kill',
  'pkill', 'date', 'crontab', 'journalctl', 'df', 'du', 'free', 'top', 'ps', 'uptime', 'nc', 'ping', 'dig',
  'gitlab-psql', 'gitlab-ctl', 'gitlab-rake', 'gitlab-patronictl', 'patronictl', 'pg_repack', 'pgbackrest',
]);

/** Whether the text at `start` (the first word of a line) is plainly a shell command line. */
export function isShellCommandLine(code: string, start: number): boolean {
  const word = /[A-Za-z0-9_./-]+/y;
  word.lastIndex = start;
  const match = word.exec(code);
  if (!match) return false;
  const next = code[start + match[0].length];
  if (next !== undefined && next !== ' ' && next !== '\t' && next !== '\n' && next !== '\r') return false;
  const name = match[0];
  if (SHELL_COMMANDS.has(name)) return true;
  const base = name.slice(name.lastIndexOf('/') + 1);
  // `/usr/bin/psql ...`, `./fix.sh`, `/path/to/script.sh`
  return (name.includes('/') && (SHELL_COMMANDS.has(base) || /\.(sh|bash)$/.test(base))) || name.startsWith('./');
}

/**
 * A shell block as ONE statement (the whole script). Its description is the first comment line after
 * an optional shebang, so `# Save as: daily_health_check.sh` names the script. A script of comments
 * only is a note.
 */
export function splitShell(code: string): RawStatement[] {
  const start = code.search(/\S/);
  if (start < 0) return [];
  const text = code.slice(start).trimEnd();
  const before = code.slice(0, start);
  const line = before.split('\n').length;
  const column = start - (before.lastIndexOf('\n') + 1) + 1;
  const lines = text.split('\n');
  const statement: RawStatement = {
    text,
    offset: start,
    line,
    column,
    endLine: line + lines.length - 1,
    kind: lines.every((l) => /^\s*(#.*)?$/.test(l)) ? 'note' : 'shell',
  };
  const description = firstComment(lines);
  if (description !== undefined) statement.description = description;
  return [statement];
}

function firstComment(lines: string[]): string | undefined {
  let i = 0;
  if (lines[0]?.startsWith('#!')) i++;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  const first = lines[i]?.trim();
  if (first === undefined || !first.startsWith('#') || first.startsWith('#!')) return undefined;
  const description = first.replace(/^#+\s*/, '').trim();
  return description === '' ? undefined : description;
}
