// parse_1mb, parse_scaling, parse_many_blocks, parse_bundled: the model (parseRunbook) against remark-parse + remark-gfm on
// the same text. The SQL parser is loaded before timing (a one-off, counted in cli_list_cold instead).
// Each run models a text generated from a new seed, so the SQL parser's per-text cache cannot answer
// from an earlier run.

import { readFileSync } from 'node:fs';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { parseRunbook } from '../../src/runbook/parse.js';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { generateManyBlocks, generateRunbook } from '../lib/generate-runbook.js';
import { median, nowMs, probe, probeArgs, type Measured } from './common.js';

const MB = 1 << 20;
const args = probeArgs<{ mode?: 'in-process' | 'bundled-once'; runs?: number; bundled?: string }>();

function time(fn: () => unknown): number {
  const start = nowMs();
  fn();
  return nowMs() - start;
}

const remark = unified().use(remarkParse).use(remarkGfm);

await probe(args.figures, async (wanted) => {
  await ensureParsers();
  const out: Record<string, Measured> = {};
  if (args.mode === 'bundled-once') {
    // Warm-up on a generated runbook (JIT, remark's own set-up), then the first modelling of the bundled
    // one in this process, so none of its statements is in the SQL parser's cache. The runner spawns
    // this several times and takes the median.
    for (let i = 0; i < 3; i++) parseRunbook(generateRunbook(64 * 1024, 7 + i), 'warm-up.md');
    const text = readFileSync(args.bundled ?? 'runbooks/database-operations.md', 'utf8');
    out.parse_bundled = { value: time(() => parseRunbook(text, 'runbooks/database-operations.md')) };
    return out;
  }
  const runs = args.runs ?? 3;
  // Warm-up (JIT, remark's own set-up) on smaller texts of the same shape: a 1 MB warm-up would add
  // half a minute to the bench and change nothing.
  for (let i = 0; i < 2; i++) {
    const warm = generateRunbook(128 * 1024, 900 + i);
    parseRunbook(warm, 'warm-up.md');
    remark.parse(warm);
  }
  const model1: number[] = [];
  const remark1: number[] = [];
  const model512: number[] = [];
  const big = wanted.has('parse_1mb') || wanted.has('parse_scaling');
  for (let i = 0; big && i < runs; i++) {
    const text = generateRunbook(MB, 1000 + i);
    // Alternate which goes first so a burst of load from elsewhere hits both sides alike.
    if (i % 2) {
      model1.push(time(() => parseRunbook(text, 'generated.md')));
      remark1.push(time(() => remark.parse(text)));
    } else {
      remark1.push(time(() => remark.parse(text)));
      model1.push(time(() => parseRunbook(text, 'generated.md')));
    }
    if (wanted.has('parse_scaling')) {
      const half = generateRunbook(MB / 2, 2000 + i);
      model512.push(time(() => parseRunbook(half, 'generated-half.md')));
    }
  }
  if (wanted.has('parse_many_blocks')) {
    // A 400 KB numbered list of items with a code block each (issue 12), a new seed each run.
    // Beside it, remark alone on the same text: what any tool reading it with remark pays.
    const many: number[] = [];
    const manyRemark: number[] = [];
    for (let i = 0; i < runs; i++) {
      const text = generateManyBlocks(400 * 1024, 3000 + i);
      many.push(time(() => parseRunbook(text, 'many-blocks.md')));
      manyRemark.push(time(() => remark.parse(text)));
    }
    out.parse_many_blocks = { value: median(many), baseline_value: median(manyRemark) };
  }
  if (wanted.has('parse_1mb')) out.parse_1mb = { value: median(model1), baseline_value: median(remark1) };
  if (wanted.has('parse_scaling')) out.parse_scaling = { value: median(model1) / median(model512) };
  return out;
});
