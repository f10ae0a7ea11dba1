// The two outputs: one JSON object per line per figure (a contract: name, value, unit, baseline,
// baseline_value, ratio, target; plus `unavailable` with the reason when a figure could not be measured)
// and a Markdown table for people, which also says which targets are missed.

import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';
import { FIGURES, targetText, verdict } from './figures.mjs';

const round = (v) => (typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(4)) : null);

export function record(name, m) {
  const f = FIGURES.find((x) => x.name === name);
  const value = m.unavailable ? null : round(m.value);
  const baseline_value = f.baseline && !m.unavailable ? round(m.baseline_value) : null;
  const ratio = value !== null && baseline_value ? round(value / baseline_value) : null;
  const out = { name, value, unit: f.unit, baseline: f.baseline, baseline_value, ratio, target: targetText(f.target) };
  if (m.unavailable || value === null) out.unavailable = m.unavailable ?? 'not measured';
  return out;
}

export function jsonLine(name, m) {
  return JSON.stringify(record(name, m));
}

export function table(figures, results) {
  const rows = [['figure', 'value', 'baseline', 'baseline value', 'ratio', 'target', 'vs target']];
  for (const f of figures) {
    const r = record(f.name, results.get(f.name) ?? { unavailable: 'not run' });
    const v = verdict(f.target, r.value, r.ratio);
    rows.push([
      f.name,
      r.value === null ? `unavailable: ${r.unavailable}` : `${r.value} ${r.unit}`,
      r.baseline ?? '-',
      r.baseline_value === null ? '-' : `${r.baseline_value} ${r.unit}`,
      r.ratio === null ? '-' : String(r.ratio),
      r.target ?? '-',
      v === 'missed' ? 'MISSED' : v === 'met' ? 'met' : '',
    ]);
  }
  const escape = (c) => c.replace(/\|/g, '\\|');
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => escape(r[i]).length)));
  const line = (r) => `| ${r.map((c, i) => escape(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

export function machine() {
  let model = cpus()[0]?.model ?? 'unknown CPU';
  try {
    model = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m)?.[1] ?? model;
  } catch {
    // not Linux
  }
  return `Machine: ${cpus().length} cores, ${model}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
}
