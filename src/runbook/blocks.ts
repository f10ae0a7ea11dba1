// A fenced code node -> Block: language and attributes, statements with FILE positions, risk,
// placeholders. ```sql-like blocks are split the way psql splits input (sql-split.ts), shell blocks
// are one script (shell-split.ts); any other language is kept as one `note` statement, so every
// fenced code node is a block (the count equals mdast's) but only SQL and shell ever run.
import type { Code } from 'mdast';
import type { Block, Placeholder, Statement } from './model.js';
import { parseInfoString } from './attributes.js';
import { splitBlock, type RawStatement } from './split.js';
import { readingOf, type Reading } from './reading.js';
import { interactiveReason } from './interactive.js';
import { findPlaceholders, isSecretName, placeholderName, type FindOptions } from './placeholders.js';
import { commentDefaults } from './comment-defaults.js';
import { assignedIn } from './shell-vars.js';
import { classifyRisk } from './risk.js';
import { SourceText } from './source.js';
import type { DiagnosticSink } from './diagnostics.js';
import type { Frontmatter } from './frontmatter.js';


export interface BlockContext {
  source: SourceText;
  sink: DiagnosticSink;
  frontmatter: Frontmatter;
  /** Placeholder names used anywhere, for the unused-declaration check. */
  usedNames: Set<string>;
  /**
   * Shell variables the prose tells the reader to set (`told`, the whole document) and those the current
   * procedure has assigned so far (`assigned`, reset per procedure by parse.ts): `$X` is a fill-in when
   * told and not yet assigned (shell-vars.ts).
   */
  shellVars?: { told: ReadonlySet<string>; assigned: Set<string> };
  /** Defaults for psql variables from `\set name value` lines met so far. */
  psqlSets?: Map<string, string>;
}

export function buildBlock(node: Code, id: string, ctx: BlockContext): Block {
  const { source, sink } = ctx;
  const start = node.position!.start;
  const info = parseInfoString(node.lang, node.meta);
  const fenceChar = source.text[start.offset!] === '~' ? '~' : '`';
  const code = node.value;
  const codeLine = start.line + 1;
  const locate = codeLocator(code, codeLine, source, start.column);

  const reading = readingOf(node, info);
  if (reading.inferred !== undefined) sink.report(start, 'warning', inferredMessage(reading), 'fence-no-lang');
  const raw = splitBlock(reading, code);
  const statements = raw.map((piece, i): Statement => {
    const at = locate(piece.offset);
    const risk = classifyRisk(piece.text, piece.kind);
    const statement: Statement = {
      id: `${id}/${i + 1}`,
      index: i + 1,
      text: piece.text,
      line: at.line,
      column: at.column,
      endLine: codeLine + piece.endLine - 1,
      kind: piece.kind,
      risk: risk.risk,
      riskReasons: risk.reasons,
      placeholders: findPlaceholders(piece.text, piece.kind, findOptions(piece.kind, ctx)),
    };
    noteAssignments(piece.text, piece.kind, ctx);
    if (piece.description !== undefined) statement.description = piece.description;
    if (piece.output !== undefined) statement.output = piece.output;
    const interactive = piece.kind === 'shell' ? interactiveReason(piece.text) : undefined;
    if (interactive !== undefined) statement.interactive = interactive;
    if (risk.confirmTarget !== undefined) statement.confirmTarget = risk.confirmTarget;
    if (risk.targets !== undefined) statement.riskTargets = risk.targets;
    for (const error of risk.syntaxErrors ?? []) {
      // Console transcripts mix prompts and output into their commands: not bash to be checked.
      if (error.language === 'bash' && info.lang === 'console') continue;
      const where = locate(piece.offset + error.offset);
      if (error.language === 'sql') sink.report(where, 'error', `SQL syntax: ${error.message}`, 'sql-syntax');
      else sink.report(where, 'error', `bash: ${error.message}`, 'bash-syntax');
    }
    if (piece.shortcode !== undefined) {
      sink.report(at, 'warning', `Hugo shortcode ${piece.shortcode} in a command: the site fills it in when it renders the page, so it cannot run as written; kept as a note (write a fill-in such as [name] to run it)`, 'site-shortcode');
    }
    if (risk.risk === 'destructive' && info.attributes.confirm === undefined) {
      const why = risk.reasons.length > 0 ? ` (${risk.reasons.join(', ')})` : '';
      sink.report(at, 'warning', `destructive statement${why} without a confirm attribute (add {confirm=typed})`, 'destructive-no-confirm');
    }
    return statement;
  });

  const block: Block = {
    id,
    lang: reading.lang,
    meta: info.meta,
    fence: fenceChar,
    line: start.line,
    column: start.column,
    endLine: node.position!.end.line,
    codeLine,
    code,
    attributes: info.attributes,
    statements,
    placeholders: [],
    menu: false,
  };
  if (reading.inferred !== undefined) block.inferred = reading.inferred;
  if (reading.as === 'output') block.output = true;
  block.placeholders = collectPlaceholders(block, locate, raw, ctx);
  return block;
}

/** What `check` says of a fence whose language was inferred: how it was read, and what to write. */
function inferredMessage(reading: Reading): string {
  const fence = reading.inferred === '' ? 'fenced code block without a language' : `fenced code block in ${reading.inferred}`;
  switch (reading.as) {
    case 'sql':
    case 'sql-transcript':
    case 'sql-then-output':
      return `${fence}: read as SQL (PostgreSQL's parser accepts it); write \`\`\`sql to say so`;
    case 'shell':
    case 'shell-transcript':
    case 'shell-then-output':
      return `${fence}: read as shell (its lines are commands${reading.as === 'shell' ? '' : ', the rest their output'}); write \`\`\`bash (or \`\`\`console for a transcript) to say so`;
    default:
      return `${fence}: read as output, not run; write \`\`\`text (or the language it is in) to say so`;
  }
}

/**
 * Maps an offset in the code to a FILE line and column. Code inside list items and quotes has its
 * indentation or `> ` removed by mdast; each line's prefix width is recovered by comparing the code
 * line with the source line it came from.
 */
export function codeLocator(code: string, codeLine: number, source: SourceText, fenceColumn: number) {
  const lines = new SourceText(code);
  const prefixes = new Map<number, number>();
  const prefixOf = (line: number): number => {
    let prefix = prefixes.get(line);
    if (prefix === undefined) {
      const codeText = lines.line(line);
      const sourceText = source.line(codeLine + line - 1);
      prefix = sourceText.endsWith(codeText) ? sourceText.length - codeText.length : fenceColumn - 1;
      prefixes.set(line, prefix);
    }
    return prefix;
  };
  return (offset: number): { line: number; column: number } => {
    const at = lines.position(offset);
    return { line: codeLine + at.line - 1, column: prefixOf(at.line) + at.column };
  };
}

/** Which `$VAR`s are fill-ins in a shell statement here: told to set and not assigned before it. */
function findOptions(kind: Statement['kind'], ctx: BlockContext): FindOptions {
  if (kind !== 'shell' || !ctx.shellVars || ctx.shellVars.told.size === 0) return {};
  const { told, assigned } = ctx.shellVars;
  return { shellVars: new Set([...told].filter((name) => !assigned.has(name))) };
}

/** Shell assignments and psql `\set` lines change what later statements of the procedure mean. */
function noteAssignments(text: string, kind: Statement['kind'], ctx: BlockContext): void {
  if (kind === 'shell' && ctx.shellVars && ctx.shellVars.told.size > 0) {
    for (const { name } of assignedIn(text)) ctx.shellVars.assigned.add(name);
  }
  if (kind === 'psql-meta' && ctx.psqlSets) {
    const set = /^\\set\s+([A-Za-z_][A-Za-z0-9_]*)\s+(.*)$/s.exec(text.trim());
    if (set) ctx.psqlSets.set(placeholderName(set[1]!), psqlSetValue(set[2]!));
  }
}

/** psql's `\set` value: its arguments joined, each unquoted ('...' with '' for a quote). */
function psqlSetValue(args: string): string {
  return [...args.matchAll(/'((?:[^']|'')*)'|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2]!)).join('');
}

function collectPlaceholders(
  block: Block,
  locate: (offset: number) => { line: number; column: number },
  raw: RawStatement[],
  ctx: BlockContext,
): Placeholder[] {
  const byName = new Map<string, Placeholder>();
  const secretAttr = block.attributes.secret;
  const commented = commentDefaults(block.code, placeholderName);
  block.statements.forEach((statement, i) => {
    for (const use of statement.placeholders) {
      ctx.usedNames.add(use.name);
      const declared = ctx.frontmatter.params.get(use.name);
      const existing = byName.get(use.name);
      // The block lists each name once, with its first use; each use keeps its own context for binding.
      if (existing) continue;
      const at = locate(raw[i]!.offset + use.offset);
      // `secret: false` in frontmatter overrides only the guess from the name (e.g. `primary_key`).
      const secret =
        (isSecretName(use.name) && declared?.secret !== false) ||
        secretAttr === true ||
        (Array.isArray(secretAttr) && secretAttr.includes(use.name)) ||
        ctx.frontmatter.secrets.has(use.name) ||
        declared?.secret === true;
      const placeholder: Placeholder = { name: use.name, context: use.context, secret, line: at.line, column: at.column };
      // The block's own comment is nearer the statement than the frontmatter: it wins; a psql `\set`
      // before the statement is the last resort.
      const psqlSet = use.syntax === 'psql-var' ? ctx.psqlSets?.get(use.name) : undefined;
      const fallback = commented.get(use.name) ?? declared?.default ?? psqlSet;
      if (fallback !== undefined) placeholder.default = fallback;
      if (declared?.description !== undefined) placeholder.description = declared.description;
      if (declared?.context !== undefined && declared.context !== use.context) {
        ctx.sink.report(
          at,
          'warning',
          `placeholder [${use.name}] is declared as ${declared.context} but used as ${use.context} here`,
          'placeholder-context',
        );
      }
      byName.set(use.name, placeholder);
    }
  });
  return [...byName.values()];
}
