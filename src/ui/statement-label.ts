// A statement as one line, wherever the UI names it (its row, the parameter form, "Result of line N",
// the viewer's title): its description (the comment before it), else its first line. A description of
// several comment lines becomes one line joined with " · " (Ink cuts a multi-line text short of its width).

export function statementLabel(description: string | undefined, text: string): string {
  return (description ?? text.trim().split('\n')[0] ?? '').replace(/\s*\n\s*/g, ' · ');
}
