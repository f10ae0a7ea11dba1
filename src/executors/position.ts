// Maps PostgreSQL's error position (1-based characters into the statement text) back to the runbook's
// line and column, counting newlines from where the statement starts in the file.

import type { SourceOrigin } from './types.js';

export function mapPosition(text: string, position: number, origin: SourceOrigin): { line: number; column: number } {
  // Characters, not UTF-16 units: PostgreSQL counts characters.
  const before = Array.from(text).slice(0, Math.max(0, position - 1)).join('');
  const lines = before.split('\n');
  if (lines.length === 1) return { line: origin.line, column: origin.column + before.length };
  return { line: origin.line + lines.length - 1, column: Array.from(lines[lines.length - 1]!).length + 1 };
}
