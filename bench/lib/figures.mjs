// The figures, exactly as issue #7 names them: unit, baseline, target. `group` says which measurement
// produces them (one measurement may yield several figures). Targets are data so the table can say
// which are missed; the bench never exits non-zero for a miss.

export const FIGURES = [
  { name: 'parse_1mb', unit: 'ms', baseline: 'remark-parse + remark-gfm, same text', target: { lt: 3000, ratioLe: 0.3 }, group: 'parse' },
  { name: 'parse_scaling', unit: 'x', baseline: null, target: { le: 2.2 }, group: 'parse' },
  { name: 'parse_many_blocks', unit: 'ms', baseline: 'remark-parse + remark-gfm, same text', target: { lt: 2000 }, group: 'parse' },
  { name: 'parse_bundled', unit: 'ms', baseline: null, target: { lt: 60 }, group: 'parse_bundled' },
  { name: 'cli_list_cold', unit: 'ms', baseline: 'node -e 0', target: { lt: 300 }, group: 'cli_list_cold' },
  { name: 'tui_first_frame', unit: 'ms', baseline: 'node -e 0', target: { lt: 300 }, group: 'tui_first_frame' },
  // The same two with the on-disk model cache off (RUNBOOK_NO_CACHE=1): the first run on a new or
  // changed runbook. No target of their own; shown so the cached figures above are read for what they are.
  { name: 'cli_list_uncached', unit: 'ms', baseline: 'node -e 0', target: null, group: 'cli_list_cold' },
  { name: 'tui_first_frame_uncached', unit: 'ms', baseline: 'node -e 0', target: null, group: 'tui_first_frame' },
  { name: 'sql_overhead', unit: 'ms', baseline: 'bare pg client', target: { ratioLe: 1.2 }, group: 'sql' },
  { name: 'sql_vs_psql', unit: 'ms', baseline: 'psql -c, one process per statement', target: { ratioLe: 0.1 }, group: 'sql' },
  { name: 'embedded_start_first', unit: 'ms', baseline: null, target: { lt: 3000 }, group: 'embedded' },
  { name: 'embedded_start_warm', unit: 'ms', baseline: null, target: { lt: 500 }, group: 'embedded' },
  { name: 'big_result_first_rows', unit: 'ms', baseline: null, target: { lt: 300 }, group: 'big_result' },
  { name: 'big_result_rss', unit: 'MB', baseline: null, target: { lt: 200 }, group: 'big_result' },
  { name: 'big_result_total', unit: 'ms', baseline: "psql -c \"\\copy (...) to '/dev/null'\"", target: null, group: 'big_result' },
  { name: 'big_shell_rss', unit: 'MB', baseline: null, target: { lt: 150 }, group: 'big_shell' },
  { name: 'big_shell_total', unit: 'ms', baseline: "bash -c '<same command>' > /dev/null", target: null, group: 'big_shell' },
  { name: 'journal_event', unit: 'ms', baseline: null, target: { lt: 5 }, group: 'journal' },
  { name: 'report_rebuild', unit: 'ms', baseline: null, target: { lt: 500 }, group: 'report' },
  // The bash grammar (issue 11): loading it in a fresh process, and parsing one command line.
  { name: 'shell_grammar_load', unit: 'ms', baseline: null, target: null, group: 'shell_grammar' },
  { name: 'shell_grammar_parse', unit: 'ms', baseline: null, target: null, group: 'risk' },
  // The risk classifier on the labelled corpus; the confusion matrix is printed under the table.
  { name: 'risk_corpus_destructive_recall', unit: '%', baseline: null, target: { ge: 100 }, group: 'risk' },
  { name: 'risk_corpus_accuracy', unit: '%', baseline: null, target: null, group: 'risk' },
  { name: 'risk_corpus_destructive_precision', unit: '%', baseline: null, target: null, group: 'risk' },
  // The hostile-value corpus bound in every context and executed (issue 11): the share that arrived as
  // data (counts per context printed under the table), and the time to bind one value.
  { name: 'binding_hostile_as_data', unit: '%', baseline: null, target: { ge: 100 }, group: 'binding' },
  { name: 'binding_bind', unit: 'ms', baseline: null, target: null, group: 'binding' },
  { name: 'tui_redraw_1000_rows', unit: 'ms', baseline: null, target: { lt: 50 }, group: 'tui_redraw' },
  // Drills (issue 16): one drill's set-up (its disposable database cloned from the drill template, the
  // fault injected: the `setupMs` of `drill --all --auto --json`, median and worst over the scenarios)
  // beside a fresh embedded cluster's first start (initdb + start + the demo database), and the whole
  // `drill --all --auto` beside one such fresh cluster per scenario. `drill_all_auto_first` is the first
  // run in a new embedded directory, which also makes the drill template (no target).
  { name: 'drill_setup', unit: 'ms', baseline: 'runbook db start, a fresh embedded cluster', target: { lt: 3000 }, group: 'drill' },
  { name: 'drill_setup_max', unit: 'ms', baseline: 'runbook db start, a fresh embedded cluster', target: null, group: 'drill' },
  { name: 'drill_all_auto', unit: 'ms', baseline: 'runbook db start, a fresh cluster per scenario', target: { lt: 60000 }, group: 'drill' },
  { name: 'drill_all_auto_first', unit: 'ms', baseline: null, target: null, group: 'drill' },
  // Real runbooks (../shared/corpus, outside the repository; unavailable without it): `check` over all
  // of them in one command, the everyday case (models cached, as cli_list_cold) and the first run
  // (model cache off, no target of its own), and the slowest cached `list` of one of them.
  { name: 'check_corpus', unit: 'ms', baseline: null, target: { lt: 3000 }, group: 'check_corpus' },
  { name: 'check_corpus_uncached', unit: 'ms', baseline: null, target: null, group: 'check_corpus' },
  { name: 'list_corpus_cached_max', unit: 'ms', baseline: 'node -e 0', target: { ratioLe: 2 }, group: 'check_corpus' },
];

export function targetText(target) {
  if (!target) return null;
  const parts = [];
  if (target.lt !== undefined) parts.push(`< ${target.lt}`);
  if (target.le !== undefined) parts.push(`<= ${target.le}`);
  if (target.ge !== undefined) parts.push(`>= ${target.ge}`);
  if (target.ratioLe !== undefined) parts.push(`ratio <= ${target.ratioLe}`);
  return parts.join(' and ');
}

/** 'met' | 'missed' | null (no target or no value); for the people's table only. */
export function verdict(target, value, ratio) {
  if (!target || value === null || value === undefined) return null;
  if (target.lt !== undefined && !(value < target.lt)) return 'missed';
  if (target.le !== undefined && !(value <= target.le)) return 'missed';
  if (target.ge !== undefined && !(value >= target.ge)) return 'missed';
  if (target.ratioLe !== undefined && !(ratio !== null && ratio <= target.ratioLe)) return 'missed';
  return 'met';
}
