// `runbook list FILE [--json]`: the procedures of a runbook with their step and block counts and the
// highest risk they hold. `--json` is a public contract (README "runbook list --json"), pinned by
// test/cli/list.test.ts: add fields freely, never remove or rename one.
import type { Command } from '../command.js';
import { parse } from '../args.js';
import { UserError, EXIT } from '../../errors.js';
import { highestRisk, type Runbook } from '../../runbook/model.js';
import { stripEmoji } from '../../runbook/slug.js';
import { columns, paint, riskBadge, useColor } from '../style.js';

/** The `list --json` document: the contract's fields first, then extras. */
export function listJson(runbook: Runbook) {
  return {
    title: runbook.title,
    path: runbook.path,
    procedures: runbook.procedures.map((procedure) => ({
      id: procedure.id,
      title: procedure.title,
      line: procedure.line,
      path: procedure.path,
      section: procedure.section,
      risk: highestRisk(procedure) ?? 'read',
      steps: procedure.steps.map((step) => ({
        id: step.id,
        title: step.title,
        line: step.line,
        manual: step.manual.map((item) => item.text),
        ...(step.condition !== undefined ? { condition: step.condition } : {}),
        ...(step.alternative !== undefined ? { alternative: step.alternative } : {}),
        blocks: step.blocks.map((block) => ({
          id: block.id,
          lang: block.lang,
          ...(block.inferred !== undefined ? { inferred: block.inferred } : {}),
          ...(block.output ? { output: true } : {}),
          line: block.line,
          menu: block.menu,
          ...(block.condition !== undefined ? { condition: block.condition } : {}),
          ...(block.alternative !== undefined ? { alternative: block.alternative } : {}),
          statements: block.statements.map((statement) => ({
            text: statement.text,
            line: statement.line,
            kind: statement.kind,
            risk: statement.risk,
            ...(statement.description !== undefined ? { description: statement.description } : {}),
            ...(statement.output !== undefined ? { output: statement.output } : {}),
            ...(statement.interactive !== undefined ? { interactive: statement.interactive } : {}),
          })),
          placeholders: block.placeholders.map((placeholder) => ({
            name: placeholder.name,
            context: placeholder.context,
            secret: placeholder.secret,
          })),
        })),
      })),
    })),
  };
}

const command: Command = {
  summary: 'list the procedures of a runbook (steps, blocks, highest risk)',
  usage: `
Usage: runbook list FILE [--json]

Lists the procedures FILE holds, with their id (the name to pass to show/run/exec), step and block
counts, and the highest risk of their statements (read, write, destructive).

Options:
  --json   the procedures, steps, blocks and statements as JSON (contract in the README)

Example:
  runbook list runbooks/database-operations.md
`,
  async run(argv) {
    const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, 'list');
    if (positionals.length !== 1) throw new UserError('runbook list: expected one FILE (see runbook list --help)', EXIT.usage);
    const { loadRunbook } = await import('../load.js');
    const { runbook } = await loadRunbook(positionals[0]!);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(listJson(runbook), null, 2)}\n`);
      return EXIT.ok;
    }
    const color = useColor();
    const p = paint(color);
    const out: string[] = [`${p.bold(runbook.title)}  ${p.dim(runbook.path)}`, ''];
    if (runbook.procedures.length === 0) {
      out.push('No procedures: no heading holds code blocks or a numbered list of steps.');
    } else {
      const rows = [[p.dim('ID'), p.dim('PROCEDURE'), p.dim('SECTION'), p.dim('STEPS'), p.dim('BLOCKS'), p.dim('RISK')]];
      for (const procedure of runbook.procedures) {
        const blocks = procedure.steps.reduce((n, step) => n + step.blocks.length, 0);
        rows.push([
          procedure.id,
          stripEmoji(procedure.title),
          procedure.section === procedure.title ? '' : procedure.section,
          String(procedure.steps.length),
          String(blocks),
          riskBadge(highestRisk(procedure) ?? 'read', p),
        ]);
      }
      out.push(...columns(rows));
    }
    const errors = runbook.diagnostics.filter((d) => d.severity === 'error').length;
    if (errors > 0) out.push('', p.yellow(`${errors} error(s) in this runbook: see runbook check ${runbook.path}`));
    process.stdout.write(`${out.join('\n')}\n`);
    return EXIT.ok;
  },
};
export default command;
