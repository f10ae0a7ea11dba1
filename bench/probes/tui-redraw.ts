// tui_redraw_1000_rows (issue #5): a keypress to a redrawn frame with a 1,000-row result on screen. The
// whole App runs in ink-testing-library over the real session engine on the bundled runbook's Morning
// Health Check, its statement answered by the scripted executors (src/executors/scripted.ts: no
// database, so this is the UI's cost alone); time from writing the key to stdin until Ink has written a
// different frame.

import { readFileSync } from 'node:fs';
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/App.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { openSession } from '../../src/session/open.js';
import { realDeps } from '../../src/session/deps.js';
import { DEFAULT_POLICY } from '../../src/session/policy.js';
import { SCRIPTED_TARGET, ScriptedExecutors } from '../../src/executors/scripted.js';
import { median, nowMs, probe, probeArgs, removeDir, tempDir } from './common.js';

const args = probeArgs<{ presses?: number }>();
const KEYS = { enter: '\r', pageDown: '\x1b[6~', pageUp: '\x1b[5~', right: '\x1b[C', left: '\x1b[D' };

const columns = ['pid', 'usename', 'state', 'query', 'backend_start', 'wait_event', 'client_addr'].map((name) => ({ name, type: 'text' }));
const rows = Array.from({ length: 1000 }, (_, i) => [String(1000 + i), i % 3 ? 'app_user' : null, 'active', `SELECT * FROM animals WHERE owner_id = ${i} ORDER BY id`, '2026-01-01 00:00:00+00', null, '10.0.0.1']);

const settle = () => new Promise((resolve) => setImmediate(resolve));

await probe(args.figures, async () => {
  const path = 'runbooks/database-operations.md';
  const source = readFileSync(path, 'utf8');
  await realDeps.ready?.();
  const runbook = parseRunbook(source, path);
  const procedure = runbook.procedures.find((p) => p.id.startsWith('morning-health-check'))!;
  const first = procedure.steps[0]!.blocks[0]!.statements[0]!;
  const scripted = new ScriptedExecutors().on(first.text, { result: { columns, rows, rowCount: 1000, command: 'SELECT 1000', outputFile: '/s/out/001.csv' } });
  const dir = tempDir('tui-redraw');
  const engine = await openSession({
    runbook,
    source,
    procedure,
    target: SCRIPTED_TARGET,
    policy: { ...DEFAULT_POLICY, allowDestructive: true },
    sessionDir: dir,
    deps: { ...realDeps, createExecutors: () => scripted.registry },
  });
  const ui = render(createElement(App, { runbook, controller: engine, onExit: () => {}, onError: () => {} }));
  const stdout = ui.stdout as unknown as NodeJS.EventEmitter & { columns: number; rows: number };
  Object.defineProperty(stdout, 'columns', { configurable: true, get: () => 120 });
  Object.defineProperty(stdout, 'rows', { configurable: true, get: () => 40 });
  stdout.emit('resize');
  const frame = () => ui.lastFrame() ?? '';
  const until = async (test: (f: string) => boolean, what: string) => {
    const deadline = nowMs() + 5000;
    while (!test(frame())) {
      if (nowMs() > deadline) throw new Error(`the UI never showed ${what}; last frame: ${JSON.stringify(frame().slice(0, 120))}`);
      await settle();
    }
  };
  try {
    await until((f) => f.length > 0, 'a frame');
    ui.stdin.write(KEYS.enter);
    await until((f) => f.includes('Run this statement?'), 'the confirmation');
    ui.stdin.write(KEYS.enter);
    await until((f) => /rows 1–/.test(f), 'the 1,000-row result');
    const presses = args.presses ?? 30;
    const order = [KEYS.pageDown, KEYS.right, KEYS.pageDown, KEYS.left, KEYS.pageUp];
    const samples: number[] = [];
    for (let i = 0; i < presses + 5; i++) {
      const before = frame();
      const start = nowMs();
      ui.stdin.write(order[i % order.length]!);
      await until((f) => f !== before, 'a redraw after a key');
      if (i >= 5) samples.push(nowMs() - start);
    }
    return { tui_redraw_1000_rows: { value: median(samples) } };
  } finally {
    ui.unmount();
    await engine.close();
    removeDir(dir);
  }
});
