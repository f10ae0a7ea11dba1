// The runbook model: plain, serializable data built from Markdown by parse.ts. Nothing here does I/O,
// and nothing outside src/runbook/ is imported. Every element keeps its source position (1-based line
// and column, as mdast reports them) so diagnostics, errors and the report can point back at the file.

export interface Position {
  line: number;
  column: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic extends Position {
  path: string;
  severity: Severity;
  message: string;
  ruleId: string;
}

export type Risk = 'read' | 'write' | 'destructive';
export const RISK_ORDER: readonly Risk[] = ['read', 'write', 'destructive'];

export function maxRisk(a: Risk, b: Risk): Risk {
  return RISK_ORDER.indexOf(b) > RISK_ORDER.indexOf(a) ? b : a;
}

/** The highest risk among a procedure's statements; undefined when it has none. */
export function highestRisk(procedure: Procedure): Risk | undefined {
  let risk: Risk | undefined;
  for (const step of procedure.steps) {
    for (const block of step.blocks) {
      for (const statement of block.statements) risk = risk === undefined ? statement.risk : maxRisk(risk, statement.risk);
    }
  }
  return risk;
}

/** What a statement acts on, so a confirmation can ask for the real object, not a placeholder. */
export type RiskTargetKind =
  | 'table' | 'role' | 'database' | 'schema' | 'object' | 'column' | 'setting' | 'function' | 'pid'
  | 'slot' | 'host' | 'pod' | 'namespace' | 'resource' | 'file' | 'service' | 'process' | 'container'
  | 'cluster' | 'member' | 'key' | 'program';

export interface RiskTarget {
  kind: RiskTargetKind;
  /** As written in the statement; a placeholder keeps its token (`[table_name]`) until bound. */
  name: string;
}

export type StatementKind = 'sql' | 'psql-meta' | 'shell' | 'note';

/** What a value becomes, in short (the `list --json` contract); `UseSpot` says exactly where it stands. */
export type PlaceholderContext = 'shell' | 'sql-literal' | 'sql-identifier' | 'sql-fragment';

/**
 * How a fill-in is written: `[name]` (ours), `<NAME>`, `{{ name }}`, `$NAME`/`${NAME}` (a shell variable
 * the runbook tells the reader to set), psql's `:name`/`:'name'`/`:"name"`.
 */
export type FillInSyntax = 'bracket' | 'angle' | 'mustache' | 'shell-var' | 'psql-var';

/** Quoting of shell text at a spot: a word's bare, '...', "...", $'...' parts, or a heredoc body. */
export type ShellQuote = 'none' | 'single' | 'double' | 'ansi-c' | 'heredoc' | 'heredoc-quoted';

/** Offsets [start, end) in the coordinates of the layer's language (see UseSpot). */
export interface Span {
  start: number;
  end: number;
}

/** A word of a shell command (program, argument, assignment value, redirect target or here-string). */
export interface ShellWordLayer extends Span {
  layer: 'shell-word';
  /** Quoting at the use itself (a word may mix quotes: `"a"'b'`). */
  quote: Exclude<ShellQuote, 'heredoc' | 'heredoc-quoted'>;
  role: 'program' | 'argument' | 'assignment' | 'redirect' | 'other';
  /** The command's program (`psql`, `kubectl`), when known. */
  program?: string;
  /**
   * The value would start a separate argument of a command, not after `--`: a value starting with `-`
   * would be read as an option, so binding refuses one.
   */
  optionExposed?: boolean;
  /** The word is shell code that another shell runs (`bash -c`, `ssh host`, `eval`): that program. */
  evaluatedBy?: string;
}

/** A heredoc body (`<<EOF` expands `$x` in it, `<<'EOF'` does not). The span is the body. */
export interface HeredocLayer extends Span {
  layer: 'heredoc';
  quoted: boolean;
  delimiter: string;
  /** Where the delimiter word is written after `<<` (quotes included), in statement text. */
  delimiterSpan: Span;
  program?: string;
  /** The body is shell code another shell runs (`bash <<EOF`, `ssh host <<EOF`), or SQL psql reads blind. */
  evaluatedBy?: string;
}

/** One run of the SQL psql receives and the shell text it comes from (`sqlLength` 1 for an escape like `\"`). */
export interface SqlSourcePiece {
  sql: number;
  text: number;
  sqlLength: number;
  textLength: number;
  quote: ShellQuote;
  /** A shell expansion (`$VAR`, `$(...)`) the SQL holds as written; its value is known only at run time. */
  expansion?: true;
}

/**
 * SQL that a shell statement passes to psql: the argument of `-c`/`--command`, a heredoc or
 * here-string psql reads, or what `echo`/`printf`/`cat` pipe into psql. `sql` is the text psql
 * receives (quotes removed); layers and spans after this one are offsets into `sql`.
 */
export interface PsqlLayer extends Span {
  layer: 'psql';
  via: 'command' | 'heredoc' | 'here-string' | 'pipe';
  sql: string;
  map: SqlSourcePiece[];
  /** The SQL passes through `echo -e` (backslashes) or a printf format (backslashes and %) first. */
  rewrites?: 'backslashes' | 'format';
}

/** A string constant: `'...'`, `E'...'`, `U&'...'`, `N'...'`, `B'...'`, `X'...'` (span includes the prefix). */
export interface SqlStringLayer extends Span {
  layer: 'sql-string';
  prefix: '' | 'E' | 'U&' | 'N' | 'B' | 'X';
  /** False for a string left open at the end of the statement. */
  closed: boolean;
  /** The string is dynamic SQL (`EXECUTE '...'` in a function body): its content is code. */
  dynamic?: boolean;
}

/** A dollar-quoted string `$tag$...$tag$`: a function or DO body (code) or a plain string value. */
export interface SqlDollarLayer extends Span {
  layer: 'sql-dollar';
  tag: string;
  body: 'code' | 'string';
  closed: boolean;
  dynamic?: boolean;
}

/** A quoted identifier `"..."`. */
export interface SqlQuotedIdentifierLayer extends Span {
  layer: 'sql-quoted-identifier';
  closed: boolean;
}

export type UseLayer = ShellWordLayer | HeredocLayer | PsqlLayer | SqlStringLayer | SqlDollarLayer | SqlQuotedIdentifierLayer;

/**
 * Exactly where a use stands, recorded once by the finder; binding reads it and never re-lexes.
 * `layers` are the containers around the use, outermost first. Offsets (in layers and in `start`/`end`)
 * are in the statement's text, except after a `psql` layer, where they are offsets into its `sql`.
 * `as` is what the value becomes at that spot:
 * - `literal`: a whole SQL string constant (`'[x]'`, a bare `[x]` where a value goes, `:'x'`);
 * - `identifier`: a whole SQL identifier (`FROM [t]`, `"[t]"`, `:"t"`);
 * - `fragment`: raw SQL by the operator's choice (`[paste slow query here]`), or text inside dynamic SQL;
 * - `text`: characters inside the innermost quoted container (SQL string, quoted identifier, dollar body);
 * - `shell`: a shell value (an environment variable quoted for the spot);
 * - `meta-argument`: an argument of a psql meta-command run by runbook (`\i [file]`).
 */
export interface UseSpot extends Span {
  layers: UseLayer[];
  as: 'literal' | 'identifier' | 'fragment' | 'text' | 'shell' | 'meta-argument';
}

/** Where a placeholder token sits in a statement's text, so binding can replace exactly that span. */
export interface PlaceholderUse {
  name: string;
  context: PlaceholderContext;
  /** The exact text replaced when binding, e.g. `[host]` or `'[query_text]'` (quotes included). */
  token: string;
  /** Character offset of `token` within Statement.text. */
  offset: number;
  /**
   * True for a `sql-literal` token that sits inside a longer '...' string (`'%[name]%'`): binding
   * splices an escaped value (quotes doubled, no added quotes) instead of a whole quoted literal.
   */
  inString?: boolean;
  syntax: FillInSyntax;
  /** For `$NAME` / `${NAME}`: the shell variable, as written. */
  variable?: string;
  spot: UseSpot;
}

export interface Placeholder {
  name: string;
  context: PlaceholderContext;
  /** Marked secret by a `{secret}` attribute, frontmatter, or a name containing password/token/secret/key. */
  secret: boolean;
  /** Default value declared by attribute or frontmatter, if any. */
  default?: string;
  description?: string;
  line: number;
  column: number;
}

export interface Statement extends Position {
  /** Stable id: `<block id>/<1-based index>`. */
  id: string;
  index: number;
  /** Source text of the statement (without the trailing describing comment lines). */
  text: string;
  endLine: number;
  kind: StatementKind;
  risk: Risk;
  /** Why the risk was chosen, e.g. `DROP TABLE`, `DELETE without WHERE`, `pg_terminate_backend()`. */
  riskReasons: string[];
  /** The comment right before the statement, without its `--` / `#` markers. */
  description?: string;
  placeholders: PlaceholderUse[];
  /** For destructive statements: the object a typed confirmation asks for (table, role, database), if one is plain. */
  confirmTarget?: string;
  /** In a transcript: what the terminal printed after it, as the runbook shows it. Expected output, never run. */
  output?: string;
  /** Every object the statement's highest-risk parts act on (table, role, pid, host, pod, file, ...), most specific first. */
  riskTargets?: RiskTarget[];
  /**
   * Why a shell statement needs a person at the terminal (`psql without -c or -f opens an interactive
   * session`, `read waits for an answer typed at the terminal`): the UI hands over the terminal, exec refuses it.
   */
  interactive?: { reason: string; withoutTerminal?: string };
}

export interface BlockAttributes {
  name?: string;
  /** Statement timeout in milliseconds (`timeout=30s`, `timeout=5m`, `timeout=500ms`). */
  timeoutMs?: number;
  /** `confirm=typed|yes|none`. */
  confirm?: 'typed' | 'yes' | 'none';
  readonly?: boolean;
  /** `{secret}` on its own marks every placeholder of the block secret; `secret=a,b` names them. */
  secret?: true | string[];
  /** Every attribute as written, for forward compatibility. */
  raw: Record<string, string | true>;
}

export interface Block extends Position {
  /** Stable id: `<step id>/b<1-based index within the step>`. */
  id: string;
  /** The language the block is read in: as written, from Pandoc attributes, or inferred (see `inferred`). */
  lang: string;
  /** Set when the language was inferred from the code: what the fence said instead (`''`, `no-highlight`). */
  inferred?: string;
  /** The block is a program's output (by its language, the sentence before it, or its admonition): never run. */
  output?: true;
  /** The info string after the language, as written. */
  meta: string;
  fence: '`' | '~' | 'indented';
  endLine: number;
  /** Line of the first line of code (the line after the opening fence). */
  codeLine: number;
  code: string;
  attributes: BlockAttributes;
  statements: Statement[];
  placeholders: Placeholder[];
  /** True when statements are independent commands (a menu, like Quick Reference) rather than a sequence. */
  menu: boolean;
  /**
   * The block runs only when this applies, as written ("On Debian/Ubuntu", "If a PDB is causing the
   * failure", "Otherwise"): it sits in a tab, a conditional list item, or is one of two blocks with
   * "or" between them. The operator chooses; exec runs it only with --when or --all-branches.
   */
  condition?: string;
  /** Blocks (or steps) with the same id are alternatives: the operator picks the one that applies. */
  alternative?: string;
}

export interface ManualItem extends Position {
  /** Stable id: `<step id>/m<1-based index>`. */
  id: string;
  text: string;
  /** Condition read from the prose ("if needed", "if primary is unrecoverable"), if any. */
  condition?: string;
}

export interface Step extends Position {
  /** Stable id: `<procedure id>/<1-based index>`. */
  id: string;
  index: number;
  title: string;
  /** Markdown source of the step's prose (without its code blocks). */
  prose: string;
  blocks: Block[];
  manual: ManualItem[];
  /** Set when prose conditions this step ("If cache hit ratio < 90%:"), or its heading is an option. */
  condition?: string;
  /** Steps with the same id are alternatives ("Option A" / "Option B"): one of them applies. */
  alternative?: string;
}

export interface Procedure extends Position {
  /** GitHub-style slug of the heading (`🚨 Database Down` -> `database-down`), unique in the runbook. */
  id: string;
  title: string;
  depth: number;
  /** Ancestor heading titles, outermost first (without the document title). */
  path: string[];
  /** The top-level section it sits in (e.g. `Emergency Procedures`); its own title at top level. */
  section: string;
  /** Markdown before the first step (e.g. a numbered procedure's "**Symptom:** ..." lines), if any. */
  intro?: string;
  steps: Step[];
  /** Rows of the runbook's contacts table that are for this procedure (contacts.ts), when any are. */
  contacts?: ContactMatch[];
}

/** A contacts-table row matched to a procedure, with the reason (see contacts.ts for the rules). */
export interface ContactMatch {
  /** Index of the row in `Runbook.contacts.rows`. */
  row: number;
  rule: 'title' | 'mention' | 'topic';
  /** Why this row is for this procedure, in words. */
  reason: string;
}

export interface Table extends Position {
  heading: string;
  headers: string[];
  rows: string[][];
  /** Line of each row of `rows`. */
  rowLines: number[];
}

/** A `**Label:** value` statement of the prose ("**Next Review:** March 27, 2025"), under `heading`. */
export interface Fact extends Position {
  label: string;
  value: string;
  heading: string;
}

/** A metric the ops toolkit measures and the Alert Thresholds table may limit. */
export type MetricName = 'cache_hit_ratio' | 'active_connections' | 'longest_query' | 'dead_tuples' | 'database_size';

/** One row of an alert thresholds table, in the toolkit's unit (%, count, minutes, tuples, bytes). */
export interface ThresholdDecl extends Position {
  metric: MetricName;
  /** The row's metric as written, e.g. `DB Size`. */
  label: string;
  unit: string;
  direction: 'above' | 'below';
  warning: number;
  critical: number;
  action: string;
  /** The cells as written, e.g. `> 10K`. */
  shown: { warning: string; critical: string };
}

/** A measurable Key Metrics Target: cache_hit_ratio and availability in %, response_time in ms, rto and rpo in seconds. */
export interface TargetDecl extends Position {
  metric: 'cache_hit_ratio' | 'response_time' | 'rto' | 'rpo' | 'availability';
  label: string;
  comparison: '<' | '<=' | '>' | '>=' | '=';
  value: number;
  unit: string;
  /** As written, e.g. `> 95%`. */
  shown: string;
}

/** One row of a backup schedule table. */
export interface ScheduleDecl extends Position {
  /** As written, e.g. `Full Backup`. */
  type: string;
  kind: 'full' | 'incremental' | 'snapshot' | 'other';
  frequency: string;
  /** The frequency as an interval; absent when it could not be read. */
  everySeconds?: number;
  retention: string;
  retentionSeconds?: number;
  location: string;
  /** How the database can see this kind of backup: its own catalog, WAL archiving, or not at all. */
  checkedBy: 'catalog' | 'wal' | 'none';
}

/**
 * What the runbook declares about the system and itself, read from its tables and facts: the toolkit is
 * installed from it (`runbook db install-toolkit`) and `check --db` compares a database with it.
 */
export interface Declared {
  thresholds: ThresholdDecl[];
  targets: TargetDecl[];
  backupSchedule: ScheduleDecl[];
  /** The "Next Review" date, as written and as YYYY-MM-DD. */
  nextReview?: Position & { text: string; date: string };
}

export interface TemplateSection extends Position {
  heading: string;
  depth: number;
  /** Field labels found as `**Label:**` bullets, `Label:` list items, or list items ending with a colon. */
  fields: { label: string; line: number; ordered: boolean }[];
}

export interface ReportTemplate extends Position {
  heading: string;
  /** The whole template section's Markdown source (re-parsed by the report builder). */
  markdown: string;
  sections: TemplateSection[];
}

export type EdgeKind = 'next' | 'branch' | 'link';

export interface Edge {
  kind: EdgeKind;
  /** Step id, or procedure id for links from prose outside a step. */
  from: string;
  /** Step id, or procedure id for `link` edges. */
  to: string;
  label?: string;
  line: number;
}

export interface Runbook {
  path: string;
  title: string;
  frontmatter?: Record<string, unknown>;
  procedures: Procedure[];
  contacts?: Table;
  thresholds: Table[];
  /** Tables under a heading mentioning "schedule" (the Backup Schedule). */
  schedules: Table[];
  facts: Fact[];
  declared: Declared;
  reportTemplate?: ReportTemplate;
  /** Every heading slug in the document, for link checking. */
  anchors: string[];
  edges: Edge[];
  /** Problems found while modelling; bad input never throws. */
  diagnostics: Diagnostic[];
}
