// Reading the numbers runbooks write for people: "> 10K", "< 90%", "> 5 min", "> 5 GB", "Daily 2 AM",
// "Every 6 hours", "30 days", "March 27, 2025". Pure; an unreadable text gives undefined and the caller
// says so as a diagnostic.

export type Comparison = '<' | '<=' | '>' | '>=' | '=';

export interface Quantity {
  comparison?: Comparison;
  value: number;
  /** The unit as written, lowercased ('%', 'min', 'gb', ''). */
  unit: string;
}

const COMPARISON: Record<string, Comparison> = { '<': '<', '<=': '<=', '≤': '<=', '>': '>', '>=': '>=', '≥': '>=', '=': '=' };

/** `> 10K` -> { '>', 10000, '' }; `< 90%` -> { '<', 90, '%' }; `> 5 GB` -> { '>', 5, 'gb' }. */
export function readQuantity(text: string): Quantity | undefined {
  const m = /^\s*(<=|>=|<|>|≤|≥|=)?\s*(\d[\d,]*(?:\.\d+)?|\.\d+)([kKmM](?![a-zA-Z]))?\s*(%|[a-zA-Z]+)?/.exec(text);
  if (!m) return undefined;
  const scale = m[3] ? (m[3].toLowerCase() === 'k' ? 1_000 : 1_000_000) : 1;
  const value = Number(m[2]!.replace(/,/g, '')) * scale;
  if (!Number.isFinite(value)) return undefined;
  const quantity: Quantity = { value, unit: (m[4] ?? '').toLowerCase() };
  if (m[1]) quantity.comparison = COMPARISON[m[1]]!;
  return quantity;
}

const SECONDS: Record<string, number> = {
  ms: 0.001, msec: 0.001, millisecond: 0.001, milliseconds: 0.001,
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86400, day: 86400, days: 86400,
  w: 604800, wk: 604800, week: 604800, weeks: 604800,
  month: 2_592_000, months: 2_592_000,
  y: 31_536_000, yr: 31_536_000, year: 31_536_000, years: 31_536_000,
};

/** A duration unit in seconds (`min` -> 60), or undefined. */
export function secondsPer(unit: string): number | undefined {
  return SECONDS[unit.toLowerCase()];
}

const BYTES: Record<string, number> = { b: 1, bytes: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 };

/** A size unit in bytes, 1024-based as pg_size_pretty prints them (`gb` -> 1073741824), or undefined. */
export function bytesPer(unit: string): number | undefined {
  return BYTES[unit.toLowerCase()];
}

/** `30 days` -> 2592000; `1 hour` -> 3600; undefined when no number with a time unit is found. */
export function readDuration(text: string): number | undefined {
  const m = /(\d+(?:\.\d+)?)\s*([a-zA-Z]+)/.exec(text);
  if (!m) return undefined;
  const per = secondsPer(m[2]!);
  return per === undefined ? undefined : Number(m[1]) * per;
}

/** How often a schedule runs, in seconds: "Daily 2 AM", "Every 6 hours", "Weekly Sunday", "Hourly". */
export function readFrequency(text: string): number | undefined {
  const t = text.toLowerCase();
  const every = /\bevery\s+(\d+(?:\.\d+)?)?\s*([a-z]+)/.exec(t);
  if (every) {
    const per = secondsPer(every[2]!);
    if (per !== undefined) return (every[1] ? Number(every[1]) : 1) * per;
  }
  const times = /(\d+)\s*(?:x|times)\s*(?:a|per)\s*(day|week|hour)/.exec(t);
  if (times) return secondsPer(times[2]!)! / Number(times[1]);
  if (/\bhourly\b/.test(t)) return 3600;
  if (/\b(daily|nightly|every day|each day)\b/.test(t)) return 86400;
  if (/\b(weekly|every week)\b/.test(t)) return 604800;
  if (/\bmonthly\b/.test(t)) return 2_592_000;
  return undefined;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "March 27, 2025", "27 March 2025", "Mar 27 2025", "2025-03-27" -> "2025-03-27"; undefined otherwise. */
export function readDate(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  let y: number, mo: number, d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})\b/.exec(t);
  const monthFirst = /^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/.exec(t);
  const dayFirst = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})\b/.exec(t);
  if (iso) [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (monthFirst) [y, mo, d] = [Number(monthFirst[3]), month(monthFirst[1]!), Number(monthFirst[2])];
  else if (dayFirst) [y, mo, d] = [Number(dayFirst[3]), month(dayFirst[2]!), Number(dayFirst[1])];
  else return undefined;
  if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= 31)) return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1) return undefined; // February 30
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function month(name: string): number {
  return name.length >= 3 ? MONTHS.indexOf(name.slice(0, 3)) + 1 : 0;
}
