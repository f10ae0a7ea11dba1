// Hostile files (issue 12, defect 10). Modelling stays linear in the size of a runbook: a numbered list
// of thousands of items with a code block each is handed to remark in parts whose size does not grow
// with the list (one long list was one remark parse, whose cost grew with the square of its length),
// and the parts join back into exactly remark's own tree. Nesting too deep to parse is one line, exit 2.
// (How fast it is belongs to `npm run bench`: parse_many_blocks.)

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMarkdown, parseWhole } from '../../src/runbook/mdast.js';
import { parseRunbook } from '../../src/runbook/parse.js';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { generateManyBlocks } from '../../bench/lib/generate-runbook.js';
import { runCli } from '../helpers/cli.js';

beforeAll(async () => {
  await ensureParsers();
});

/** The sizes of the texts remark parses for `text`. */
function parts(text: string): number[] {
  const sizes: number[] = [];
  parseMarkdown(text, { onParse: (n) => sizes.push(n) });
  return sizes;
}

describe('a numbered list of thousands of items with a code block each', () => {
  it('is parsed in parts that do not grow with the list, each part once', () => {
    const small = generateManyBlocks(40 * 1024, 1);
    const large = generateManyBlocks(400 * 1024, 1);
    const [a, b] = [parts(small), parts(large)];
    expect(Math.max(...b)).toBeLessThan(8 * 1024);
    expect(Math.max(...b)).toBeLessThanOrEqual(Math.max(...a) * 1.5);
    // No part parsed again and again: the parts add up to the text.
    expect(b.reduce((x, y) => x + y, 0)).toBeLessThan(large.length * 1.1);
  });

  it('models every item as a step with its block, as remark reads the whole list', () => {
    const text = generateManyBlocks(60 * 1024, 2);
    expect(parseMarkdown(text)).toEqual(parseWhole(text));
    const items = text.split('\n').filter((l) => /^\d+\. /.test(l)).length;
    const runbook = parseRunbook(text, 'many.md');
    expect(runbook.procedures).toHaveLength(1);
    expect(runbook.procedures[0]!.steps).toHaveLength(items);
    expect(runbook.procedures[0]!.steps.every((s) => s.blocks.length === 1)).toBe(true);
  });

  it('joins lists cut at their items exactly as remark reads them (markers, blank lines, lazy lines)', () => {
    const LINE = fc.constantFrom(
      '1. one', '2. two', '10. ten', '3) paren', '- dash', '* star', '+ plus', '-', '1.', '   ```sql', '   SELECT 1;', '   ```',
      '```', '    indented', '  - nested', 'lazy text', '> quote', '| a | b |', '|---|---|', '## Heading', '---', '***', '', '', '',
      '   <div>', '<div>', '   > in item', '   | a |', '   |---|', '~~~', '   ~~~', '[r]: /x', '1. [r]',
    );
    fc.assert(
      fc.property(fc.array(LINE, { maxLength: 50 }), (lines) => {
        const text = lines.join('\n');
        expect(parseMarkdown(text, { batchChars: 0 })).toEqual(parseWhole(text));
      }),
      { numRuns: 600 },
    );
  });
});

describe('nesting too deep to parse', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-hostile-'));

  it.each([
    ['10,000 nested quotes', `# Deep\n\n${'> '.repeat(10_000)}x\n`],
    ['150 nested quotes and lists', `# Deep\n\nintro\n\n${'> - '.repeat(75)}x\n`],
  ])('%s: one line naming the file and line, exit 2', async (_name, text) => {
    const file = join(dir, 'deep.md');
    writeFileSync(file, text);
    for (const command of ['list', 'check']) {
      const r = await runCli([command, file], { env: { RUNBOOK_NO_CACHE: '1' } });
      expect(r.exitCode).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([`runbook: ${file}:${text.startsWith('# Deep\n\nintro') ? 5 : 3}: quotes or lists nested more than 100 levels deep (a runbook may nest at most 100)`]);
    }
  });
});
