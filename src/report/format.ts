// How the report writes a time and names a statement, in every section and format (durations:
// src/duration.ts, shared with the UI and exec).

export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/Z$/, ' UTC');
}

/** How the report names a statement: its runbook line, or "ad hoc statement" for the operator's own. */
export function statementName(st: { line: number; adHoc?: true }): string {
  return st.adHoc ? 'ad hoc statement' : `line ${st.line}`;
}
