// What a session writes down about its procedure at the start: every statement and manual item in
// order (so the journal alone can rebuild state and the report), the report template, the contacts
// table with the rows matched to the procedure, and a hash per
// step (so resume can say which steps changed when the runbook was edited).

import { createHash } from 'node:crypto';
import type { Block, Procedure, Runbook, Statement, Step } from '../runbook/model.js';
import type { SessionPlan } from './types.js';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A step's hash covers what it runs and says: title, prose, code, manual items. Not its position. */
export function stepHash(step: Step): string {
  return sha256(JSON.stringify([step.title, step.prose, step.blocks.map((b) => [b.lang, b.meta, b.code]), step.manual.map((m) => m.text)]));
}

export function stepHashes(procedure: Procedure): { id: string; title: string; hash: string }[] {
  return procedure.steps.map((s) => ({ id: s.id, title: s.title, hash: stepHash(s) }));
}

export function planOf(runbook: Runbook, procedure: Procedure): SessionPlan {
  const statements: SessionPlan['statements'] = [];
  for (const step of procedure.steps) {
    for (const block of step.blocks) {
      for (const st of block.statements) {
        const used = new Set(st.placeholders.map((u) => u.name));
        statements.push({
          id: st.id,
          step: step.id,
          block: block.id,
          kind: st.kind,
          risk: st.risk,
          line: st.line,
          source: st.text,
          description: st.description,
          placeholders: block.placeholders.filter((p) => used.has(p.name)).map((p) => ({ name: p.name, context: p.context, secret: p.secret })),
          ...conditionsOf(step, block),
        });
      }
    }
  }
  const manual = procedure.steps.flatMap((step) => step.manual.map((m) => ({ id: m.id, step: step.id, text: m.text })));
  const t = runbook.reportTemplate;
  const c = runbook.contacts;
  return {
    statements,
    manual,
    ...(t ? { template: { heading: t.heading, markdown: t.markdown } } : {}),
    ...(c ? { contacts: { heading: c.heading, headers: c.headers, rows: c.rows, matched: procedure.contacts ?? [] } } : {}),
  };
}

function conditionsOf(step: Step, block: Block): { conditions?: string[] } {
  const conditions = [step.condition, block.condition].filter((c): c is string => c !== undefined);
  return conditions.length > 0 ? { conditions } : {};
}

/** Steps whose content differs between two hash lists (by id; added and removed steps count). */
export function changedSteps(before: { id: string; title: string; hash: string }[], after: { id: string; title: string; hash: string }[]): string[] {
  const old = new Map(before.map((s) => [s.id, s.hash]));
  const now = new Map(after.map((s) => [s.id, s.hash]));
  const changed: string[] = [];
  for (const s of after) if (old.get(s.id) !== s.hash) changed.push(`${s.title} (${s.id}${old.has(s.id) ? '' : ', new'})`);
  for (const s of before) if (!now.has(s.id)) changed.push(`${s.title} (${s.id}, removed)`);
  return changed;
}

/** A statement with the step and block it sits in. */
export interface Located {
  step: Step;
  stepIndex: number;
  block: Block;
  statement: Statement;
}

/** Every statement of a procedure, in order, with its step and block. */
export function statementsOf(procedure: Procedure): Located[] {
  const out: Located[] = [];
  procedure.steps.forEach((step, stepIndex) => {
    for (const block of step.blocks) for (const statement of block.statements) out.push({ step, stepIndex, block, statement });
  });
  return out;
}
