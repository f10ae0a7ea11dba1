// The one contract every executor implements: a serializable request in, a result out. Executors never
// see Markdown; the session turns a statement (with its parameters bound) into an ExecRequest.

export type ExecKind = 'sql' | 'shell' | 'psql-meta';

/** The timeout of a request without a positive timeoutMs: 5 minutes. */
export const DEFAULT_TIMEOUT_MS = 5 * 60_000;

export interface SourceOrigin {
  /** Runbook path, for error messages and for resolving `\i` relative paths. */
  file: string;
  line: number;
  column: number;
}

export interface ExecRequest {
  kind: ExecKind;
  /** Exactly the text to run (parameters already bound as literals/identifiers, or referenced as env vars). */
  text: string;
  /** Extra environment for shell statements (bound `shell` placeholders, as RB_<NAME> variables). */
  env?: Record<string, string>;
  /** Working directory for shell statements and base for relative `\i` paths (`\ir` uses origin.file). */
  cwd: string;
  /** Statement timeout in ms (DEFAULT_TIMEOUT_MS when not positive). */
  timeoutMs: number;
  /** Folder where the full CSV / log is written. */
  outputDir: string;
  /** Base file name (no extension) for this statement's output file, unique within the session. */
  outputName: string;
  /**
   * SQL: when to write `<outputName>.csv`. `overflow` (default): only when the result is larger than
   * what the result keeps in memory (more than 1,000 rows or 256 KB of CSV), so nothing is ever lost and
   * small statements pay no file I/O. `always`: for every row-returning statement.
   */
  csv?: 'overflow' | 'always';
  /** Secret values to mask as `****` in the output file as it is written (shell logs). */
  redact?: string[];
  /**
   * Run SQL inside a read-only transaction (the session's --read-only policy); shell: every libpq
   * program it starts gets PGOPTIONS=-c default_transaction_read_only=on.
   */
  readOnly?: boolean;
  /**
   * SQL: a look that must leave the session as it was (a preview): read-only, in a transaction rolled
   * back (or a savepoint inside the operator's open transaction), timeouts SET LOCAL.
   */
  probe?: boolean;
  /** SQL: lock_timeout for this statement only (DDL: so it cannot queue silently behind other locks). */
  lockTimeoutMs?: number;
  /**
   * Shell: what earlier statements of the session left, as a terminal would keep it: the variables they
   * exported and the directory they ended in. The result's `carry` is the same after this statement.
   */
  carry?: ShellCarry;
  /**
   * Shell: the operator has the terminal for it (an interactive command): stdin, stdout and stderr are
   * the terminal's, nothing is captured, and no timeout applies (the operator ends it).
   */
  terminal?: boolean;
  origin: SourceOrigin;
}

/** The part of a shell's state that carries from one statement to the next. */
export interface ShellCarry {
  /** Variables exported (or changed) by earlier statements, with their values. */
  env: Record<string, string>;
  /** Variables earlier statements unset. */
  unset?: string[];
  /** The directory the last statement ended in, when it changed it. */
  cwd?: string;
}

export type OutputEvent =
  | { type: 'data'; stream: 'stdout' | 'stderr' | 'notice'; text: string }
  | { type: 'rows'; count: number }
  | { type: 'exit'; code: number | null; signal?: string | null };

export interface RunOptions {
  signal?: AbortSignal;
  onOutput?: (event: OutputEvent) => void;
}

export type ExecStatus = 'succeeded' | 'failed' | 'cancelled' | 'timed-out';

export interface Column {
  name: string;
  /** PostgreSQL type name (int4, text, timestamptz, ...). */
  type: string;
}

export interface ExecError {
  message: string;
  /** SQLSTATE for SQL errors. */
  code?: string;
  detail?: string;
  hint?: string;
  /** 1-based character position in the statement text, as PostgreSQL reports it. */
  position?: number;
  /** Position mapped back to the runbook file. */
  line?: number;
  column?: number;
  /** True when the statement never reached the server: no connection could be opened (the message says why). */
  unreachable?: boolean;
}

export interface ExecResult {
  kind: ExecKind;
  status: ExecStatus;
  /** Text actually run. */
  text: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  // SQL
  columns?: Column[];
  /** At most the first 1,000 rows, values as PostgreSQL's text (null for NULL). */
  rows?: (string | null)[][];
  rowCount?: number;
  /** Command tag, e.g. `SELECT 3`, `UPDATE 0`. */
  command?: string;
  notices?: string[];
  /** SQL: pg_backend_pid() of the connection that ran it (runbook's own backend, marked in pid columns). */
  backendPid?: number;
  // shell
  exitCode?: number | null;
  stdoutTail?: string;
  stderrTail?: string;
  /** Processes the statement started that still ran when it ended (background jobs, escaped children). */
  leftRunning?: { pid: number; command: string }[];
  /** What the next shell statement starts with (the request's carry, with this statement's exports and cd). */
  carry?: ShellCarry;
  /** Full CSV (SQL: see ExecRequest.csv) or log (shell) file. */
  outputFile?: string;
  error?: ExecError;
  /** For `\i`: the results of the included statements. */
  children?: ExecResult[];
}

export interface Executor {
  run(request: ExecRequest, options?: RunOptions): Promise<ExecResult>;
  /** Release connections / processes. */
  close?(): Promise<void>;
}

export type ExecutorRegistry = Record<ExecKind, Executor>;
