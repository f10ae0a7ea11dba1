// Fixture folders: test/fixtures/<case>/input.md is modelled and compared with model.json beside it.
// A missing model.json fails; `UPDATE=1 npx vitest run test/model/fixtures.test.ts` (re)writes them (review the diff).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { parseRunbook } from '../../src/runbook/parse.js';

const CASES = [
  'nested-lists',
  'fences',
  'blockquote-blocks',
  'setext-headings',
  'frontmatter',
  'crlf',
  'dollar-quoted',
  'strings-and-comments',
  'psql-meta',
  'links-and-diagnostics',
  'manual-procedure',
  'step-headings',
  'site-markup',
  'containers',
  'item-fences',
  'alternatives',
  'transcripts',
  'inferred-languages',
  'fill-ins-angle',
  'fill-ins-mustache',
  'fill-ins-shell-vars',
  'fill-ins-psql-vars',
  'fill-ins-brackets',
  'config-heredocs',
  'site-shortcodes',
  'binding-spots',
];

const dir = (name: string) => new URL(`../fixtures/${name}/`, import.meta.url);

beforeAll(async () => {
  await ensureParsers();
});

describe('model fixtures', () => {
  for (const name of CASES) {
    it(name, () => {
      const input = readFileSync(new URL('input.md', dir(name)), 'utf8');
      const model = JSON.parse(JSON.stringify(parseRunbook(input, 'input.md')));
      const expectedFile = new URL('model.json', dir(name));
      if (process.env.UPDATE) writeFileSync(expectedFile, `${JSON.stringify(model, null, 2)}\n`);
      expect(existsSync(expectedFile), `${name}/model.json is missing: run with UPDATE=1 to write it, then review it`).toBe(true);
      expect(model).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
    });
  }

  it('keeps CRLF input on the same lines and columns as its LF twin', () => {
    const crlf = readFileSync(new URL('input.md', dir('crlf')), 'utf8');
    expect(crlf).toContain('\r\n');
    const fromCrlf = parseRunbook(crlf, 'a.md');
    const fromLf = parseRunbook(crlf.replace(/\r\n/g, '\n'), 'a.md');
    expect(fromCrlf).toEqual(fromLf);
    const block = fromCrlf.procedures[0]!.steps[0]!.blocks[0]!;
    expect(block.statements[0]).toMatchObject({ line: 9, column: 4, description: 'How many', risk: 'read' });
    expect(block.code).not.toContain('\r');
  });
});
