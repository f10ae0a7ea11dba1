// The operator's own statements (typed after `:`): modelled by the runbook layer (runbook/ad-hoc.ts) and
// placed in the step the operator is on, journaled as `statement-added` (marked ad hoc) with what the
// journal needs to stand alone, and rebuilt from the journal on resume. Once added they are statements
// like the runbook's: the engine prepares (binds), asks (policy), runs and journals them the same way.

import type { Procedure, Step } from '../runbook/model.js';
import { adHocBlock } from '../runbook/ad-hoc.js';
import type { Located } from './plan.js';
import type { AdHocStatement, PlannedStatement, StatementView } from './types.js';

/** Block ids of ad-hoc statements: `<step>/adhoc-<n>`. */
const blockId = (step: Step, n: number) => `${step.id}/adhoc-${n}`;

const langOf = (kind: 'sql' | 'shell') => (kind === 'shell' ? 'bash' : 'sql');

/**
 * `text` as located statements of step `stepIndex`, one block each (numbered after the `existing` ones),
 * so each statement's own text models it again on resume.
 */
export function modelAdHoc(text: string, kind: 'sql' | 'shell', procedure: Procedure, stepIndex: number, existing: number): Located[] {
  const step = procedure.steps[stepIndex]!;
  const whole = adHocBlock(text, langOf(kind), blockId(step, existing + 1));
  return whole.statements.map((piece, i) => {
    const block = i === 0 && whole.statements.length === 1 ? whole : adHocBlock(piece.text, langOf(kind), blockId(step, existing + 1 + i));
    return { step, stepIndex, block, statement: block.statements[0]! };
  });
}

/** What `statement-added` journals of an ad-hoc statement. */
export function plannedAdHoc(l: Located): PlannedStatement {
  const s = l.statement;
  return {
    id: s.id,
    step: l.step.id,
    block: l.block.id,
    kind: s.kind,
    risk: s.risk,
    line: s.line,
    source: s.text,
    placeholders: l.block.placeholders.map((p) => ({ name: p.name, context: p.context, secret: p.secret })),
  };
}

/** The ad-hoc statements of a journal's fold, modelled again (resume). */
export function relocateAdHoc(views: readonly StatementView[], procedure: Procedure): Located[] {
  const out: Located[] = [];
  for (const v of views) {
    if (!v.adHoc) continue;
    const stepIndex = procedure.steps.findIndex((s) => s.id === v.stepId);
    if (stepIndex < 0) continue;
    const block = adHocBlock(v.source, v.kind === 'shell' ? 'bash' : 'sql', v.blockId);
    const statement = block.statements[0];
    if (statement && statement.id === v.id) out.push({ step: procedure.steps[stepIndex]!, stepIndex, block, statement });
  }
  return out;
}

export function asAdHoc(l: Located): AdHocStatement {
  return { stepId: l.step.id, block: l.block, statement: l.statement };
}
