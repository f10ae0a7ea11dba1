// A drill scenario: a small Markdown file that names a procedure of a runbook and says how to break a
// disposable database the way the procedure claims to fix, how to tell the fault is there (symptom), how
// to tell it is gone (resolved), and what the procedure is expected to achieve. Pure: text in, model out,
// problems as `line: message` (the CLI names the file); no I/O, nothing of the engine.
//
//   ---
//   procedure: High Load Emergency        # a title, id or unique prefix, as `runbook exec` takes it
//   expected: resolved                    # resolved | manual
//   time-limit: 2m                        # the headless run's bound (default 2m)
//   params: { minutes: 0 }                # values for the procedure's [placeholders]
//   when: [debian]                        # --when answers for conditional steps; all-branches: true
//   server: stopped                       # stop the drill's server once the fault is set up
//   ---
//   # Title: what breaks
//   ## Fault       ```sql / ```bash blocks run once, in order, committed; {background ...} blocks are
//                  sessions the drill keeps alive: name=N count=N user=ROLE loop every=200ms
//   ## Symptom     one ```sql query (its first value, true while the fault is present) or ```bash (exit 0)
//   ## Resolved    the same, true once the fault is fixed
//   ## Diagnosis   optional ```sql: values (e.g. the blocker's pid) a diagnostic statement must show
//   ## Parameters  optional ```sql: one row computed after the fault; each column is a parameter

import type { Code, Heading, Paragraph, Root, RootContent } from 'mdast';
import { parse as parseYaml } from 'yaml';
import { parseWhole } from '../runbook/mdast.js';
import { parseDuration, parseInfoString } from '../runbook/attributes.js';
import { splitSql } from '../runbook/sql-split.js';
import { plainText } from '../runbook/tree.js';
import { SHELL_LANGS, SQL_LANGS } from '../runbook/reading.js';

export type Expected = 'resolved' | 'manual';

/** SQL (split into statements as psql splits them) or one shell script. */
export interface ScenarioCode {
  lang: 'sql' | 'shell';
  /** The block's code as written. */
  text: string;
  /** SQL: each statement; shell: the whole script once. */
  statements: string[];
  line: number;
}

/** A session the drill opens and keeps alive while the procedure runs (a lock holder, a runaway query). */
export interface BackgroundSession extends ScenarioCode {
  /** Shown as application_name `drill: NAME` (numbered when count > 1). */
  name: string;
  count: number;
  /** Log in as this role (the drill gives it a password). */
  user?: string;
  /** Run the statements again and again, pausing this long between rounds, until the session ends. */
  loopEveryMs?: number;
}

export interface Scenario {
  /** The file name without `.md`: what `--scenario` names. */
  name: string;
  path: string;
  title: string;
  /** The first paragraph: what breaks, in the author's words. */
  summary: string;
  procedure: string;
  procedureLine: number;
  expected: Expected;
  timeLimitMs: number;
  params: Record<string, string>;
  when: string[];
  allBranches: boolean;
  /** The fault stops the drill's server (after its setup): the procedure runs during an outage. */
  serverStopped: boolean;
  fault: { setup: ScenarioCode[]; background: BackgroundSession[] };
  symptom: ScenarioCode;
  resolved: ScenarioCode;
  diagnosis?: ScenarioCode;
  parameters?: ScenarioCode;
}

export interface ScenarioProblem {
  line: number;
  message: string;
}

export type ParsedScenario = { scenario: Scenario; problems: [] } | { scenario?: undefined; problems: ScenarioProblem[] };

export const DEFAULT_TIME_LIMIT_MS = 120_000;
const SECTIONS = ['fault', 'symptom', 'resolved', 'diagnosis', 'parameters'] as const;
type Section = (typeof SECTIONS)[number];
const KEYS = new Set(['procedure', 'expected', 'time-limit', 'params', 'when', 'all-branches', 'server']);
const BACKGROUND_KEYS = new Set(['background', 'name', 'count', 'user', 'loop', 'every']);

/** `drills/high-table-bloat.md` -> `high-table-bloat`. */
export function scenarioName(path: string): string {
  return (path.split(/[\\/]/).pop() ?? path).replace(/\.(md|markdown)$/i, '');
}

export function parseScenario(text: string, path: string): ParsedScenario {
  const problems: ScenarioProblem[] = [];
  const problem = (line: number, message: string) => problems.push({ line, message });
  const root: Root = parseWhole(text);
  const front = readFront(root, problem);
  // `rejected`: blocks already reported (a wrong language, a misplaced background session), so the
  // section's count of blocks says nothing more (one problem per mistake, at its line).
  const sections = new Map<Section, { line: number; codes: ScenarioCode[]; background: BackgroundSession[]; rejected: number }>();
  let title = '';
  let summary = '';
  let current: Section | undefined;
  for (const node of root.children) {
    if (node.type === 'heading') {
      const words = plainText(node).trim();
      if (node.depth === 1 && !title) title = words;
      const section = SECTIONS.find((s) => words.toLowerCase().split(/\W+/)[0] === s);
      current = node.depth > 1 ? section : undefined;
      if (current) {
        if (sections.has(current)) problem(lineOf(node), `a second "${words}" section (one of each)`);
        else sections.set(current, { line: lineOf(node), codes: [], background: [], rejected: 0 });
      }
      continue;
    }
    if (node.type === 'paragraph' && !summary && !current) summary = plainText(node as Paragraph).replace(/\s+/g, ' ').trim();
    if (!current) continue;
    for (const code of codesIn(node)) {
      const section = sections.get(current)!;
      const before = problems.length;
      const read = readCode(code, current, problem);
      if (problems.length > before) section.rejected += 1;
      if (!read) continue;
      if ('count' in read) section.background.push(read);
      else section.codes.push(read);
    }
  }

  const one = (name: Section, required: boolean): ScenarioCode | undefined => {
    const section = sections.get(name);
    if (!section) {
      if (required) problem(1, `no "## ${capital(name)}" section: it holds one \`\`\`sql query (or \`\`\`bash check)`);
      return undefined;
    }
    if (section.codes.length !== 1) {
      if (section.codes.length === 0 && section.rejected > 0) return undefined;
      problem(section.line, `the ${capital(name)} section needs exactly one \`\`\`sql or \`\`\`bash block (found ${section.codes.length})`);
      return undefined;
    }
    const code = section.codes[0]!;
    if (code.lang === 'sql' && code.statements.length !== 1 && name !== 'parameters') {
      problem(code.line, `the ${capital(name)} query must be one statement (found ${code.statements.length})`);
    }
    return code;
  };
  const symptom = one('symptom', true);
  const resolved = one('resolved', true);
  const diagnosis = one('diagnosis', false);
  const parameters = one('parameters', false);
  if (diagnosis && diagnosis.lang !== 'sql') problem(diagnosis.line, 'the Diagnosis section needs a ```sql query (its values are looked for in results)');
  if (parameters && parameters.lang !== 'sql') problem(parameters.line, 'the Parameters section needs a ```sql query (one row; each column is a parameter)');
  const fault = sections.get('fault');
  if (!fault && !front.serverStopped) problem(1, 'no "## Fault" section: it holds the SQL and shell that create the fault');
  if (fault && fault.codes.length === 0 && fault.background.length === 0 && !front.serverStopped) problem(fault.line, 'the Fault section has no ```sql or ```bash block');
  if (!title) problem(1, 'no "# Title" heading: say what breaks');

  if (problems.length > 0 || !front.procedure || !front.expected || !symptom || !resolved) {
    return { problems: problems.length ? problems.sort((a, b) => a.line - b.line) : [{ line: 1, message: 'not a drill scenario' }] };
  }
  return {
    scenario: {
      name: scenarioName(path),
      path,
      title,
      summary,
      procedure: front.procedure,
      procedureLine: front.procedureLine,
      expected: front.expected,
      timeLimitMs: front.timeLimitMs,
      params: front.params,
      when: front.when,
      allBranches: front.allBranches,
      serverStopped: front.serverStopped,
      fault: { setup: fault?.codes ?? [], background: fault?.background ?? [] },
      symptom,
      resolved,
      ...(diagnosis ? { diagnosis } : {}),
      ...(parameters ? { parameters } : {}),
    },
    problems: [],
  };
}

interface Front {
  procedure?: string;
  procedureLine: number;
  expected?: Expected;
  timeLimitMs: number;
  params: Record<string, string>;
  when: string[];
  allBranches: boolean;
  serverStopped: boolean;
}

function readFront(root: Root, problem: (line: number, message: string) => void): Front {
  const front: Front = { procedureLine: 1, timeLimitMs: DEFAULT_TIME_LIMIT_MS, params: {}, when: [], allBranches: false, serverStopped: false };
  const node = root.children.find((n) => n.type === 'yaml') as { value: string; position?: { start: { line: number } } } | undefined;
  if (!node) {
    problem(1, 'no frontmatter: a scenario starts with --- procedure: NAME / expected: resolved|manual ---');
    return front;
  }
  const base = node.position?.start.line ?? 1;
  let data: unknown;
  try {
    data = parseYaml(node.value);
  } catch (error) {
    problem(base, `frontmatter is not YAML: ${(error as Error).message.split('\n')[0]}`);
    return front;
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    problem(base, 'frontmatter must be a map of keys (procedure, expected, ...)');
    return front;
  }
  const lines = node.value.split('\n');
  const lineOfKey = (key: string) => base + 1 + Math.max(0, lines.findIndex((l) => l.startsWith(`${key}:`)));
  const map = data as Record<string, unknown>;
  for (const key of Object.keys(map)) if (!KEYS.has(key)) problem(lineOfKey(key), `unknown key "${key}" (known: ${[...KEYS].join(', ')})`);
  if (typeof map.procedure === 'string' && map.procedure.trim()) {
    front.procedure = map.procedure.trim();
    front.procedureLine = lineOfKey('procedure');
  } else problem(lineOfKey('procedure'), 'procedure: the title, id or unique prefix of the procedure this scenario drills');
  if (map.expected === 'resolved' || map.expected === 'manual') front.expected = map.expected;
  else problem(lineOfKey('expected'), `expected: resolved or manual${map.expected === undefined ? '' : ` (not "${String(map.expected)}")`}`);
  if (map['time-limit'] !== undefined) {
    const ms = parseDuration(String(map['time-limit']));
    if (ms === undefined || ms <= 0) problem(lineOfKey('time-limit'), `time-limit: a duration such as 90s or 2m (not "${String(map['time-limit'])}")`);
    else front.timeLimitMs = ms;
  }
  if (map.params !== undefined) {
    if (!map.params || typeof map.params !== 'object' || Array.isArray(map.params)) problem(lineOfKey('params'), 'params: a map of placeholder names to values');
    else for (const [k, v] of Object.entries(map.params)) front.params[k] = v === null ? '' : String(v);
  }
  if (map.when !== undefined) front.when = (Array.isArray(map.when) ? map.when : [map.when]).map(String);
  if (map['all-branches'] !== undefined) front.allBranches = map['all-branches'] === true;
  if (map.server !== undefined) {
    if (map.server === 'stopped') front.serverStopped = true;
    else problem(lineOfKey('server'), `server: stopped is the one server state a scenario can ask for (not "${String(map.server)}")`);
  }
  return front;
}

/** Fenced code directly in the section (also inside lists and quotes). */
function codesIn(node: RootContent): Code[] {
  if (node.type === 'code') return [node];
  const out: Code[] = [];
  if ('children' in node) for (const child of node.children as RootContent[]) out.push(...codesIn(child));
  return out;
}

function readCode(node: Code, section: Section, problem: (line: number, message: string) => void): ScenarioCode | BackgroundSession | undefined {
  const line = lineOf(node) + 1;
  const info = parseInfoString(node.lang, node.meta);
  const lang = SQL_LANGS.has(info.lang) ? 'sql' : SHELL_LANGS.has(info.lang) ? 'shell' : undefined;
  if (!lang) {
    // Prose examples (```text, ```output) are for readers; anything else is probably a mistake.
    if (info.lang && !['text', 'output', 'console', 'markdown', 'md'].includes(info.lang)) problem(lineOf(node), `\`\`\`${info.lang} is neither sql nor bash: it is not run`);
    return undefined;
  }
  const statements = lang === 'sql' ? splitSql(node.value).filter((s) => s.kind !== 'note').map((s) => s.text) : node.value.trim() ? [node.value] : [];
  if (statements.length === 0) {
    problem(lineOf(node), 'an empty block');
    return undefined;
  }
  const code: ScenarioCode = { lang, text: node.value, statements, line };
  const raw = info.attributes.raw;
  if (raw.background === undefined) {
    for (const key of Object.keys(raw)) if (BACKGROUND_KEYS.has(key) && key !== 'name') problem(lineOf(node), `{${key}} is for {background} sessions`);
    return code;
  }
  if (section !== 'fault') {
    problem(lineOf(node), 'background sessions belong to the Fault section');
    return undefined;
  }
  for (const key of Object.keys(raw)) if (!BACKGROUND_KEYS.has(key)) problem(lineOf(node), `unknown attribute "${key}" (background sessions take name, count, user, loop, every)`);
  const count = raw.count === undefined ? 1 : Number(raw.count);
  if (!Number.isInteger(count) || count < 1 || count > 200) problem(lineOf(node), `count=${String(raw.count)}: a whole number from 1 to 200`);
  const every = typeof raw.every === 'string' ? parseDuration(raw.every) : undefined;
  if (raw.every !== undefined && every === undefined) problem(lineOf(node), `every=${String(raw.every)}: a duration such as 200ms`);
  if (lang === 'shell' && (raw.user !== undefined || raw.loop !== undefined)) problem(lineOf(node), 'user= and loop are for ```sql background sessions');
  return {
    ...code,
    name: typeof raw.name === 'string' && raw.name ? raw.name : `background ${line}`,
    count: Number.isInteger(count) && count > 0 ? count : 1,
    ...(typeof raw.user === 'string' ? { user: raw.user } : {}),
    ...(raw.loop !== undefined || every !== undefined ? { loopEveryMs: every ?? 200 } : {}),
  };
}

function lineOf(node: Heading | Code | RootContent): number {
  return node.position?.start.line ?? 1;
}

function capital(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}

/** The scenarios `--scenario NAME` picks: exactly that name, else names starting with it. */
export function matchScenarios<T extends { name: string }>(all: readonly T[], name: string): T[] {
  const exact = all.filter((s) => s.name === name);
  return exact.length ? exact : all.filter((s) => s.name.startsWith(name));
}
