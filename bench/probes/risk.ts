// shell_grammar_load, shell_grammar_parse, risk_corpus_*: the bash grammar's cost and the risk
// classifier's figures on the labelled corpus (test/risk/corpus.jsonl).
// - mode `load`: one fresh process loads the bash grammar (web-tree-sitter + tree-sitter-bash.wasm);
//   the runner spawns it several times and takes the median.
// - otherwise: both parsers loaded first, then every command line of the corpus's shell statements and
//   of the bundled runbook's shell blocks is parsed (after a warm-up round); the time per line is the
//   median round's total divided by the lines. The corpus figures come with the confusion matrix as
//   `detail`, which the runner prints under the table.

import { readFileSync } from 'node:fs';
import { ensureShellGrammar } from '../../src/runbook/shell-grammar.js';
import { ensureParsers } from '../../src/runbook/parsers.js';
import { parseShell } from '../../src/runbook/shell-syntax.js';
import { RISK_ORDER } from '../../src/runbook/model.js';
import { figures, judge, loadCorpus } from '../lib/risk-corpus.js';
import { median, nowMs, probe, probeArgs, type Measured } from './common.js';

const args = probeArgs<{ mode?: 'load'; corpus?: string; bundled?: string }>();

await probe(args.figures, async (wanted) => {
  if (args.mode === 'load') {
    const start = nowMs();
    await ensureShellGrammar();
    return { shell_grammar_load: { value: nowMs() - start } };
  }
  await ensureParsers();
  const out: Record<string, Measured & { detail?: string }> = {};
  const corpus = loadCorpus(args.corpus ?? 'test/risk/corpus.jsonl');
  if (wanted.has('shell_grammar_parse')) {
    const bundled = readFileSync(args.bundled ?? 'runbooks/database-operations.md', 'utf8');
    const blocks = [...bundled.matchAll(/^ *```(?:bash|sh|shell)\n([\s\S]*?)^ *```/gm)].map((m) => m[1]!);
    const lines = [...corpus.filter((r) => r.kind === 'shell').map((r) => r.text), ...blocks]
      .flatMap((text) => text.split('\n'))
      .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
    const rounds: number[] = [];
    for (let round = 0; round < 6; round++) {
      const start = nowMs();
      for (const line of lines) parseShell(line);
      if (round > 0) rounds.push(nowMs() - start);
    }
    out.shell_grammar_parse = { value: median(rounds) / lines.length };
  }
  const f = figures(judge(corpus));
  const matrix = [
    `Risk corpus: ${f.total} labelled statements (test/risk/corpus.jsonl); rows: expected, columns: classified`,
    `| expected \\ classified | ${RISK_ORDER.join(' | ')} |`,
    `|---|${RISK_ORDER.map(() => '---').join('|')}|`,
    ...RISK_ORDER.map((e) => `| ${e} | ${RISK_ORDER.map((g) => f.matrix[e][g]).join(' | ')} |`),
    ...f.under.map((j) => `rated below its label: ${j.risk} -> ${j.got}: ${j.text.split('\n')[0]}`),
    ...f.over.map((j) => `rated above its label: ${j.risk} -> ${j.got}: ${j.text.split('\n')[0]}`),
  ].join('\n');
  out.risk_corpus_destructive_recall = { value: 100 * f.destructiveRecall, detail: matrix };
  out.risk_corpus_accuracy = { value: 100 * f.accuracy };
  out.risk_corpus_destructive_precision = { value: 100 * f.destructivePrecision };
  return out;
});
