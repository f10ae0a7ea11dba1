// The executor for measuring and testing without a database: an in-memory registry, keyed by kind like
// the real one, whose results are scripted per statement text. A script can send live output, and can
// hold its statement "running" until the caller releases it (or the engine cancels it), so the terminal
// UI and the bench drive the real session engine (binding, policy, journal) with nothing to connect to.
// Nothing in the product imports it.

import type { Target } from '../database/target.js';
import { endResult, startClock } from './result.js';
import type { ExecKind, ExecRequest, ExecResult, Executor, ExecutorRegistry, OutputEvent, RunOptions } from './types.js';

/** What a scripted run does. */
export interface Script {
  /** The result's own fields (status defaults to `succeeded`; kind, text and times are filled in). */
  result?: Partial<Omit<ExecResult, 'kind' | 'text' | 'startedAt' | 'endedAt'>>;
  /** Output sent as the run starts (shell lines, notices, row counts). */
  output?: OutputEvent[];
  /** Stay running until `release()` on the handle (`ScriptedExecutors.started`) or a cancel. */
  hold?: boolean;
}

/** Which requests a script answers: the exact text run, a pattern, or a test of the whole request. */
export type Match = string | RegExp | ((request: ExecRequest) => boolean);

/** A run being held: the caller sends its output and decides when it ends. */
export interface HeldRun {
  readonly request: ExecRequest;
  emit(event: OutputEvent): void;
  /** Ends the run with the script's result, or with `result` when given. */
  release(result?: Script['result']): void;
}

/** A target that names no reachable server: the scripted executors never connect anywhere. */
export const SCRIPTED_TARGET: Target = {
  source: 'flag',
  host: 'db.example',
  port: 5432,
  database: 'showtrack',
  user: 'oncall',
  connectionString: 'postgres://oncall@db.example:5432/showtrack',
  embedded: false,
};

const KINDS: readonly ExecKind[] = ['sql', 'shell', 'psql-meta'];

export class ScriptedExecutors {
  /** Every request run, in order (a preview's probes are kept apart, in `probes`). */
  readonly requests: ExecRequest[] = [];
  /** Every probe (a preview's read-only look, ExecRequest.probe) run, in order. */
  readonly probes: ExecRequest[] = [];
  readonly registry: ExecutorRegistry;
  private scripts: { match: Match; script: Script | ((request: ExecRequest) => Script) }[] = [];
  private waiting: ((held: HeldRun) => void)[] = [];
  private heldRuns: HeldRun[] = [];

  constructor() {
    const executor = (kind: ExecKind): Executor => ({ run: (request, options) => this.run(kind, request, options) });
    this.registry = Object.fromEntries(KINDS.map((k) => [k, executor(k)])) as ExecutorRegistry;
  }

  /** Answers matching requests with `script` (the latest matching script wins). */
  on(match: Match, script: Script | ((request: ExecRequest) => Script)): this {
    this.scripts.unshift({ match, script });
    return this;
  }

  /** Resolves with the next held run once it starts (or the one already running). */
  started(): Promise<HeldRun> {
    const held = this.heldRuns[0];
    if (held) return Promise.resolve(held);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private scriptFor(request: ExecRequest): Script {
    const found = this.scripts.find(({ match }) =>
      typeof match === 'string' ? match === request.text : match instanceof RegExp ? match.test(request.text) : match(request),
    );
    if (!found) return {};
    return typeof found.script === 'function' ? found.script(request) : found.script;
  }

  private async run(kind: ExecKind, request: ExecRequest, options: RunOptions = {}): Promise<ExecResult> {
    (request.probe ? this.probes : this.requests).push(request);
    const clock = startClock();
    const script = this.scriptFor(request);
    const ok: Script['result'] = kind === 'shell' ? { exitCode: 0 } : {};
    const end = (fields: Script['result'] = {}) => endResult({ kind, text: request.text }, clock, fields.status ?? 'succeeded', { ...ok, ...fields });
    for (const event of script.output ?? []) options.onOutput?.(event);
    if (!script.hold) {
      await Promise.resolve();
      return end(script.result);
    }
    return new Promise<ExecResult>((resolve) => {
      const finish = (result: ExecResult) => {
        this.heldRuns = this.heldRuns.filter((h) => h !== held);
        options.signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const onAbort = () => finish(end({ status: 'cancelled', error: { message: 'cancelled' } }));
      const held: HeldRun = {
        request,
        emit: (event) => options.onOutput?.(event),
        release: (result) => finish(end(result ?? script.result)),
      };
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.heldRuns.push(held);
      for (const resolveWaiter of this.waiting.splice(0)) resolveWaiter(held);
    });
  }
}
