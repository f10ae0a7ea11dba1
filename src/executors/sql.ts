// The SQL executor: one statement at a time on ONE session connection kept for the whole procedure, so
// SET, temp tables and open transactions carry over between blocks. Rows stream through RowSink (first
// 1,000 kept, all to CSV, bounded memory). Statement timeouts are server-side; cancel sends a real cancel
// from a second connection; a lost connection fails that statement and the next one reconnects.
//
// Why the simple query protocol with row events rather than pg-cursor: a cursor costs an extra round trip
// per statement (Execute, then Sync after CommandComplete) and cannot hold several result sets; streaming
// the simple protocol's rows with TCP backpressure keeps memory bounded just the same at the cost of
// one round trip, which is what a bare `pg` client pays for `SELECT 1`. The per-statement path does no
// more than that round trip when nothing changed: settings are SET only when they differ, known type
// names need no lookup, one watchdog timer serves every statement, and CSV is made only for a file.

import pg from 'pg';
import type { Readable } from 'node:stream';
import { connectClient } from '../database/connect.js';
import { describeTarget, type Target } from '../database/target.js';
import { RowSink } from './row-sink.js';
import { TypeNames } from './pg-types.js';
import { failure, finish, sqlError } from './sql-result.js';
import { startClock } from './result.js';
import { StatementQuery, type StatementResult } from './statement-query.js';
import { Watchdog } from './watchdog.js';
import { closeProbe, openProbe, restoreLockTimeout, setLockTimeout, type ProbeScope } from './sql-scope.js';
import { DEFAULT_TIMEOUT_MS, type ExecRequest, type ExecResult, type Executor, type RunOptions } from './types.js';

/** After a cancel request, how long the server gets before the connection is dropped instead. */
const CANCEL_GRACE_MS = 1500;
const TX_CONTROL = /^\s*(begin|start\s+transaction|commit|end|rollback|abort|savepoint|release|prepare\s+transaction)\b/i;

export class SqlExecutor implements Executor {
  private client?: pg.Client;
  private lost?: string;
  /** pg_backend_pid() of the session connection, carried in every result it produces. */
  private backendPid?: number;
  private timeoutSet?: number;
  private readOnlySet = false;
  private readonly types = new TypeNames();
  private notices?: { list: string[]; emit?: RunOptions['onOutput'] };
  private queue: Promise<unknown> = Promise.resolve();
  private reconnectNote?: string;
  private readonly writes = new Set<Promise<void>>();
  /** Runs asked for and not yet finished: the first starts at once, the others wait their turn. */
  private inFlight = 0;
  private readonly watchdog = new Watchdog();

  /** `applicationName`: the session's connection shows as `runbook/<session-id>` in pg_stat_activity. */
  constructor(
    readonly target: Target,
    private readonly applicationName?: string,
  ) {}

  /** Why the session connection was lost, once it was (the next statement reconnects); else undefined. */
  get connectionLost(): string | undefined {
    return this.client ? this.lost : undefined;
  }

  run(request: ExecRequest, options: RunOptions = {}): Promise<ExecResult> {
    const start = () => this.runOne(request, options).finally(() => this.inFlight--);
    const next = this.inFlight++ === 0 ? start() : this.queue.then(start);
    this.queue = next.then(ignore, ignore);
    return next;
  }

  /** Resolves when every CSV file of the results returned so far is on disk. */
  async flush(): Promise<void> {
    await Promise.all(this.writes);
  }

  /** Keeps at most a few background CSV writes in flight, so a slow disk cannot pile them up. */
  private track(write: Promise<void>): void {
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write));
  }

  async close(): Promise<void> {
    await this.queue;
    await this.flush();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** The session connection, (re)opened when missing or lost. */
  private async connection(): Promise<pg.Client> {
    if (this.client && !this.lost) return this.client;
    if (this.client) {
      const where = describeTarget(this.target);
      this.reconnectNote = `reconnected to ${where.host}:${where.port}: the previous connection was lost (${this.lost}); its SET values, temp tables and open transaction are gone`;
    }
    this.client?.end().catch(() => undefined);
    this.client = undefined;
    const client = await connectClient(this.target, this.applicationName);
    // This connection's own backend, asked once, so results can say which pid is runbook's own (the
    // protocol's process id would be a pooler's, not the server's backend, behind PgBouncer).
    this.backendPid = await client.query('SELECT pg_backend_pid() AS pid').then(
      (r) => Number(r.rows[0]?.pid) || undefined,
      () => undefined,
    );
    this.lost = undefined;
    this.timeoutSet = undefined;
    this.readOnlySet = false;
    client.on('notice', (msg) => {
      const text = `${msg.severity ?? 'NOTICE'}: ${msg.message}`;
      this.notices?.list.push(text);
      this.notices?.emit?.({ type: 'data', stream: 'notice', text });
    });
    client.on('error', (error) => (this.lost ??= error.message));
    client.on('end', () => (this.lost ??= 'connection closed'));
    this.client = client;
    return client;
  }

  private async runOne(request: ExecRequest, options: RunOptions): Promise<ExecResult> {
    if (this.writes.size >= 32) await Promise.race(this.writes);
    const clock = startClock();
    if (options.signal?.aborted) return failure(request, clock, 'cancelled', { message: 'cancelled before it started' });
    let client: pg.Client;
    try {
      client = this.client && !this.lost ? this.client : await this.connection();
    } catch (error) {
      if (options.signal?.aborted) return failure(request, clock, 'cancelled', { message: 'cancelled while connecting' });
      // Each statement tries again: during an outage the server may come back between two statements.
      return failure(request, clock, 'failed', { message: (error as Error).message, unreachable: true });
    }
    // A cancel that came while connecting fired before the listener below existed: honour it here.
    if (options.signal?.aborted) return failure(request, clock, 'cancelled', { message: 'cancelled before it started' });
    const notices: string[] = [];
    if (this.reconnectNote) {
      notices.push(this.reconnectNote);
      options.onOutput?.({ type: 'data', stream: 'notice', text: this.reconnectNote });
      this.reconnectNote = undefined;
    }
    this.notices = { list: notices, emit: options.onOutput };
    const timeoutMs = request.timeoutMs > 0 ? request.timeoutMs : DEFAULT_TIMEOUT_MS;
    const socket = (client as unknown as { connection: { stream: Readable } }).connection.stream;
    const sink = new RowSink(request.outputDir, request.outputName, socket, (count) => options.onOutput?.({ type: 'rows', count }), request.csv === 'always');
    let ending: 'cancelled' | 'timed-out' | undefined;
    let wrapped = false;
    const pid = (client as unknown as { processID: number | null }).processID;
    let running = true;
    const stopping = (why: 'cancelled' | 'timed-out') => {
      if (ending) return;
      ending = why;
      sink.resume();
      void this.cancelBackend(pid);
      setTimeout(() => {
        // The server did not answer the cancel: drop the connection so the statement ends regardless.
        if (running) socket.destroy();
      }, CANCEL_GRACE_MS).unref();
    };
    const onAbort = () => stopping('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // Server-side statement_timeout does the work; this only catches a server that stopped answering.
    this.watchdog.watch(timeoutMs + 5000, () => stopping('timed-out'));
    let query: StatementQuery | undefined;
    let result: StatementResult | undefined;
    let error: unknown;
    let probe: ProbeScope | undefined;
    let lockBefore: string | undefined;
    try {
      if (request.probe) {
        // A look that leaves the session as it was (sql-scope.ts): its own settings are SET LOCAL.
        probe = await openProbe(client, timeoutMs, request.lockTimeoutMs ?? timeoutMs);
      } else {
        if (timeoutMs !== this.timeoutSet || Boolean(request.readOnly) !== this.readOnlySet) {
          await this.prepareSession(client, timeoutMs, Boolean(request.readOnly));
        }
        wrapped = Boolean(request.readOnly) && client.getTransactionStatus() === 'I' && !TX_CONTROL.test(request.text);
        if (wrapped) await client.query('BEGIN READ ONLY');
        if (request.lockTimeoutMs) lockBefore = await setLockTimeout(client, request.lockTimeoutMs);
      }
      query = new StatementQuery(request.text, sink);
      client.query(query as unknown as pg.QueryConfig);
      result = await query.promise;
    } catch (e) {
      error = e;
    } finally {
      running = false;
      this.watchdog.done();
      options.signal?.removeEventListener('abort', onAbort);
      this.notices = undefined;
    }
    if (probe && !this.lost) await closeProbe(client, probe).catch((e: unknown) => (error ??= e));
    if (wrapped && !this.lost) {
      await client.query(error ? 'ROLLBACK' : 'COMMIT').catch((e: unknown) => (error ??= e));
    }
    if (lockBefore !== undefined && !this.lost) await restoreLockTimeout(client, lockBefore).catch(() => undefined);
    try {
      const closing = sink.close((write) => this.track(write));
      if (closing) await closing;
    } catch (e) {
      error ??= e;
    }
    // The operator's own SET may have changed statement_timeout (or reset it): set ours again next time.
    if (result?.command === 'SET' || result?.command === 'RESET') this.timeoutSet = undefined;
    if (error) {
      const status = ending ?? ((error as { code?: string }).code === '57014' && !query?.copyRefused ? 'timed-out' : 'failed');
      const execError = sqlError(error, request);
      if (execError.code === '55P03' && request.lockTimeoutMs && !request.probe) {
        execError.hint ??= `runbook ran it with lock_timeout = ${request.lockTimeoutMs} ms so that it cannot queue silently behind other sessions' locks (and hold up every query behind it); the preview named the sessions holding conflicting locks`;
      }
      // The FATAL message of a terminated backend arrives before the socket closes; a socket that closed
      // without one was already marked lost by the client's 'error' event (pg emits it before it fails
      // the running query).
      if (/^(57P0[1-3]|08)/.test(execError.code ?? '')) this.lost ??= execError.message;
      if (this.lost) {
        const where = describeTarget(this.target);
        execError.message = `connection to ${where.host}:${where.port} lost (${execError.message}); session state (SET, temp tables, open transaction) is gone; the next statement reconnects`;
      }
      return failure(request, clock, status, execError, { notices, sink, backendPid: this.backendPid });
    }
    const fields = result!.fields;
    if (!fields.length) return finish(request, clock, result!, { notices, sink, backendPid: this.backendPid });
    const oids = fields.map((f) => f.dataTypeID);
    const names = this.types.known(oids) ?? (await this.types.resolve(client, oids));
    const columns = fields.map((f, i) => ({ name: f.name, type: names[i]! }));
    return finish(request, clock, result!, { notices, sink, columns, backendPid: this.backendPid });
  }

  /** SET only what changed since the last statement; skipped inside a failed transaction (ROLLBACK must run). */
  private async prepareSession(client: pg.Client, timeoutMs: number, readOnly: boolean): Promise<void> {
    if (client.getTransactionStatus() === 'E') return;
    if (timeoutMs !== this.timeoutSet) {
      await client.query(`SET statement_timeout = ${Math.round(timeoutMs)}`);
      this.timeoutSet = timeoutMs;
    }
    if (readOnly !== this.readOnlySet) {
      // Covers transactions the operator opens with BEGIN (those are not wrapped in BEGIN READ ONLY).
      await client.query(`SET default_transaction_read_only = ${readOnly ? 'on' : 'off'}`);
      this.readOnlySet = readOnly;
    }
  }

  /** A real cancel, sent from a second connection as pg_cancel_backend. */
  private async cancelBackend(pid: number | null): Promise<void> {
    if (!pid) return;
    try {
      const other = await connectClient(this.target);
      try {
        await other.query('SELECT pg_cancel_backend($1)', [pid]);
      } finally {
        await other.end().catch(() => undefined);
      }
    } catch {
      // The grace timer drops the connection instead.
    }
  }
}

function ignore(): void {}
