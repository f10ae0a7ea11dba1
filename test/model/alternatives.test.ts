// Alternatives are choices, never a sequence (issue 13, item 5): conditional list items, "Otherwise",
// tabs, "or" between two blocks and "Option A/B" headings give their blocks or steps the condition as
// written and a shared alternative group.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { findProcedure } from '../../src/runbook/find.js';
import type { Runbook } from '../../src/runbook/model.js';

let runbook: Runbook;
const blocksOf = (name: string) => findProcedure(runbook, name).steps.flatMap((s) => s.blocks.map((b) => [b.condition, b.alternative]));

beforeAll(async () => {
  await ensureParsers();
  runbook = parseRunbook(readFileSync(new URL('../fixtures/alternatives/input.md', import.meta.url), 'utf8'), 'alternatives.md');
});

describe('alternatives', () => {
  it('"If ...:" list items and "Otherwise" are one choice; nested steps carry their item\'s condition', () => {
    expect(blocksOf('fix it')).toEqual([
      ['If a disruption budget blocks the drain', 'fix-it/1/list1'],
      ['If an admission webhook blocks it', 'fix-it/1/list1'],
      ['If an admission webhook blocks it', 'fix-it/1/list1'],
      ['Otherwise', 'fix-it/1/list1'],
    ]);
  });

  it('tabs are one step whose blocks are the alternatives, named by their labels', () => {
    const install = findProcedure(runbook, 'install the client');
    expect(install.steps).toHaveLength(1);
    expect(install.steps[0]!.title).toBe('Install the client');
    expect(blocksOf('install the client')).toEqual([
      ['Debian', 'install-the-client/1/tab1'],
      ['RHEL', 'install-the-client/1/tab1'],
    ]);
  });

  it('two blocks with "or" between them are alternatives, labelled by their commands', () => {
    expect(blocksOf('analyze after the upgrade')).toEqual([
      ['vacuumdb --all --analyze-in-stages', 'analyze-after-the-upgrade/1/or1'],
      ['vacuumdb --all --analyze-only', 'analyze-after-the-upgrade/1/or1'],
    ]);
  });

  it('"Option A" / "Option B" headings are one procedure whose steps exclude each other', () => {
    const code = findProcedure(runbook, 'get the code');
    expect(code.steps.map((s) => [s.title, s.condition, s.alternative])).toEqual([
      ['Option A: From a release', 'Option A: From a release', 'get-the-code/alt1'],
      ['Option B: From git', 'Option B: From git', 'get-the-code/alt1'],
    ]);
    // Unconditional code stays unconditional.
    expect(blocksOf('restart')).toEqual([[undefined, undefined]]);
  });
});
