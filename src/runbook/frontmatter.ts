// The optional YAML frontmatter: kept as data on the runbook, and read for placeholder declarations:
//
//   ---
//   secrets: [db_password]            # names whose values are never shown or journaled
//   params:
//     pid: { description: Backend process id, default: "12345" }
//     suspicious_user: { context: sql-identifier, secret: false }
//   ---
import { createRequire } from 'node:module';
import type { Yaml } from 'mdast';
import { looksLikeToml, parseToml, TomlError } from './toml.js';
import type { PlaceholderContext } from './model.js';
import type { DiagnosticSink } from './diagnostics.js';

export interface ParamDeclaration {
  default?: string;
  description?: string;
  secret?: boolean;
  context?: PlaceholderContext;
  line: number;
  column: number;
}

export interface Frontmatter {
  data?: Record<string, unknown>;
  params: Map<string, ParamDeclaration>;
  secrets: Set<string>;
}

// `yaml` is a quarter of the code `runbook list` would otherwise load and compile, and most runbooks
// have no frontmatter: it is required (synchronously, so the model stays synchronous) on first use.
// A local `require` keeps esbuild from bundling it; at run time it resolves from node_modules.
const requireAtRunTime = createRequire(import.meta.url);
let yaml: typeof import('yaml') | undefined;
function parseYaml(text: string): unknown {
  yaml ??= requireAtRunTime('yaml') as typeof import('yaml');
  return yaml.parse(text);
}

export const CONTEXTS: readonly PlaceholderContext[] = ['shell', 'sql-literal', 'sql-identifier', 'sql-fragment'];

/** YAML between `---`, or TOML between `+++` (Hugo) or between `---` (Supabase's docs write it so). */
export function readFrontmatter(node: Yaml | { type: 'toml'; value: string; position?: Yaml['position'] } | undefined, sink: DiagnosticSink): Frontmatter {
  const out: Frontmatter = { params: new Map(), secrets: new Set() };
  if (!node) return out;
  const at = { line: node.position!.start.line, column: 1 };
  let data: unknown;
  if (node.type === 'toml' || looksLikeToml(node.value)) {
    try {
      data = parseToml(node.value);
    } catch (error) {
      const line = error instanceof TomlError ? at.line + error.line : at.line;
      sink.report({ line, column: 1 }, 'error', `frontmatter is not valid TOML: ${error instanceof Error ? error.message : String(error)}`, 'frontmatter-toml');
      return out;
    }
  } else try {
    data = parseYaml(node.value);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    sink.report(at, 'error', `frontmatter is not valid YAML: ${message}`, 'frontmatter-yaml');
    return out;
  }
  if (data === null || data === undefined) return out;
  if (typeof data !== 'object' || Array.isArray(data)) {
    sink.report(at, 'error', 'frontmatter must be a YAML mapping', 'frontmatter-yaml');
    return out;
  }
  out.data = data as Record<string, unknown>;
  const secrets = out.data.secrets;
  if (Array.isArray(secrets)) for (const name of secrets) out.secrets.add(String(name));
  const params = out.data.params;
  if (params && typeof params === 'object' && !Array.isArray(params)) {
    const lines = node.value.split('\n');
    for (const [name, raw] of Object.entries(params as Record<string, unknown>)) {
      // The line of `name:` inside the YAML (the frontmatter starts one line after its `---`).
      const index = lines.findIndex((line) => line.trimStart().startsWith(`${name}:`));
      const where = index >= 0 ? { line: at.line + 1 + index, column: 1 + lines[index]!.search(/\S/) } : at;
      out.params.set(name, toDeclaration(name, raw, where, sink));
    }
  }
  return out;
}

function toDeclaration(name: string, raw: unknown, at: { line: number; column: number }, sink: DiagnosticSink): ParamDeclaration {
  const declaration: ParamDeclaration = { line: at.line, column: at.column };
  // `pid: "12345"` is shorthand for a default value.
  if (raw === null || typeof raw !== 'object') {
    if (raw !== null && raw !== undefined) declaration.default = String(raw);
    return declaration;
  }
  const fields = raw as Record<string, unknown>;
  if (fields.default !== undefined && fields.default !== null) declaration.default = String(fields.default);
  if (typeof fields.description === 'string') declaration.description = fields.description;
  if (typeof fields.secret === 'boolean') declaration.secret = fields.secret;
  if (fields.context !== undefined) {
    const context = String(fields.context);
    if ((CONTEXTS as readonly string[]).includes(context)) declaration.context = context as PlaceholderContext;
    else {
      sink.report(
        at,
        'error',
        `param "${name}" has unknown placeholder context "${context}" (expected ${CONTEXTS.join(', ')})`,
        'placeholder-context',
      );
    }
  }
  return declaration;
}
