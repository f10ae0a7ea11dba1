// `runbook show FILE PROCEDURE [--json]`: one procedure as the operator will walk it: steps, prose,
// blocks with their statements (descriptions, risk badges, highlighted SQL), placeholders, manual
// checklist items and conditions. Colors only on a terminal without NO_COLOR.
import type { Command } from '../command.js';
import { parse } from '../args.js';
import { UserError, EXIT } from '../../errors.js';
import type { Block, Procedure, Runbook, Step } from '../../runbook/model.js';
import { stripEmoji } from '../../runbook/slug.js';
import { highlightSql, paint, riskBadge, useColor, type Paint } from '../style.js';
import { decide, subjectOf } from '../../session/policy.js';
import type { PolicyOptions } from '../../session/types.js';

/**
 * `runbook exec --yes` without --allow-destructive: show marks what it refuses with the same decision
 * about the same subject (policy.ts subjectOf; exec judges it as bound when its values are given).
 */
const EXEC_YES: PolicyOptions = { confirmEach: false, allowDestructive: false, readOnly: false, dryRun: false };

const command: Command = {
  summary: 'show one procedure: steps, blocks, statements, placeholders, risks',
  usage: `
Usage: runbook show FILE PROCEDURE [--json]

PROCEDURE is a title (case-insensitive, emoji ignored), an id from \`runbook list\`, or a unique prefix.

Options:
  --json   the procedure's model as JSON ({ runbook: { title, path }, procedure })

Examples:
  runbook show runbooks/database-operations.md "database down"
  runbook show runbooks/database-operations.md quick-reference-commands --json
`,
  async run(argv) {
    const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, 'show');
    if (positionals.length !== 2) throw new UserError('runbook show: expected FILE PROCEDURE (see runbook show --help)', EXIT.usage);
    const { loadRunbook, findProcedureOrFail } = await import('../load.js');
    const { runbook } = await loadRunbook(positionals[0]!);
    const procedure = findProcedureOrFail(runbook, positionals[1]!);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ runbook: { title: runbook.title, path: runbook.path }, procedure }, null, 2)}\n`);
      return EXIT.ok;
    }
    const color = useColor();
    process.stdout.write(`${renderProcedure(runbook, procedure, paint(color), color).join('\n')}\n`);
    return EXIT.ok;
  },
};
export default command;

export function renderProcedure(runbook: Runbook, procedure: Procedure, p: Paint, color: boolean): string[] {
  const out = [
    `${p.bold(procedure.title)}  ${p.dim(`(${procedure.id})`)}  ${p.dim(`${runbook.path}:${procedure.line}`)}`,
  ];
  if (procedure.path.length > 0) out.push(p.dim(procedure.path.join(' › ')));
  if (procedure.intro) out.push('', ...indent(procedure.intro, 2).map(p.dim));
  for (const step of procedure.steps) out.push('', ...renderStep(step, p, color));
  return out;
}

function renderStep(step: Step, p: Paint, color: boolean): string[] {
  const out = [`${p.bold(`Step ${step.index}. ${stripEmoji(step.title)}`)}  ${p.dim(`line ${step.line}`)}`];
  if (step.condition) out.push(`  ${p.yellow(`only ${step.condition}`)}${step.alternative ? p.dim(`  (one of the alternatives ${step.alternative})`) : ''}`);
  const prose = step.prose.trim();
  const titleOnly = prose.replace(/[*_:\s]/g, '') === step.title.replace(/[*_:\s]/g, '');
  if (prose !== '' && !titleOnly) out.push(...indent(prose, 2).map(p.dim));
  for (const block of step.blocks) out.push(...renderBlock(block, p, color));
  if (step.manual.length > 0) {
    out.push(`  ${p.bold('Checklist')}`);
    for (const item of step.manual) {
      out.push(`    [ ] ${item.text}${item.condition ? `  ${p.yellow(`(${item.condition})`)}` : ''}`);
    }
  }
  return out;
}

function renderBlock(block: Block, p: Paint, color: boolean): string[] {
  const attrs = Object.entries(block.attributes.raw).map(([key, value]) => (value === true ? key : `${key}=${value}`));
  const head = [
    p.cyan(`\`\`\`${block.lang || '(no language)'}`),
    block.inferred !== undefined ? p.yellow(`(inferred; written ${block.inferred === '' ? 'without a language' : `\`\`\`${block.inferred}`})`) : '',
    block.output ? p.dim('expected output, not run') : '',
    p.dim(`${block.id}  line ${block.line}`),
    block.menu ? p.magenta('menu: pick any statement') : '',
    block.condition !== undefined ? p.yellow(`only ${block.condition}`) : '',
    block.alternative !== undefined ? p.dim(`(alternatives ${block.alternative})`) : '',
    attrs.length > 0 ? p.dim(`{${attrs.join(' ')}}`) : '',
  ].filter((part) => part !== '');
  const out = [`  ${head.join('  ')}`];
  for (const statement of block.statements) {
    if (statement.kind === 'note') {
      out.push(...indent(statement.text, 4).map(p.dim));
      continue;
    }
    const kind = statement.kind === 'sql' ? '' : ` ${p.dim(`[${statement.kind}]`)}`;
    const title = statement.description ? ` ${statement.description}` : '';
    const refused = decide(subjectOf(statement, block), EXEC_YES).kind === 'deny';
    const execNote = refused ? `  ${p.red('exec --yes refuses it without --allow-destructive')}` : '';
    out.push(`    ${p.bold(`${statement.index}.`)}${title} ${riskBadge(statement.risk, p)}${kind} ${p.dim(`line ${statement.line}`)}${execNote}`);
    if (statement.risk !== 'read' && statement.riskReasons.length > 0) out.push(`       ${p.dim(statement.riskReasons.join('; '))}`);
    if (statement.interactive !== undefined) {
      const without = statement.interactive.withoutTerminal ? ` (${statement.interactive.withoutTerminal})` : '';
      out.push(`       ${p.yellow(`interactive: ${statement.interactive.reason}${without}`)}`);
    }
    const text = statement.kind === 'sql' || statement.kind === 'psql-meta' ? highlightSql(statement.text, p, color) : statement.text;
    out.push(...indent(text, 7));
    if (statement.output !== undefined) out.push(`       ${p.dim('expected output:')}`, ...indent(statement.output, 7).map((line) => p.dim(`${line.slice(0, 7)}│ ${line.slice(7)}`)));
  }
  if (block.placeholders.length > 0) {
    const list = block.placeholders.map((placeholder) => {
      const extra = [placeholder.context, placeholder.secret ? 'secret' : '', placeholder.default !== undefined ? `default ${placeholder.default}` : '']
        .filter((part) => part !== '')
        .join(', ');
      return `${p.magenta(`[${placeholder.name}]`)} ${p.dim(extra)}`;
    });
    out.push(`    ${p.bold('Placeholders')} ${list.join('  ')}`);
  }
  return out;
}

function indent(text: string, spaces: number): string[] {
  return text.split('\n').map((line) => `${' '.repeat(spaces)}${line}`);
}
