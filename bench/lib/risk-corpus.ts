// The labelled risk corpus (test/risk/corpus.jsonl): statements of the kinds real runbooks contain (SQL, shell,
// operations CLIs, psql meta-commands), written for this project, each with the risk a careful
// operator gives it. The test asserts destructive recall; `npm run bench` prints the confusion matrix.
import { readFileSync } from 'node:fs';
import type { Risk, StatementKind } from '../../src/runbook/model.js';
import { RISK_ORDER } from '../../src/runbook/model.js';
import { classifyRisk } from '../../src/runbook/risk.js';

export interface CorpusRow {
  kind: StatementKind;
  text: string;
  risk: Risk;
}

export interface Judged extends CorpusRow {
  got: Risk;
  reasons: string[];
}

export const CORPUS_FILE = new URL('../../test/risk/corpus.jsonl', import.meta.url);

export function loadCorpus(file: URL | string = CORPUS_FILE): CorpusRow[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusRow);
}

/** Classifies every row (the parsers must be loaded). */
export function judge(rows: CorpusRow[]): Judged[] {
  return rows.map((row) => {
    const result = classifyRisk(row.text, row.kind);
    return { ...row, got: result.risk, reasons: result.reasons };
  });
}

export interface Figures {
  total: number;
  accuracy: number;
  destructiveRecall: number;
  destructivePrecision: number;
  /** matrix[expected][got] */
  matrix: Record<Risk, Record<Risk, number>>;
  /** Rated below what they are (the unsafe direction). */
  under: Judged[];
  /** Rated above what they are (cautious, but noise for the operator). */
  over: Judged[];
}

export function figures(judged: Judged[]): Figures {
  const matrix = Object.fromEntries(RISK_ORDER.map((e) => [e, Object.fromEntries(RISK_ORDER.map((g) => [g, 0]))])) as Figures['matrix'];
  for (const j of judged) matrix[j.risk][j.got]++;
  const rank = (r: Risk) => RISK_ORDER.indexOf(r);
  const destructive = judged.filter((j) => j.risk === 'destructive');
  const ratedDestructive = judged.filter((j) => j.got === 'destructive');
  return {
    total: judged.length,
    accuracy: judged.filter((j) => j.got === j.risk).length / judged.length,
    destructiveRecall: destructive.filter((j) => j.got === 'destructive').length / destructive.length,
    destructivePrecision: ratedDestructive.filter((j) => j.risk === 'destructive').length / ratedDestructive.length,
    matrix,
    under: judged.filter((j) => rank(j.got) < rank(j.risk)),
    over: judged.filter((j) => rank(j.got) > rank(j.risk)),
  };
}
