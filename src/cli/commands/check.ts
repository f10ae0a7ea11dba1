// `runbook check FILE... [--json] [--db URL]`: the model's diagnostics (SQL and bash syntax from the
// grammars, no `bash -n` process), `review-overdue` when the runbook's "Next Review" date has passed (today's date is read here, the
// model stays pure), and with --db every disagreement between what the runbook declares and the toolkit's
// tables in that database, as `path:line:col: severity message [rule-id]`. Exit 1 when any error is
// found, 2 when a file cannot be read, 3 when the --db database cannot be reached, 0 otherwise (warnings
// alone pass).
import type { Command } from '../command.js';
import { parse } from '../args.js';
import { UserError, EXIT } from '../../errors.js';
import type { Diagnostic, Runbook } from '../../runbook/model.js';
import { countBySeverity, formatDiagnostic, sortDiagnostics } from '../../runbook/diagnostics.js';
import { localDate, reviewDiagnostics } from '../../runbook/review.js';
import { paint, useColor } from '../style.js';

const command: Command = {
  summary: 'check runbooks: fences, SQL and bash syntax, placeholders, links, confirmations',
  usage: `
Usage: runbook check FILE... [--json] [--db URL]

Prints problems as \`path:line:col: severity message [rule-id]\` and exits 1 if any is an error.
Rules: fence-unclosed, fence-no-lang, sql-syntax, bash-syntax (the bash grammar, first error of each line), placeholder-context,
duplicate-slug, link-missing-anchor, destructive-no-confirm (warning), site-shortcode (warning: a Hugo
shortcode in a command, kept as a note), frontmatter-yaml, frontmatter-toml,
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
        const found = [...runbook.diagnostics, ...reviewDiagnostics(runbook, today)];
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
