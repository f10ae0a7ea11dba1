// Problems found while modelling, gathered as compiler-style messages and never thrown:
// `path:line:column: severity message [rule-id]`. Rule ids (README "runbook check"):
// fence-unclosed, fence-no-lang, sql-syntax, bash-syntax (the bash grammar), placeholder-context,
// duplicate-slug, link-missing-anchor, destructive-no-confirm, site-shortcode, frontmatter-yaml, frontmatter-toml.
import type { Diagnostic, Position, Severity } from './model.js';

export class DiagnosticSink {
  readonly items: Diagnostic[] = [];

  constructor(readonly path: string) {}

  report(at: Position, severity: Severity, message: string, ruleId: string): void {
    this.items.push({ path: this.path, line: at.line, column: at.column, severity, message, ruleId });
  }

  sorted(): Diagnostic[] {
    return sortDiagnostics(this.items);
  }
}

export function sortDiagnostics(items: Diagnostic[]): Diagnostic[] {
  return [...items].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column);
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.path}:${d.line}:${d.column}: ${d.severity} ${d.message} [${d.ruleId}]`;
}

export function countBySeverity(items: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of items) counts[d.severity]++;
  return counts;
}
