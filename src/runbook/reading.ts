// How a fenced block is read, as a careful reader reads it before running anything:
// - ```console / ```shell-session / ```terminal, and any shell or SQL block with prompt lines, are
//   transcripts: only what follows a prompt is typed, the rest is expected output (transcript.ts);
// - a block that is output by its language (```output, ```text, ```log), by the sentence before it
//   ("Output:", "Example output", "returns:") or by its admonition ("??? admonition "Output"") is
//   output: shown, never run;
// - a fence without a language, ```no-highlight or ```plain gets one inferred: a transcript when it
//   has prompts, SQL when PostgreSQL's parser accepts it, shell when its lines are commands (output
//   lines after the commands stay their output), output otherwise; `check` suggests writing it down;
// - Pandoc attributes (```{.bash data-prompt="$"}) name the language by their first class;
// - a declared shell block none of whose lines is a command (a pasted table, `KEY: value` lines) is
//   output too: fail safe, nothing unrecognisable runs.
// The reading is made once per fence (memoized on the node) for the step builder and the block builder.
import type { Code, Nodes, Paragraph } from 'mdast';
import type { InfoString } from './attributes.js';
import type { Container } from './containers.js';
import { containerOfCode } from './containers.js';
import { hasPromptLine } from './transcript.js';
import { startsWithCommand } from './prompts.js';
import { isCommandWord } from './commands.js';
import { parseSql } from './sql-parser.js';
import { splitSql } from './sql-split.js';
import { isFencedCode, plainText, walk } from './tree.js';

export const SQL_LANGS = new Set(['sql', 'psql', 'postgres', 'postgresql', 'pgsql', 'plpgsql']);
export const SHELL_LANGS = new Set(['bash', 'sh', 'shell', 'zsh']);
/** Terminal sessions: only prompt lines are typed. */
export const TRANSCRIPT_LANGS = new Set(['console', 'shell-session', 'shellsession', 'sh-session', 'terminal', 'bash-session']);
/** Languages that say "this is what a program printed". */
export const OUTPUT_LANGS = new Set(['output', 'text', 'txt', 'log', 'logs', 'plaintext', 'plain-text', 'stdout', 'result', 'results']);
/** Languages that say nothing about the content: the reader looks at it. */
const UNSAID = new Set(['', 'no-highlight', 'nohighlight', 'plain', 'none', 'default']);

/**
 * `*-transcript`: prompts mark what was typed. `*-then-output`: no prompt, but commands (or one SQL
 * statement) come first and the lines after them are what they printed.
 */
export type ReadAs = 'sql' | 'shell' | 'sql-transcript' | 'shell-transcript' | 'sql-then-output' | 'shell-then-output' | 'output' | 'other';

export interface Reading {
  as: ReadAs;
  /** The language the block is read in (`bash`, `sql`, `console`, `output`, `yaml`, ...). */
  lang: string;
  /** When the language was inferred: what the fence said instead (`''`, `no-highlight`). */
  inferred?: string;
}

const readings = new WeakMap<Code, Reading>();

export function readingOf(node: Code, info: InfoString): Reading {
  let reading = readings.get(node);
  if (!reading) {
    reading = read(node.value, info, containerOfCode(node), outputLeadOf(node));
    readings.set(node, reading);
  }
  return reading;
}

/** Whether the block runs (SQL or shell, as written or inferred). */
export function isRunnable(reading: Reading): boolean {
  return reading.as !== 'output' && reading.as !== 'other';
}

function read(code: string, info: InfoString, container: Container | undefined, lead: OutputLead | undefined): Reading {
  let lang = info.lang;
  // Pandoc attributes: ```{.bash data-prompt="$"} names its language by the first class.
  if (lang === '') {
    const firstClass = Object.keys(info.attributes.raw).find((key) => key.startsWith('.'));
    if (firstClass) lang = firstClass.slice(1).toLowerCase();
  }
  // A sentence that only describes what a command does ("The following example shows how to take a
  // backup:", "Unzipping the file will produce a folder:") does not turn a declared shell block that
  // starts with a command into output; "Output:" or a sentence naming the output or result does.
  if (lead === 'synopsis' && !TRANSCRIPT_LANGS.has(lang) && !hasPromptLine(code, { rootPrompt: false })) return { as: 'other', lang: lang === '' ? 'text' : lang };
  const outputLead = lead === 'says-output' || (lead === 'describes' && !(SHELL_LANGS.has(lang) && commandLines(code).first));
  if (OUTPUT_LANGS.has(lang) || isOutputContainer(container) || (outputLead && !TRANSCRIPT_LANGS.has(lang) && !hasPromptLine(code, { rootPrompt: false }))) {
    return { as: 'output', lang: lang === '' ? 'output' : lang };
  }
  if (TRANSCRIPT_LANGS.has(lang)) {
    if (hasPromptLine(code, { rootPrompt: true })) return { as: 'shell-transcript', lang };
    // A console block without a prompt: its commands, if any, are recognisable; the rest is output.
    return { as: commandLines(code).first ? 'shell-then-output' : 'output', lang };
  }
  if (SHELL_LANGS.has(lang)) {
    if (hasPromptLine(code, { rootPrompt: false })) return { as: 'shell-transcript', lang };
    return { as: looksLikeOutput(code) ? 'output' : 'shell', lang };
  }
  if (SQL_LANGS.has(lang)) return { as: hasPromptLine(code, { rootPrompt: false }) ? 'sql-transcript' : 'sql', lang };
  if (!UNSAID.has(lang)) return { as: 'other', lang };
  return { ...infer(code), inferred: lang };
}

function infer(code: string): Omit<Reading, 'inferred'> {
  if (code.trim() === '') return { as: 'output', lang: 'output' };
  if (hasPromptLine(code, { rootPrompt: true })) {
    const psqlOnly = !hasShellPrompt(code);
    return psqlOnly ? { as: 'sql-transcript', lang: 'psql' } : { as: 'shell-transcript', lang: 'console' };
  }
  if (isSql(code)) return { as: 'sql', lang: 'sql' };
  if (isSqlThenOutput(code)) return { as: 'sql-then-output', lang: 'sql' };
  // A command first, perhaps followed by what it printed (a transcript without a prompt).
  if (commandLines(code).first) return { as: 'shell-then-output', lang: 'console' };
  return { as: 'output', lang: 'output' };
}

/** One SQL statement PostgreSQL accepts, then nothing but what psql prints (a result table, a row count). */
function isSqlThenOutput(code: string): boolean {
  const first = splitSql(code).find((s) => s.kind !== 'note');
  if (!first || first.kind !== 'sql' || !first.text.trimEnd().endsWith(';') || !parseSql(first.text).ok) return false;
  const rest = code.split('\n').slice(first.endLine);
  return rest.some((line) => line.trim() !== '') && rest.every((line) => line.trim() === '' || isOutputLine(line));
}

/** Lines only a program prints: table borders and rows, row counts, log lines, `...`. */
const OUTPUT_LINE = [
  /^\s*[+|]?[-=+]{3,}[-=+|]*\s*$/,
  /^\s*\S.*\s\|\s.*$/,
  /^\s*\(\d+ rows?\)\s*$/,
  /^\s*\d{4}-\d\d-\d\d[ T_]\d\d:\d\d/,
  /^\s*(?:\.{3}|…|<snip>|\[\.\.\.\])\s*$/,
];

export function isOutputLine(line: string): boolean {
  return OUTPUT_LINE.some((re) => re.test(line));
}

function hasShellPrompt(code: string): boolean {
  return hasPromptLine(code.split('\n').filter((line) => !/^\s*[A-Za-z_][\w$.-]*[=\-'"(*^!][#>]/.test(line)).join('\n'), { rootPrompt: true });
}

/** PostgreSQL's parser accepts every statement (a meta-command line aside), and there is one. */
function isSql(code: string): boolean {
  const statements = splitSql(code).filter((s) => s.kind === 'sql');
  if (statements.length === 0 || splitSql(code).some((s) => s.kind === 'shell')) return false;
  return statements.every((s) => parseSql(s.text).ok);
}

/**
 * Logical lines (a `\`, `|` or `&&` at the end continues one) that start with a command, and whether
 * the first meaningful line is one. Comment lines are left out.
 */
export function commandLines(code: string): { commands: number; first: boolean; total: number } {
  let commands = 0;
  let total = 0;
  let first: boolean | undefined;
  let continued = false;
  for (const line of code.split('\n')) {
    const trimmed = line.trim();
    if (continued) {
      continued = /(?:\\|\||&&)\s*$/.test(line);
      continue;
    }
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    total++;
    const isCommand = startsWithCommand(trimmed) || isCommandWord(trimmed.split(/\s/)[0]!, true);
    if (isCommand) commands++;
    first ??= isCommand;
    continued = isCommand && /(?:\\|\||&&)\s*$/.test(line);
  }
  return { commands, first: first ?? false, total };
}

/**
 * A declared shell block in which no line is a command and every line reads as printed or as
 * configuration: a pasted table, `KEY: value` status lines, option descriptions (`--jobs=N will ...`).
 * An unknown program alone (`mytool --flag`) is still a command: the author said shell.
 */
function looksLikeOutput(code: string): boolean {
  const { commands, total } = commandLines(code);
  if (total === 0 || commands > 0) return false;
  return code.split('\n').every((line) => line.trim() === '' || isOutputLine(line) || /^\s*(?:[\w.-]+:(?:\s|$)|--\w|[+|])/.test(line));
}

function isOutputContainer(container: Container | undefined): boolean {
  return container !== undefined && container.kind !== 'tab' && /\b(?:output|result|sample|example output)\b/i.test(container.label ?? '');
}

// ---------------------------------------------------------------------------------------------------
// "Output:", "Example output", "returns:", "And a possible result:", "**Sample output**": the sentence
// before a block says what follows is printed, not typed. A sentence that also says run/execute/type
// ("verify the result by running:") introduces a command.

const OUTPUT_SENTENCE = /\b(?:output|results?|returns?|produces?|prints?|(?:should|will|would|might|may) (?:see|get|show|look)|see something like|looks? like|similar to|will show|shows?|displays?)\b[^.!?]*:?\s*$/i;
const COMMAND_SENTENCE = /\b(?:run|runs|running|execute|executing|type|typing|issue|invoke|enter|command)\b/i;
const OUTPUT_LABEL = /^\s*(?:sample|example|expected|typical)?\s*output\s*[:.]?\s*$/i;

/** A lead that names the output or result, not only what a command shows. */
const NAMES_OUTPUT = /\b(?:output|results?)\b/i;

/**
 * `says-output`: the lead names output or result ("Output:", "Example output", "the result is:");
 * `describes`: it only says what a command shows, prints or produces ("you should see:").
 */
export type OutputLead = 'says-output' | 'describes' | 'synopsis';

/** "Usage:" or "Synopsis:" before a block: the command's syntax (`report cluster CLUSTER [flags]`), not a command to run. */
const SYNOPSIS_LABEL = /^\s*(?:usage|synopsis)\s*:?\s*$/i;

export function outputLeadIn(text: string): OutputLead | undefined {
  const trimmed = text.trim();
  if (OUTPUT_LABEL.test(trimmed)) return 'says-output';
  if (SYNOPSIS_LABEL.test(trimmed)) return 'synopsis';
  const sentences = trimmed.split(/(?<=[.!?])\s+/);
  const last = sentences[sentences.length - 1] ?? '';
  if (!OUTPUT_SENTENCE.test(last) || COMMAND_SENTENCE.test(last)) return undefined;
  return NAMES_OUTPUT.test(last) ? 'says-output' : 'describes';
}

const LEAD = Symbol('output lead');
type Led = Code & { [LEAD]?: OutputLead };

/** Marks every fence whose preceding paragraph announces output (one walk over the tree). */
export function markOutputLeads(nodes: readonly Nodes[], text: string): void {
  walk(nodes, (node) => {
    if (!('children' in node)) return;
    const children = node.children as Nodes[];
    children.forEach((child, i) => {
      const before = children[i - 1];
      if (!isFencedCode(child, text) || before?.type !== 'paragraph') return;
      const lead = outputLeadIn(plainText(before as Paragraph));
      if (lead) (child as Led)[LEAD] = lead;
    });
  });
}

function outputLeadOf(node: Code): OutputLead | undefined {
  return (node as Led)[LEAD];
}
