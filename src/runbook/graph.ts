// The procedure graph: `next` between consecutive steps, `branch` where prose conditions a step or a
// manual item ("if needed", "If cache hit ratio < 90%:", "if primary is unrecoverable"), and `link`
// for Markdown links to other procedures' anchors. Conditions are read from text, not evaluated:
// the operator decides; the graph only shows where the decision is.
import type { Edge, Procedure } from './model.js';

const LEADING = /^\s*((?:if|when|unless|in case|only if)\b[^:,\n]*?)\s*[:,](?:\s|$)/i;
/** "Decide if ...", "Check if ...", "see if ...": a question to answer, not a condition on the step. */
const ASKS = /\b(?:decide|check|see|verify|determine|confirm|know|ask|test|find out|wonder|evaluate|whether)\s*$/i;
const TRAILING = /\s\(?((?:if|when|unless|only if)\s+[^,.;:()\n]+?)\)?[.!]?\s*$/i;

/** The condition a piece of prose states, as written (`if needed`, `If cache hit ratio < 90%`). */
export function readCondition(text: string): string | undefined {
  const line = firstLine(text);
  const leading = LEADING.exec(line);
  if (leading) return leading[1]!.trim();
  const trailing = TRAILING.exec(line);
  if (!trailing || ASKS.test(line.slice(0, trailing.index))) return undefined;
  return trailing[1]!.trim();
}

/** Only a leading "If ...:" counts in prose, where a trailing "if" is often just part of a sentence. */
export function readLeadingCondition(text: string): string | undefined {
  const match = LEADING.exec(firstLine(text));
  return match ? match[1]!.trim() : undefined;
}

/** `text.trim().split('\n')[0]` without splitting all of a long prose text. */
function firstLine(text: string): string {
  const trimmed = text.trim();
  const newline = trimmed.indexOf('\n');
  return newline === -1 ? trimmed : trimmed.slice(0, newline);
}

export interface LinkUse {
  /** Step id, or procedure id for links in a procedure's introduction. */
  from: string;
  anchor: string;
  line: number;
}

/** `aliases` maps other anchors of a procedure's heading (`{#id}`'s slug, `<a name>`) to its id. */
export function buildEdges(procedures: readonly Procedure[], links: readonly LinkUse[], aliases: ReadonlyMap<string, string> = new Map()): Edge[] {
  const edges: Edge[] = [];
  for (const procedure of procedures) {
    procedure.steps.forEach((step, i) => {
      const previous = procedure.steps[i - 1];
      if (previous) {
        edges.push(
          step.condition !== undefined
            ? { kind: 'branch', from: previous.id, to: step.id, label: step.condition, line: step.line }
            : { kind: 'next', from: previous.id, to: step.id, line: step.line },
        );
      } else if (step.condition !== undefined) {
        edges.push({ kind: 'branch', from: procedure.id, to: step.id, label: step.condition, line: step.line });
      }
      for (const item of step.manual) {
        if (item.condition !== undefined) {
          edges.push({ kind: 'branch', from: step.id, to: item.id, label: item.condition, line: item.line });
        }
      }
    });
  }
  const procedureIds = new Set(procedures.map((procedure) => procedure.id));
  for (const link of links) {
    const to = procedureIds.has(link.anchor) ? link.anchor : aliases.get(link.anchor);
    if (to !== undefined && procedureIds.has(to)) edges.push({ kind: 'link', from: link.from, to, line: link.line });
  }
  return edges;
}
