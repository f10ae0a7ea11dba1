// Defaults a block declares in its own comments: `-- [minutes] defaults to 30` (SQL) or
// `# [host] defaults to db-1` (shell) gives the placeholder that default for this block, as a frontmatter
// `default:` does for the whole runbook. The bundled runbook uses it where a number the runbook means
// (queries "> 30 minutes") became a placeholder so a drill can give a smaller one, and plain runs keep the
// runbook's number. Only comment lines are read; the value is one word or a quoted string.

const COMMENT = /^\s*(?:--|#)(.*)$/;
const DEFAULT = /\[([A-Za-z][A-Za-z0-9_ ]*)\] defaults to (?:'([^']*)'|"([^"]*)"|([^\s,;]+?))(?=[.,;]?(?:\s|$))/g;

/** `[name] defaults to VALUE` in a block's comment lines, by placeholder name (the first one wins). */
export function commentDefaults(code: string, nameOf: (raw: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  if (!code.includes('defaults to')) return out;
  for (const line of code.split('\n')) {
    const comment = COMMENT.exec(line)?.[1];
    if (!comment) continue;
    for (const m of comment.matchAll(DEFAULT)) {
      const name = nameOf(`[${m[1]!}]`);
      if (!out.has(name)) out.set(name, m[2] ?? m[3] ?? m[4]!);
    }
  }
  return out;
}
