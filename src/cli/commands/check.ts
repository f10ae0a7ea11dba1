// `runbook check FILE... [--json] [--db URL]`: the model's diagnostics plus `bash -n` on every shell
// block, `review-overdue` when the runbook's "Next Review" date has passed (today's date is read here, the
// model stays pure), and with --db every disagreement between what the runbook declares and the toolkit's
// tables in that database, as `path:line:col: severity message [rule-id]`. Exit 1 when any error is
// found, 2 when a file cannot be read, 3 when the --db database cannot be reached, 0 otherwise (warnings
// alone pass).
import { spawn } from 'node:child_process';
import type { Command } from '../command.js';
import { parse } from '../args.js';
import { UserError, EXIT } from '../../errors.js';
import type { Block, Diagnostic, Runbook } from '../../runbook/model.js';
import { countBySeverity, formatDiagnostic, sortDiagnostics } from '../../runbook/diagnostics.js';
import { localDate, reviewDiagnostics } from '../../runbook/review.js';
import { paint, useColor } from '../style.js';

const BASH_LANGS = new Set(['bash', 'sh', 'shell', 'zsh']);
const PARALLEL = 4;

interface BashResult {
  status: 'ok' | 'error' | 'unavailable';
  stderr: string;
}

function bashSyntax(code: string): Promise<BashResult> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-n'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', () => resolve({ status: 'unavailable', stderr: '' }));
    child.on('close', (status) => resolve({ status: status === 0 ? 'ok' : 'error', stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(code);
  });
}

/** `bash -n` on each shell block; its "line N" messages are mapped back to file lines. */
export async function checkShellBlocks(runbook: Runbook): Promise<Diagnostic[]> {
  // Only blocks read as one script: a transcript's code holds prompts and output, which bash would reject.
  const script = (b: Block) => BASH_LANGS.has(b.lang) && b.statements.length === 1 && b.statements[0]!.kind === 'shell' && b.statements[0]!.text === b.code.trim();
  const blocks: Block[] = runbook.procedures.flatMap((p) => p.steps.flatMap((s) => s.blocks.filter(script)));
  const out: Diagnostic[] = [];
  let unavailable = false;
  for (let i = 0; i < blocks.length; i += PARALLEL) {
    const batch = blocks.slice(i, i + PARALLEL);
    const results = await Promise.all(batch.map((block) => bashSyntax(block.code)));
    results.forEach((result, k) => {
      const block = batch[k]!;
      if (result.status === 'unavailable') unavailable = true;
      if (result.status !== 'error') return;
      const messages = result.stderr.split('\n').filter((line) => line.trim() !== '');
      for (const message of messages.length > 0 ? messages : ['bash -n rejected this block']) {
        const match = /line (\d+): (.*)$/.exec(message);
        const line = match ? block.codeLine + Number(match[1]) - 1 : block.line;
        const text = (match ? match[2]! : message.replace(/^bash: /, '')).trim();
        out.push({ path: runbook.path, line, column: block.column, severity: 'error', message: `bash: ${text}`, ruleId: 'bash-syntax' });
      }
    });
  }
  if (unavailable && blocks.length > 0) {
    const first = blocks[0]!;
    out.push({ path: runbook.path, line: first.line, column: first.column, severity: 'info', message: 'bash is not installed; shell blocks were not syntax-checked', ruleId: 'bash-syntax' });
  }
  return out;
}

const command: Command = {
  summary: 'check runbooks: fences, SQL and bash syntax, placeholders, links, confirmations',
  usage: `
Usage: runbook check FILE... [--json] [--db URL]

Prints problems as \`path:line:col: severity message [rule-id]\` and exits 1 if any is an error.
Rules: fence-unclosed, fence-no-lang, sql-syntax, bash-syntax (bash -n), placeholder-context,
duplicate-slug, link-missing-anchor, destructive-no-confirm (warning), frontmatter-yaml, frontmatter-toml,
declared-value (warning: a threshold, target or schedule row that cannot be read), review-overdue
(warning: the "Next Review" date has passed), db-mismatch (with --db).

Options:
  --json     { files: [{ path, diagnostics: [{ path, line, column, severity, message, ruleId }] }], errors, warnings }
  --db URL   also compare the runbook's Alert Thresholds, Key Metrics Targets and Backup Schedule with
             the toolkit's tables in that database: one db-mismatch error per disagreement

Example:
  runbook check runbooks/*.md
  runbook check runbooks/database-operations.md --db "$(runbook db url)"
`,
  async run(argv) {
    const { values, positionals } = parse(argv, { json: { type: 'boolean' }, db: { type: 'string' } }, 'check');
    if (positionals.length === 0) throw new UserError('runbook check: expected at least one FILE (see runbook check --help)', EXIT.usage);
    const { loadRunbook } = await import('../load.js');
    const files: { path: string; diagnostics: Diagnostic[] }[] = [];
    const today = localDate(new Date());
    const database = values.db === undefined ? undefined : await openComparison(values.db);
    let unreadable = 0;
    try {
      for (const path of positionals) {
        let runbook: Runbook;
        try {
          ({ runbook } = await loadRunbook(path));
        } catch (error) {
          if (!(error instanceof UserError) || positionals.length === 1) throw error;
          process.stderr.write(`runbook: ${error.message}\n`);
          unreadable++;
          continue;
        }
        const found = [...runbook.diagnostics, ...(await checkShellBlocks(runbook)), ...reviewDiagnostics(runbook, today)];
        if (database) found.push(...(await database.compare(runbook)));
        files.push({ path, diagnostics: sortDiagnostics(found) });
      }
    } finally {
      await database?.close();
    }
    const all = files.flatMap((file) => file.diagnostics);
    const counts = countBySeverity(all);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ files, errors: counts.error, warnings: counts.warning }, null, 2)}\n`);
    } else {
      const p = paint(useColor());
      const lines = all.map((d) => {
        const text = formatDiagnostic(d);
        return d.severity === 'error' ? text.replace(' error ', ` ${p.red('error')} `) : d.severity === 'warning' ? text.replace(' warning ', ` ${p.yellow('warning')} `) : text;
      });
      const noun = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
      lines.push(`${noun(counts.error, 'error')}, ${noun(counts.warning, 'warning')} in ${noun(files.length, 'file')}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    if (unreadable > 0) return EXIT.usage;
    return counts.error > 0 ? EXIT.failure : EXIT.ok;
  },
};
export default command;

/** The --db database, connected once for every FILE; unreachable is one line and exit code 3. */
async function openComparison(db: string): Promise<{ compare(runbook: Runbook): Promise<Diagnostic[]>; close(): Promise<void> }> {
  const { resolveTarget } = await import('../../database/resolve.js');
  const { connectClient } = await import('../../database/connect.js');
  const { describeTarget } = await import('../../database/target.js');
  const { compareDeclared } = await import('../../database/toolkit-settings.js');
  const target = await resolveTarget({ db, embedded: () => Promise.reject(new UserError('runbook check: --db needs a database URL', EXIT.usage)) });
  const where = describeTarget(target).url;
  const client = await connectClient(target);
  return {
    compare: (runbook) => compareDeclared(client, runbook, where),
    close: () => client.end().catch(() => undefined),
  };
}
