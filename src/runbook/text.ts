// The one normalization applied to runbook text before modelling: no BOM, `\n` line endings. Kept apart
// from parse.ts so that reading a file does not load the Markdown parser.

export function normalizeText(markdown: string): string {
  const text = markdown.charCodeAt(0) === 0xfeff ? markdown.slice(1) : markdown;
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}
