#!/usr/bin/env node
// `npm run corpus [-- DIR] [--json]`: reads every Markdown runbook in ../shared/corpus (or DIR) with the
// built CLI (dist/, `list --json` and `check --json`) and prints one row per file, so a change to the
// model can be measured against real runbooks before and after. Without the folder it says so and
// exits 0: the corpus is not part of the repository (its licences vary) and tests never read it.
//
// The columns a careful reader cares about:
//   procs, steps     procedures and steps the model found
//   run              runnable statements (sql, psql-meta, shell: everything but notes)
//   prompt           runnable statements whose text still carries a shell or psql prompt
//   outln            lines of runnable statements that look like a command's output
//   fill             placeholders / fill-ins the model found (sum over blocks)
//   left             fill-in looking tokens (<NAME>, {{ x }}) in runnable text that no placeholder covers
//   destr            destructive statements
//   inferred         blocks whose language was inferred (no language, or one the reader does not run)
//   err, warn        check's diagnostics
//   ms               wall time of `list --json` + `check --json` for the file, model cache off
// "prompt", "outln" and "left" are this script's own rough reading of the text (a second opinion to
// measure the model against), not the model's.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const CLI = join(ROOT, 'dist', 'cli.js');

const args = process.argv.slice(2);
const json = args.includes('--json');
const dir = resolve(args.find((a) => !a.startsWith('--')) ?? join(ROOT, '..', 'shared', 'corpus'));

if (!existsSync(dir)) {
  process.stdout.write(`corpus: ${dir} is not there; nothing to measure (the corpus lives outside the repository)\n`);
  process.exit(0);
}
if (!existsSync(CLI)) {
  process.stderr.write('corpus: dist/cli.js is missing; run npm run build first\n');
  process.exit(2);
}

const files = readdirSync(dir)
  .filter((name) => name.endsWith('.md') && name !== 'SOURCES.md' && name !== 'README.md')
  .sort();

const env = { ...process.env, RUNBOOK_NO_CACHE: '1', NO_COLOR: '1' };
const run = (argv) => {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [CLI, ...argv], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ...result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
};

// A shell prompt before a command (`$ `, `user@host:~$ `, `[root@db ~]# `, `host $ `, `❯ `), a root
// prompt `# ` before a known program, or a psql prompt (`db=# `, `db-# `, `db=> `).
const PROMPT = [
  /^\s*(?:[\w.-]+@[\w.-]+(?::[^\s$#]*)?|\[[^\]]+\]|[\w.-]+)?\s*[$❯]\s+\S/,
  /^\s*#\s+(?:sudo|gitlab-\S+|kubectl|oc|psql|systemctl|cat|ls|cd|tail|grep|patronictl)\b/,
  /^\s*[\w.-]+[=-]?[#>]\s+\S/,
];
const isPromptLine = (line) => PROMPT.some((re) => re.test(line)) && !/^\s*#!/.test(line);
// Lines a command prints rather than a command: table borders and rows, psql's row counts and command
// tags, log lines with a timestamp, `Key:   value` status lines, column headers in capitals.
const OUTPUT = [
  /^\s*[+|][-=+|]{3,}/,
  /^\s*-{3,}[-+]+\s*$/,
  /^\s*\|.*\|\s*$/,
  /^\s*\(\d+ rows?\)\s*$/,
  /^\s*(?:BEGIN|COMMIT|ROLLBACK|SET|SHOW|LOCK TABLE|ALTER (?:SYSTEM|DATABASE|ROLE|TABLE)|CREATE \w+|DROP \w+|GRANT|REVOKE|DO|INSERT \d+ \d+|UPDATE \d+|DELETE \d+)\s*$/,
  /^\s*\d{4}-\d\d-\d\d[ T_]\d\d:\d\d/,
  /^\s*[A-Z][\w ]{2,30}:\s{2,}\S/,
  /^\s*NAME\s{2,}/,
  /^\s*(?:NOTICE|WARNING|ERROR|FATAL|LOG|HINT):\s/,
];
const isOutputLine = (line) => OUTPUT.some((re) => re.test(line));
const FILL_IN = /<[A-Za-z][\w-]*>|\{\{\s*[^}]+\}\}|\{\{<[^>]*>\}\}/g;

function measure(name) {
  const path = join(dir, name);
  const list = run(['list', '--json', path]);
  const check = run(['check', '--json', path]);
  const row = { file: name, procs: 0, steps: 0, run: 0, prompt: 0, outln: 0, fill: 0, left: 0, destr: 0, inferred: 0, err: 0, warn: 0, ms: list.ms + check.ms };
  if (list.status !== 0) {
    row.failed = (list.stderr || list.stdout).trim().split('\n')[0];
    return row;
  }
  const model = JSON.parse(list.stdout);
  for (const procedure of model.procedures) {
    row.procs++;
    for (const step of procedure.steps) {
      row.steps++;
      for (const block of step.blocks) {
        if (block.inferred !== undefined) row.inferred++;
        row.fill += block.placeholders.length;
        const names = new Set(block.placeholders.map((p) => p.name.toLowerCase()));
        for (const statement of block.statements) {
          if (statement.kind === 'note') continue;
          row.run++;
          if (statement.risk === 'destructive') row.destr++;
          const lines = statement.text.split('\n');
          if (lines.some(isPromptLine)) row.prompt++;
          row.outln += lines.filter((line) => !isPromptLine(line) && isOutputLine(line)).length;
          for (const token of statement.text.match(FILL_IN) ?? []) {
            const bare = token.replace(/^[<{]+\s*|\s*[>}]+$/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_');
            if (!names.has(bare)) row.left++;
          }
        }
      }
    }
  }
  try {
    const report = JSON.parse(check.stdout);
    row.err = report.errors;
    row.warn = report.warnings;
  } catch {
    row.failed = (check.stderr || 'check printed no JSON').trim().split('\n')[0];
  }
  return row;
}

const rows = files.map(measure);
const all = run(['check', ...files.map((name) => join(dir, name))]);
const totals = { file: `TOTAL (${rows.length} files)` };
for (const key of ['procs', 'steps', 'run', 'prompt', 'outln', 'fill', 'left', 'destr', 'inferred', 'err', 'warn', 'ms']) {
  totals[key] = rows.reduce((sum, row) => sum + row[key], 0);
}

if (json) {
  for (const row of rows) process.stdout.write(`${JSON.stringify(row)}\n`);
  process.stdout.write(`${JSON.stringify({ ...totals, checkAllMs: Math.round(all.ms) })}\n`);
  process.exit(0);
}

const short = (name) => {
  const base = basename(name, '.md');
  const [owner, repo, ...rest] = base.split('__');
  const tail = rest.join('__').replace(/^(docs?|content|apps)_/, '');
  return `${(repo ?? owner).slice(0, 14)}:${tail}`.slice(0, 58);
};
const headers = ['file', 'procs', 'steps', 'run', 'prompt', 'outln', 'fill', 'left', 'destr', 'inferred', 'err', 'warn', 'ms'];
const body = [...rows, totals].map((row) =>
  headers.map((h) => (h === 'file' ? (row === totals ? row.file : short(row.file)) : h === 'ms' ? String(Math.round(row.ms)) : String(row[h]))),
);
const widths = headers.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i].length)));
const line = (cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
const out = [line(headers), line(widths.map((w) => '-'.repeat(w))), ...body.slice(0, -1).map(line), line(widths.map((w) => '-'.repeat(w))), line(body.at(-1))];
for (const row of rows) if (row.failed) out.push(`${row.file}: ${row.failed}`);
out.push('', `check on all ${rows.length} files in one command: ${Math.round(all.ms)} ms (exit ${all.status})`);
process.stdout.write(`${out.join('\n')}\n`);
