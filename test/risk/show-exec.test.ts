// `runbook show` marks exactly the statements `runbook exec --yes` refuses before running anything:
// both ask the session policy's decide() about the same model, over the bundled runbook and a runbook
// made of the whole labelled corpus.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import type { Runbook } from '../../src/runbook/model.js';
import { renderProcedure } from '../../src/cli/commands/show.js';
import { paint } from '../../src/cli/style.js';
import { preflight } from '../../src/session/headless.js';
import { loadCorpus } from '../../bench/lib/risk-corpus.js';

const EXEC_YES = { confirmEach: false, allowDestructive: false, readOnly: false, dryRun: false };

function corpusRunbook(): string {
  const blocks = loadCorpus().map((row, i) => `### Statement ${i + 1}\n\n\`\`\`${row.kind === 'shell' ? 'bash' : 'sql'}\n${row.text}\n\`\`\`\n`);
  return `# Corpus\n\n## Everything\n\n${blocks.join('\n')}`;
}

function compare(runbook: Runbook): number {
  let refusedCount = 0;
  for (const procedure of runbook.procedures) {
    const shown = renderProcedure(runbook, procedure, paint(false), false)
      .filter((line) => line.includes('exec --yes refuses it'))
      .map((line) => Number(/line (\d+)/.exec(line)![1]));
    const refused = preflight(procedure, EXEC_YES, () => true).refused.map((p) => p.line);
    expect(shown, procedure.id).toEqual(refused);
    const destructive = procedure.steps.flatMap((s) => s.blocks.flatMap((b) => b.statements)).filter((s) => s.risk === 'destructive');
    expect(refused).toHaveLength(destructive.length);
    refusedCount += refused.length;
  }
  return refusedCount;
}

beforeAll(async () => {
  await ensureParsers();
});

describe('show and exec agree on what exec refuses', () => {
  it('over the bundled runbook', () => {
    const text = readFileSync(new URL('../../runbooks/database-operations.md', import.meta.url), 'utf8');
    expect(compare(parseRunbook(text, 'runbooks/database-operations.md'))).toBeGreaterThan(5);
  });

  it('over the labelled corpus', () => {
    expect(compare(parseRunbook(corpusRunbook(), 'corpus.md'))).toBeGreaterThan(250);
  });
});
