// How the report writes a time, in every section and format (durations: src/duration.ts, shared with the
// UI and exec).

export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/Z$/, ' UTC');
}
