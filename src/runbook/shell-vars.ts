// Shell variables as fill-ins: `$NAMESPACE` / `${NAMESPACE}` in a command is something the operator
// fills in when the runbook tells the reader to set it ("Set `NAMESPACE` to the cluster's namespace",
// "replace the $CONTROLLERPOD variable", "Define the `INSTANCE_NAME=<name>` variable") and the
// procedure never assigns it itself before the use (`NS=prod`, `export NS=...`, `read NS`, `for NS in`).
// Whether it is set in the environment is known only at run time: the command line passes such values
// as parameters (session/params.ts environmentParams), so they are not asked.
//
// Never fill-ins: special parameters (`$?`, `$1`, `$@`), well-known environment variables (HOME, PATH,
// PG*, DATABASE_URL, KUBECONFIG, ...), names the prose does not tell the reader to set.
import type { Nodes, Root } from 'mdast';
import { plainText, walk } from './tree.js';
import { parseShell } from './shell-syntax.js';

const TOLD = /\b(set|export|define|replace|substitute|change|fill|provide|specify|enter|adjust|where|assign)\b/i;
const MENTION = /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?|`([A-Z_][A-Z0-9_]*)(?:=[^`]*)?`/g;

/** Environment variables a runbook uses without asking anyone: never fill-ins. */
export const WELL_KNOWN = new Set([
  'HOME', 'PATH', 'USER', 'LOGNAME', 'PWD', 'OLDPWD', 'SHELL', 'HOSTNAME', 'TERM', 'LANG', 'LANGUAGE', 'TMPDIR', 'TZ',
  'EDITOR', 'VISUAL', 'PAGER', 'IFS', 'PS1', 'PS2', 'UID', 'EUID', 'PPID', 'RANDOM', 'SECONDS', 'LINENO', 'REPLY',
  'OPTARG', 'OPTIND', 'HISTFILE', 'DISPLAY', 'SSH_AUTH_SOCK', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME',
  'DATABASE_URL', 'PGHOST', 'PGPORT', 'PGUSER', 'PGDATABASE', 'PGPASSWORD', 'PGSSLMODE', 'PGDATA', 'PGPASSFILE',
  'PGOPTIONS', 'PGAPPNAME', 'PGSERVICE', 'PGCONNECT_TIMEOUT', 'KUBECONFIG', 'AWS_PROFILE', 'AWS_REGION',
  'AWS_DEFAULT_REGION', 'GOOGLE_APPLICATION_CREDENTIALS', 'CLOUDSDK_CORE_PROJECT', 'DOCKER_HOST', 'JAVA_HOME',
  'GOPATH', 'NODE_ENV', 'CI', 'NO_COLOR',
]);

/** Variables the document's prose tells the reader to set: mentioned in a sentence saying so. */
export function toldToSet(root: Root): Set<string> {
  const out = new Set<string>();
  walk(root.children as Nodes[], (node) => {
    if (node.type === 'code' || node.type === 'html') return false;
    if (node.type !== 'paragraph' && node.type !== 'heading' && node.type !== 'tableCell') return;
    const text = sentenceText(node);
    if (!TOLD.test(text)) return false;
    for (const m of text.matchAll(MENTION)) {
      const name = m[1] ?? m[2]!;
      if (!WELL_KNOWN.has(name) && !/^[0-9]/.test(name)) out.add(name);
    }
    return false;
  });
  return out;
}

/** A paragraph's text with inline code kept in backquotes (the mention shapes above look for them). */
function sentenceText(node: Nodes): string {
  if (node.type === 'inlineCode') return `\`${node.value}\``;
  if ('children' in node) return (node.children as Nodes[]).map(sentenceText).join('');
  return 'value' in node ? String(node.value) : plainText(node);
}

/** Names a shell statement assigns, with where (`NS=x`, `export NS=`, `read NS`, `for NS in`, `declare NS`). */
export function assignedIn(text: string): { name: string; offset: number }[] {
  const out: { name: string; offset: number }[] = [];
  for (const command of parseShell(text).commands) {
    for (const a of command.assignments) out.push({ name: a.name, offset: command.start });
    const [first, ...rest] = command.words;
    const program = first?.value ?? '';
    if (['export', 'declare', 'typeset', 'local', 'readonly'].includes(program)) {
      for (const w of rest) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)(=|$)/.exec(w.value);
        if (m) out.push({ name: m[1]!, offset: command.start });
      }
    } else if (program === 'read' || program === 'mapfile' || program === 'readarray') {
      for (const w of rest) if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(w.value)) out.push({ name: w.value, offset: command.start });
    }
  }
  for (const m of text.matchAll(/(?:^|[\s;&|(])(?:for|select)\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b/g)) out.push({ name: m[1]!, offset: m.index! });
  // `getopts spec NAME`, `printf -v NAME`
  for (const m of text.matchAll(/\b(?:getopts\s+\S+|printf\s+-v)\s+([A-Za-z_][A-Za-z0-9_]*)/g)) out.push({ name: m[1]!, offset: m.index! });
  return out;
}
