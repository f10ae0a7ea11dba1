// What a runbook declares, read once from its tables and facts into the model (Runbook.declared): the
// Alert Thresholds rows in the toolkit's units, the Key Metrics Targets, the Backup Schedule and the
// "Next Review" date. `runbook db install-toolkit` writes the first three into the toolkit's tables and
// `check --db` compares a database with them; `check` warns when the review date has passed. A row that
// cannot be read is a `declared-value` warning naming what is lost, never a guess.
import type { Declared, Fact, MetricName, ScheduleDecl, Table, TargetDecl, ThresholdDecl } from './model.js';
import type { DiagnosticSink } from './diagnostics.js';
import { bytesPer, readDate, readDuration, readFrequency, readQuantity, secondsPer, type Quantity } from './quantities.js';

const RULE = 'declared-value';

/** The metrics the toolkit measures, how a runbook names them, and the unit the toolkit keeps them in. */
const METRICS: { metric: MetricName; name: RegExp; unit: string; convert: (q: Quantity) => number | undefined }[] = [
  { metric: 'cache_hit_ratio', name: /cache\s*hit/i, unit: '%', convert: (q) => (q.unit === '%' || q.unit === '' ? q.value : undefined) },
  { metric: 'active_connections', name: /connections/i, unit: 'count', convert: (q) => (q.unit === '' || q.unit === 'connections' ? q.value : undefined) },
  { metric: 'longest_query', name: /longest|long[- ]running|query (duration|time)/i, unit: 'minutes', convert: (q) => (q.unit === '' ? q.value : timeIn(q, 60)) },
  { metric: 'dead_tuples', name: /dead\s*tuples?/i, unit: 'tuples', convert: (q) => (['', 'tuples', 'rows'].includes(q.unit) ? q.value : undefined) },
  { metric: 'database_size', name: /\b(db|database)\s*size\b/i, unit: 'bytes', convert: (q) => (bytesPer(q.unit) === undefined ? undefined : q.value * bytesPer(q.unit)!) },
];

const TARGETS: { metric: TargetDecl['metric']; name: RegExp; unit: string; otherwise: TargetDecl['comparison']; convert: (q: Quantity) => number | undefined }[] = [
  { metric: 'cache_hit_ratio', name: /cache\s*hit/i, unit: '%', otherwise: '>=', convert: (q) => (q.unit === '%' || q.unit === '' ? q.value : undefined) },
  { metric: 'availability', name: /availability|uptime/i, unit: '%', otherwise: '>=', convert: (q) => (q.unit === '%' ? q.value : undefined) },
  { metric: 'response_time', name: /response\s*time|latency/i, unit: 'ms', otherwise: '<=', convert: (q) => timeIn(q, 0.001) },
  { metric: 'rto', name: /\bRTO\b|recovery\s*time/i, unit: 's', otherwise: '<=', convert: (q) => timeIn(q, 1) },
  { metric: 'rpo', name: /\bRPO\b|recovery\s*point/i, unit: 's', otherwise: '<=', convert: (q) => timeIn(q, 1) },
];

const TARGET_HEADING = /target|objective|\bslo\b|\bsla\b/i;
const NEXT_REVIEW = /^(next\s+review(\s+date)?|review\s+(by|due|date))$/i;

function timeIn(q: Quantity, unitSeconds: number): number | undefined {
  const per = secondsPer(q.unit);
  return per === undefined ? undefined : (q.value * per) / unitSeconds;
}

export function readDeclared(input: { thresholds: Table[]; schedules: Table[]; facts: Fact[] }, sink: DiagnosticSink): Declared {
  const declared: Declared = {
    thresholds: input.thresholds.flatMap((table) => thresholdRows(table, sink)),
    targets: targets(input.facts, sink),
    backupSchedule: input.schedules.flatMap((table) => scheduleRows(table, sink)),
  };
  const review = input.facts.find((fact) => NEXT_REVIEW.test(fact.label));
  if (review) {
    const date = readDate(review.value);
    if (date) declared.nextReview = { text: review.value, date, line: review.line, column: review.column };
    else sink.report(review, 'warning', `cannot read "${review.value}" as the next review date (e.g. "March 27, 2025" or "2025-03-27")`, RULE);
  }
  return declared;
}

function column(table: Table, name: RegExp): number {
  return table.headers.findIndex((header) => name.test(header));
}

function thresholdRows(table: Table, sink: DiagnosticSink): ThresholdDecl[] {
  const [metricCol, warningCol, criticalCol, actionCol] = [/metric/i, /warn/i, /crit/i, /action/i].map((name) => column(table, name));
  if (warningCol! < 0 || criticalCol! < 0) return []; // not a thresholds table (no Warning / Critical columns)
  const out: ThresholdDecl[] = [];
  table.rows.forEach((row, r) => {
    const at = { line: table.rowLines[r]!, column: table.column };
    const label = row[metricCol! < 0 ? 0 : metricCol!] ?? '';
    const known = METRICS.find((m) => m.name.test(label));
    if (!known) {
      sink.report(at, 'warning', `${table.heading}: "${label}" is not a metric the toolkit measures (${METRICS.map((m) => m.metric).join(', ')}): no alert is installed for it`, RULE);
      return;
    }
    if (out.some((t) => t.metric === known.metric)) {
      sink.report(at, 'warning', `${table.heading}: a second row for ${known.metric} ("${label}"); the first one is kept`, RULE);
      return;
    }
    const shown = { warning: row[warningCol!] ?? '', critical: row[criticalCol!] ?? '' };
    const read = (cell: string) => {
      const q = readQuantity(cell);
      const value = q ? known.convert(q) : undefined;
      return q?.comparison && (q.comparison === '<' || q.comparison === '>' || q.comparison === '<=' || q.comparison === '>=') && value !== undefined
        ? { direction: q.comparison.startsWith('<') ? ('below' as const) : ('above' as const), value }
        : undefined;
    };
    const warning = read(shown.warning);
    const critical = read(shown.critical);
    const bad = !warning ? shown.warning : !critical ? shown.critical : undefined;
    if (bad !== undefined) {
      sink.report(at, 'warning', `${table.heading}: cannot read "${bad}" as a limit for ${label} (e.g. "> 10K", "< 90%", "> 5 min", "> 5 GB"): no alert is installed for it`, RULE);
      return;
    }
    if (warning!.direction !== critical!.direction) {
      sink.report(at, 'warning', `${table.heading}: ${label}'s warning ("${shown.warning}") and critical ("${shown.critical}") point in different directions: no alert is installed for it`, RULE);
      return;
    }
    out.push({
      metric: known.metric, label, unit: known.unit, direction: warning!.direction, warning: warning!.value, critical: critical!.value,
      action: actionCol! >= 0 ? (row[actionCol!] ?? '') : '', shown, line: at.line, column: at.column,
    });
  });
  return out;
}

function targets(facts: Fact[], sink: DiagnosticSink): TargetDecl[] {
  const out: TargetDecl[] = [];
  for (const fact of facts) {
    if (!TARGET_HEADING.test(fact.heading)) continue;
    const known = TARGETS.find((t) => t.name.test(fact.label));
    if (!known || out.some((t) => t.metric === known.metric)) continue;
    const q = readQuantity(fact.value);
    const value = q ? known.convert(q) : undefined;
    if (value === undefined) {
      sink.report(fact, 'warning', `${fact.heading}: cannot read "${fact.value}" as a ${fact.label} target: the toolkit will not use it`, RULE);
      continue;
    }
    out.push({ metric: known.metric, label: fact.label, comparison: q!.comparison ?? known.otherwise, value, unit: known.unit, shown: fact.value, line: fact.line, column: fact.column });
  }
  return out;
}

function scheduleRows(table: Table, sink: DiagnosticSink): ScheduleDecl[] {
  const [typeCol, frequencyCol, retentionCol, locationCol] = [/type|backup/i, /frequency|when|schedule/i, /retention|keep/i, /location|where|storage/i].map((name) => column(table, name));
  if (typeCol! < 0 || frequencyCol! < 0) return [];
  const out: ScheduleDecl[] = [];
  table.rows.forEach((row, r) => {
    const at = { line: table.rowLines[r]!, column: table.column };
    const type = row[typeCol!] ?? '';
    const frequency = row[frequencyCol!] ?? '';
    const retention = retentionCol! >= 0 ? (row[retentionCol!] ?? '') : '';
    const location = locationCol! >= 0 ? (row[locationCol!] ?? '') : '';
    const kind = /full/i.test(type) ? 'full' : /incremental|differential|\bwal\b/i.test(type) ? 'incremental' : /snapshot/i.test(type) ? 'snapshot' : 'other';
    const checkedBy = /backup_recovery/i.test(location) ? 'catalog' : /\bwal\b|archive/i.test(location) ? 'wal' : 'none';
    const decl: ScheduleDecl = { type, kind, frequency, retention, location, checkedBy, line: at.line, column: at.column };
    const every = readFrequency(frequency);
    if (every !== undefined) decl.everySeconds = every;
    else sink.report(at, 'warning', `${table.heading}: cannot read "${frequency}" as how often ${type} runs (e.g. "Daily 2 AM", "Every 6 hours", "Weekly Sunday"): its age is not checked`, RULE);
    const keep = retention ? readDuration(retention) : undefined;
    if (keep !== undefined) decl.retentionSeconds = keep;
    out.push(decl);
  });
  return out;
}
