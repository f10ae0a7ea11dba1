// The real engine dependencies: executors from src/executors, binding from session/bind.ts, and the
// runbook's risk classifier (to re-judge edited text or raw fragments). Tests and the UI get the same.

import { createExecutors } from '../executors/index.js';
import { classifyRisk } from '../runbook/risk.js';
import { ensureParsers } from '../runbook/parsers.js';
import { bindStatement } from './bind.js';
import type { EngineDeps } from './open.js';
import { applicationName } from './interrupted.js';

export const realDeps: EngineDeps = {
  ready: ensureParsers,
  createExecutors: (target, session) => createExecutors({ target, applicationName: session && applicationName(session.id) }),
  bind: (statement, values, secret) => {
    const names = new Set(statement.placeholders.map((u) => u.name).filter(secret));
    return bindStatement(statement, values, { secret: names });
  },
  classify: (text, statement) => classifyRisk(text, statement.kind),
};
