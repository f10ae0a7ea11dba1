// How long something took, in words for people: one formatter for the terminal UI, `runbook exec`'s
// lines and the reports, so a duration reads the same everywhere (`850 ms`, `3.2 s`, `2 min 5 s`,
// `1 h 2 min`). Machine-readable outputs (--json, the journal) keep milliseconds.

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
