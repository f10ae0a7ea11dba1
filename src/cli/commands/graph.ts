// `runbook graph FILE [--format mermaid|dot|json]`: the procedure graph. Nodes are procedures (as
// groups), steps and conditional checklist items; edges are `next` (solid), `branch` (dashed,
// labelled with the condition) and `link` (dotted, to another procedure).
import type { Command } from '../command.js';
import { parse } from '../args.js';
import { UserError, EXIT } from '../../errors.js';
import type { Runbook } from '../../runbook/model.js';
import { stripEmoji } from '../../runbook/slug.js';

interface GraphNode {
  id: string;
  label: string;
  kind: 'procedure' | 'step' | 'manual';
  procedure: string;
}

export function graphJson(runbook: Runbook) {
  const nodes: GraphNode[] = [];
  const wanted = new Set(runbook.edges.map((edge) => edge.to));
  for (const procedure of runbook.procedures) {
    nodes.push({ id: procedure.id, label: stripEmoji(procedure.title), kind: 'procedure', procedure: procedure.id });
    for (const step of procedure.steps) {
      nodes.push({ id: step.id, label: `${step.index}. ${stripEmoji(step.title)}`, kind: 'step', procedure: procedure.id });
      for (const item of step.manual) {
        if (wanted.has(item.id)) nodes.push({ id: item.id, label: item.text, kind: 'manual', procedure: procedure.id });
      }
    }
  }
  return { title: runbook.title, path: runbook.path, nodes, edges: runbook.edges };
}

const mermaidId = (id: string) => `n_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
const mermaidText = (text: string) => text.replace(/"/g, '#quot;').replace(/[\[\]{}<>|]/g, ' ');

function nodesByProcedure(runbook: Runbook): Map<string, GraphNode[]> {
  const out = new Map<string, GraphNode[]>();
  for (const node of graphJson(runbook).nodes) {
    if (node.kind === 'procedure') continue;
    const list = out.get(node.procedure) ?? [];
    list.push(node);
    out.set(node.procedure, list);
  }
  return out;
}

export function toMermaid(runbook: Runbook): string {
  const grouped = nodesByProcedure(runbook);
  const out = ['flowchart TD'];
  for (const procedure of runbook.procedures) {
    out.push(`  subgraph ${mermaidId(procedure.id)}["${mermaidText(stripEmoji(procedure.title))}"]`);
    for (const node of grouped.get(procedure.id) ?? []) {
      out.push(node.kind === 'manual' ? `    ${mermaidId(node.id)}(["${mermaidText(node.label)}"])` : `    ${mermaidId(node.id)}["${mermaidText(node.label)}"]`);
    }
    out.push('  end');
  }
  for (const edge of runbook.edges) {
    const from = mermaidId(edge.from);
    const to = mermaidId(edge.to);
    if (edge.kind === 'next') out.push(`  ${from} --> ${to}`);
    else if (edge.kind === 'branch') out.push(`  ${from} -.->|"${mermaidText(edge.label ?? 'if')}"| ${to}`);
    else out.push(`  ${from} -.-o ${to}`);
  }
  return out.join('\n');
}

const dotText = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function toDot(runbook: Runbook): string {
  const grouped = nodesByProcedure(runbook);
  const out = [`digraph ${dotText(runbook.title)} {`, '  rankdir=TB;', '  node [shape=box, fontname="Helvetica"];'];
  runbook.procedures.forEach((procedure, i) => {
    out.push(`  subgraph cluster_${i} {`, `    label=${dotText(stripEmoji(procedure.title))};`);
    out.push(`    ${dotText(procedure.id)} [shape=point];`);
    for (const node of grouped.get(procedure.id) ?? []) {
      out.push(`    ${dotText(node.id)} [label=${dotText(node.label)}${node.kind === 'manual' ? ', shape=note' : ''}];`);
    }
    out.push('  }');
  });
  for (const edge of runbook.edges) {
    const style = edge.kind === 'next' ? '' : edge.kind === 'branch' ? ` [style=dashed, label=${dotText(edge.label ?? 'if')}]` : ' [style=dotted, label="link"]';
    out.push(`  ${dotText(edge.from)} -> ${dotText(edge.to)}${style};`);
  }
  out.push('}');
  return out.join('\n');
}

const command: Command = {
  summary: 'print the procedure graph (mermaid, dot or json)',
  usage: `
Usage: runbook graph FILE [--format mermaid|dot|json]

Prints the graph of FILE's procedures: steps joined by "next" edges, "branch" edges where the prose
sets a condition ("if needed", "If cache hit ratio < 90%:"), and "link" edges for Markdown links to
another procedure's anchor.

Options:
  --format F   mermaid (default), dot (Graphviz) or json ({ title, path, nodes, edges })

Examples:
  runbook graph runbooks/database-operations.md > graph.mmd
  runbook graph runbooks/database-operations.md --format dot | dot -Tsvg > graph.svg
`,
  async run(argv) {
    const { values, positionals } = parse(argv, { format: { type: 'string', short: 'f' } }, 'graph');
    if (positionals.length !== 1) throw new UserError('runbook graph: expected one FILE (see runbook graph --help)', EXIT.usage);
    const format = (values.format as string | undefined) ?? 'mermaid';
    if (!['mermaid', 'dot', 'json'].includes(format)) {
      throw new UserError(`runbook graph: --format must be mermaid, dot or json, not "${format}"`, EXIT.usage);
    }
    const { loadRunbook } = await import('../load.js');
    const { runbook } = await loadRunbook(positionals[0]!);
    const text = format === 'json' ? JSON.stringify(graphJson(runbook), null, 2) : format === 'dot' ? toDot(runbook) : toMermaid(runbook);
    process.stdout.write(`${text}\n`);
    return EXIT.ok;
  },
};
export default command;
